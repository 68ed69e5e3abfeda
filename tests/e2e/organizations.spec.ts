import type { Page } from '@playwright/test';
import {
  chooseOrganizationIfAsked,
  clerkSettled,
  createOrganizationInClerk,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  eventually,
  expect,
  fillSignUp,
  queryDb,
  ourSeriousA11yViolations,
  signOutBrowser,
  test,
} from './support/fixtures';

/**
 * Organizations and multi-tenancy in a real browser, in local mode: Clerk's own
 * organization components, the app's organization pages, and the API's
 * answers. Tests that change an organization use one they create; the demo
 * organizations (Acme, Globex) only gain projects and invitations.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** Creates an organization through Clerk's <OrganizationList> on /select-org; returns its slug once its page shows. */
async function createOrganization(page: Page, name: string): Promise<string> {
  await page.goto('/select-org');
  await expect(page.getByRole('heading', { level: 1, name: 'Choose an organization' })).toBeVisible();
  return createOrganizationInClerk(page, name);
}

/** Reloads until `check` passes: the organization's data reaches the database through Clerk's webhook, asynchronously. */
async function reloadUntil(page: Page, check: () => Promise<void>) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout: 20_000 });
}

async function createProjectViaApi(page: Page, name: string): Promise<string> {
  const response = await page.request.post('/api/projects', { data: { name, description: 'Made by the e2e suite' } });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { project: { id: string } }).project.id;
}

test.describe('organizations and multi-tenancy', () => {
  test(
    'creating an organization on /select-org lands on its dashboard, as its admin',
    { tag: '@production' },
    async ({ page, signInAs }) => {
      await signInAs('member');
      const name = `Initech ${unique()}`;
      const slug = await createOrganization(page, name);
      await reloadUntil(page, () => expect(page.getByRole('heading', { level: 1 })).toHaveText(name));
      await expect(page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' })).toBeVisible();
      await expect(page.getByText('No projects yet')).toBeVisible();
      await eventually(
        `select m.role from memberships m join organizations o on o.id = m.organization_id join users u on u.id = m.user_id
       where o.slug = $1 and u.email = 'member@acme.test' and m.deleted_at is null`,
        [slug],
        (rows) => rows[0]?.role === 'org:admin',
      );
    },
  );

  test('each role picker on the members page shows its member’s role, on a phone and a desktop', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    const expected: Record<string, string> = { 'Ada Admin': 'Admin', 'Max Manager': 'Member', 'Mia Member': 'Member' };
    for (const viewport of [
      { width: 390, height: 844 },
      { width: 1280, height: 800 },
    ]) {
      await page.setViewportSize(viewport);
      await page.goto('/org/acme/members');
      for (const [name, role] of Object.entries(expected)) {
        const picker = page.getByRole('combobox', { name: `Role of ${name}`, exact: true });
        await expect(picker.locator('option:checked')).toHaveText(role);
        // The picker is wide enough to show its text: it was a 40 px empty box when a percentage width collapsed in the table cell.
        const [boxWidth, textWidth] = await picker.evaluate((select: HTMLSelectElement) => {
          const probe = document.createElement('span');
          probe.style.font = getComputedStyle(select).font;
          probe.textContent = select.selectedOptions[0]?.text ?? '';
          document.body.append(probe);
          const width = probe.getBoundingClientRect().width;
          probe.remove();
          return [select.getBoundingClientRect().width, width];
        });
        expect(boxWidth, `${name}'s picker at ${viewport.width} px`).toBeGreaterThan(textWidth + 24);
      }
    }
  });

  test('an admin invites someone by email; they sign up, accept in the organization switcher and see the organization', async ({
    page,
    signInAs,
  }) => {
    const email = `invitee-${unique()}@example.test`;
    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/org/acme/members');
    await expect(page.getByRole('button', { name: 'Send invitation' })).toBeEnabled(); // hydrated: typing earlier could be reset

    await page.getByLabel('Email address').fill('not-an-email');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('main').getByText('Enter a valid email address.')).toBeVisible();

    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('org:member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
    await reloadUntil(page, () => expect(page.getByRole('table', { name: 'Pending invitations' })).toContainText(email));

    // The invitee signs up with the invited address (local mode's fixed verification code).
    await signOutBrowser(page);
    await page.goto('/sign-up');
    await fillSignUp(page, { firstName: 'Ivy', lastName: 'Invitee', email, password: 'a-long-local-password-1' });
    await expect(page).toHaveURL(/\/dashboard$/);

    await page.getByRole('button', { name: /open organization switcher/i }).click();
    const switcher = page.getByRole('dialog');
    await switcher
      .getByRole('button', { name: /^(join|accept)/i })
      .first()
      .click();
    await switcher.getByRole('button', { name: /Acme/ }).click();
    await expect(page).toHaveURL(/\/org\/acme$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme');
    await eventually(
      `select m.role from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
       where u.email = $1 and o.slug = 'acme' and m.deleted_at is null`,
      [email],
      (rows) => rows[0]?.role === 'org:member',
    );
    await eventually(`select status from invitations where email = $1`, [email], (rows) => rows[0]?.status === 'accepted');
  });

  test('an org:member sees projects but no controls to change them; settings and the API refuse', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    const projectName = `Member-proof ${unique()}`;
    const id = await createProjectViaApi(page, projectName);

    await signOutBrowser(page);
    await signInAs('member', { orgSlug: 'acme' });
    await page.goto('/org/acme');
    await expect(page.getByRole('table', { name: 'Projects of Acme' })).toContainText(projectName);
    await expect(page.getByRole('button', { name: `Delete ${projectName}` })).toHaveCount(0);
    await expect(page.getByRole('button', { name: `Edit ${projectName}` })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'New project' })).toHaveCount(0);
    await expect(page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Settings' })).toHaveCount(0);

    const denied = await page.request.delete(`/api/projects/${id}`);
    expect(denied.status()).toBe(403);
    expect(await denied.json()).toMatchObject({ error: 'forbidden' });
    expect(await queryDb('select id from projects where id = $1', [id])).toHaveLength(1);

    await page.goto('/org/acme/settings');
    await expect(page).toHaveURL(/\/unauthorized$/);
  });

  test(
    'an admin creates, edits and deletes a project in the UI, with toasts; the API agrees',
    { tag: '@production' },
    async ({ page, signInAs }) => {
      await signInAs('admin', { orgSlug: 'acme' });
      await page.goto('/org/acme');
      const name = `Rocket ${unique()}`;

      await page.getByRole('button', { name: 'New project' }).click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      await dialog.getByRole('button', { name: 'Create project' }).click();
      await expect(dialog.getByText('Enter a name.')).toBeVisible();
      await dialog.getByLabel('Name').fill(name);
      await dialog.getByLabel('Description').fill('Goes up');
      await dialog.getByRole('button', { name: 'Create project' }).click();
      await expect(page.getByText(`Created “${name}”.`)).toBeVisible();
      await expect(page.getByRole('table', { name: 'Projects of Acme' })).toContainText(name);

      await page.getByRole('button', { name: `Edit ${name}` }).click();
      const edit = page.getByRole('dialog', { name: 'Edit project' });
      await edit.getByLabel('Name').fill(`${name} II`);
      await edit.getByRole('button', { name: 'Save changes' }).click();
      await expect(page.getByText(`Saved “${name} II”.`)).toBeVisible();

      const listed = (await (await page.request.get('/api/projects')).json()) as { projects: Array<{ id: string; name: string }> };
      const project = listed.projects.find((candidate) => candidate.name === `${name} II`);
      expect(project).toBeDefined();

      await page.getByRole('button', { name: `Delete ${name} II` }).click();
      await page.getByRole('dialog', { name: 'Delete project?' }).getByRole('button', { name: 'Delete project' }).click();
      await expect(page.getByText(`Deleted “${name} II”.`)).toBeVisible();
      await expect(page.getByRole('button', { name: `Delete ${name} II` })).toHaveCount(0);
      expect((await page.request.get(`/api/projects/${project!.id}`)).status()).toBe(404);
      expect(await queryDb(`select action from audit_log where target_id = $1 order by id`, [project!.id])).toEqual([
        { action: 'project.created' },
        { action: 'project.updated' },
        { action: 'project.deleted' },
      ]);
    },
  );

  test('switching organizations shows only that organization’s projects, in the pages and the API', async ({ page, signInAs }) => {
    await signInAs('outsider', { orgSlug: 'globex' });
    const ownName = `Globex only ${unique()}`;
    await createProjectViaApi(page, ownName);
    const otherOrg = `Umbrella ${unique()}`;
    const otherSlug = await createOrganization(page, otherOrg);
    await eventually('select id from organizations where slug = $1', [otherSlug], (rows) => rows.length === 1);
    const otherName = `Umbrella only ${unique()}`;
    await createProjectViaApi(page, otherName);

    await page.goto('/org/globex');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Globex');
    await expect(page.getByRole('table', { name: /^Projects of/ })).toContainText(ownName);
    await expect(page.getByText(otherName)).toHaveCount(0);
    const globexApi = (await (await page.request.get('/api/projects')).json()) as { projects: Array<{ name: string }> };
    expect(globexApi.projects.map((project) => project.name)).toContain(ownName);
    expect(globexApi.projects.map((project) => project.name)).not.toContain(otherName);

    await page.goto(`/org/${otherSlug}`);
    await expect(page.getByRole('table', { name: /^Projects of/ })).toContainText(otherName);
    await expect(page.getByText(ownName)).toHaveCount(0);
    const otherApi = (await (await page.request.get('/api/projects')).json()) as { projects: Array<{ name: string }> };
    expect(otherApi.projects.map((project) => project.name)).toEqual([otherName]);

    // Two tabs on two organizations, one session: each tab's changes land in the organization it shows.
    const globexTab = await page.context().newPage();
    await globexTab.goto('/org/globex');
    await expect(globexTab.getByRole('heading', { level: 1 })).toHaveText('Globex');
    for (const [tab, slug] of [
      [page, otherSlug],
      [globexTab, 'globex'],
      [page, otherSlug],
    ] as const) {
      const name = `From the ${slug} tab ${unique()}`;
      await tab.getByRole('button', { name: 'New project' }).click();
      await tab.getByRole('dialog', { name: 'New project' }).getByLabel('Name').fill(name);
      await tab.getByRole('dialog', { name: 'New project' }).getByRole('button', { name: 'Create project' }).click();
      await expect(tab.getByText(`Created “${name}”.`)).toBeVisible();
      expect(
        await queryDb('select o.slug from projects p join organizations o on o.id = p.organization_id where p.name = $1', [name]),
      ).toEqual([{ slug }]);
    }
    await globexTab.close();

    // Not a member: the URL cannot make Acme active.
    await page.goto('/org/acme');
    await expect(page).toHaveURL(/\/select-org\?reason=not-a-member&slug=acme$/);
  });

  test(
    'a signed-out member follows a link to /org/<slug>/members, signs in, and lands on that page with that organization active',
    { tag: '@production' },
    async ({ page }) => {
      await page.goto('/org/acme/members');
      await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Forg%2Facme%2Fmembers$/);
      await page.getByLabel('Email address').fill(DEMO_ACCOUNTS.admin);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      // Membership required (the production profile): the task comes first, and keeps the return URL.
      await chooseOrganizationIfAsked(page, 'Acme');

      await expect(page).toHaveURL(/\/org\/acme\/members$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme');
      await expect(page.getByRole('combobox', { name: /^Role of/ }).first()).toBeVisible();
      const me = await page.request.get('/api/me');
      const [acme] = await queryDb<{ id: string }>('select id from organizations where slug = $1', ['acme']);
      expect(await me.json()).toMatchObject({ orgId: acme!.id, orgRole: 'org:admin' });
    },
  );

  test('a <Link> to an organization that is not active opens it, active; a non-member following one lands on /select-org', async ({
    page,
    signInAs,
  }) => {
    await signInAs('member');
    await page.goto('/dashboard');
    await page.getByRole('list', { name: 'Organizations' }).getByRole('link', { name: 'Acme' }).click();
    await expect(page).toHaveURL(/\/org\/acme$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme');

    await signOutBrowser(page);
    await signInAs('outsider', { orgSlug: 'globex' });
    await page.goto('/dashboard');
    // The same soft navigation a <Link> makes, to an organization they do not belong to.
    await page.evaluate(() => (window as unknown as { next: { router: { push(href: string): void } } }).next.router.push('/org/acme'));
    await expect(page).toHaveURL(/\/select-org\?reason=not-a-member&slug=acme$/);
  });

  test('without an active organization the API answers 403 no_active_organization', async ({ page, signInAs }) => {
    await signInAs('member');
    const response = await page.request.get('/api/projects');
    expect(response.status()).toBe(403);
    expect(await response.json()).toMatchObject({ error: 'no_active_organization', message: expect.stringMatching(/organization/i) });
    await page.goto('/org/acme');
    await expect(page).toHaveURL(/\/org\/acme$/);
  });

  test('settings: the only admin cannot step down; rename, change the slug, then delete with the typed name', async ({
    page,
    signInAs,
  }) => {
    await signInAs('manager');
    const name = `Hooli ${unique()}`;
    const slug = await createOrganization(page, name);
    await reloadUntil(page, () => expect(page.getByRole('heading', { level: 1 })).toHaveText(name));

    await page.goto(`/org/${slug}/members`);
    await reloadUntil(page, () => expect(page.getByRole('combobox', { name: /^Role of/ })).toHaveCount(1));
    await page.getByRole('combobox', { name: /^Role of/ }).selectOption('org:member');
    await page.getByRole('button', { name: /^Save role of/ }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The last admin cannot be demoted' })).toBeVisible();

    await page.goto(`/org/${slug}/settings`);
    const renamed = `${name} Labs`;
    await page.getByLabel('Organization name').fill(renamed);
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByText(`Renamed to ${renamed}.`)).toBeVisible();
    await reloadUntil(page, () => expect(page.getByRole('heading', { level: 1 })).toHaveText(renamed));

    await page.getByLabel('Slug').fill('No Caps');
    await page.getByRole('button', { name: 'Change slug' }).click();
    await expect(page.getByRole('main').getByText('Use lowercase letters, digits and single hyphens between them.')).toBeVisible();
    await page.getByLabel('Slug').fill('acme');
    await page.getByRole('button', { name: 'Change slug' }).click();
    await expect(page.getByRole('main').getByText('That slug is taken. Try another.')).toBeVisible();
    const newSlug = `${slug}-labs`;
    await page.getByLabel('Slug').fill(newSlug);
    await page.getByRole('button', { name: 'Change slug' }).click();
    await expect(page).toHaveURL(new RegExp(`/org/${newSlug}/settings$`));
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(renamed);

    const [organization] = await queryDb<{ id: string }>('select id from organizations where slug = $1', [newSlug]);
    expect(organization).toBeDefined();
    await page.getByRole('button', { name: 'Delete organization' }).click();
    const dialog = page.getByRole('dialog', { name: `Delete ${renamed}?` });
    const confirm = dialog.getByRole('button', { name: 'Delete this organization' });
    await dialog.getByLabel(`Type ${renamed} to confirm`).fill(name);
    await expect(confirm).toBeDisabled();
    await dialog.getByLabel(`Type ${renamed} to confirm`).fill(renamed);
    await confirm.click();
    await expect(page).toHaveURL(/\/select-org$/);
    await eventually('select deleted_at from organizations where id = $1', [organization!.id], (rows) => rows[0]?.deleted_at != null);
  });

  test('organization pages have no serious accessibility violations and fit a phone screen', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    await page.setViewportSize({ width: 390, height: 844 });
    for (const path of ['/org/acme', '/org/acme/members', '/org/acme/settings', '/select-org']) {
      await page.goto(path);
      await clerkSettled(page);
      expect(await ourSeriousA11yViolations(page), path).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), `${path} scrolls sideways`).toBe(true);
    }
  });
});

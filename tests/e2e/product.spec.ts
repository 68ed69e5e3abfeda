import fs from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { ACTION_LIMITS } from '../../lib/actions/limits';
import {
  clerkSettled,
  createOrganizationInClerk,
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  eventually,
  expect,
  fillSignUp,
  queryDb,
  signOutBrowser,
  test,
} from './support/fixtures';

/**
 * What a new user, a visitor and a crawler meet: onboarding, the signed-in
 * home, the bugs found walking every page (each test failed before its fix),
 * metadata routes, and every signed-in page at phone width.
 */

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const PHONE = { width: 390, height: 844 };

/**
 * Every page of the signed-in group, from the source (a new page joins the
 * phone-width sweep by existing), at Acme's URLs, plus /unauthorized, where
 * refused signed-in users land.
 */
function signedInPages(): string[] {
  const group = path.resolve('app/(app)/(signed-in)');
  const pages = fs
    .readdirSync(group, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'page.tsx')
    .map((file) =>
      `/${path.dirname(file)}`
        .split(path.sep)
        .join('/')
        .replace(/\/\(\w[\w-]*\)/g, '')
        .replace('[slug]', 'acme')
        .replace(/\/\[\[\.\.\.[\w-]+\]\]/, ''),
    );
  return [...pages.sort(), '/unauthorized'];
}

/**
 * Invites as the signed-in admin. Several tests here invite within a minute, more than the
 * invitation limit allows one user (ACTION_LIMITS, 5 a minute): a refusal is waited out for
 * the seconds it names, as a user would, then the invitation is sent again.
 */
async function inviteToAcme(page: Page, email: string) {
  const sent = page.getByText(`Invitation sent to ${email}.`);
  const limited = page.getByRole('alert').filter({ hasText: /Too many attempts\. Try again in \d+ s\./ });
  // Bounded: the limit's window is a minute, so within a little more than one window a slot frees.
  const deadline = Date.now() + (ACTION_LIMITS.invitations.windowMs * 3) / 2;
  for (;;) {
    await page.goto('/org/acme/members');
    // Enabled once hydrated: typing before then could be reset by hydration, sending an empty address.
    await expect(page.getByRole('button', { name: 'Send invitation' })).toBeEnabled();
    await page.getByLabel('Email address').fill(email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(sent.or(limited)).toBeVisible();
    if (await sent.isVisible()) return;
    expect(Date.now(), 'still rate limited after one window and a half').toBeLessThan(deadline);
    // No page condition marks the end of a server-side window: wait the seconds the server named.
    const seconds = Number(/in (\d+) s/.exec((await limited.textContent()) ?? '')?.[1] ?? 1);
    await page.waitForTimeout((seconds + 1) * 1000);
  }
}

async function signUp(page: Page, email: string, firstName: string) {
  await page.goto('/sign-up');
  await fillSignUp(page, { firstName, lastName: 'Newcomer', email, password: 'a-long-local-password-1' });
}

test.describe('onboarding', () => {
  test('a new user with a pending invitation reaches the organization in two clicks after the code', async ({ page, signInAs }) => {
    const email = `onboard-${unique()}@example.test`;
    await signInAs('admin', { orgSlug: 'acme' });
    await inviteToAcme(page, email);
    await signOutBrowser(page);

    await signUp(page, email, 'Olga');
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { name: 'Get started: join or create an organization' })).toBeVisible();
    // One click after the code: accepting opens the organization.
    await page.getByRole('main').getByRole('button', { name: 'Accept the invitation to Acme' }).click();
    await expect(page).toHaveURL(/\/org\/acme$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme');
    await eventually(`select status from invitations where email = $1`, [email], (rows) => rows[0]?.status === 'accepted');
  });

  test('a new user declines a pending invitation on the onboarding screen: it is revoked and can no longer be accepted', async ({
    page,
    signInAs,
  }) => {
    const email = `decline-${unique()}@example.test`;
    await signInAs('admin', { orgSlug: 'acme' });
    await inviteToAcme(page, email);
    await signOutBrowser(page);

    await signUp(page, email, 'Dina');
    await expect(page).toHaveURL(/\/dashboard$/);
    const main = page.getByRole('main');
    await main.getByRole('button', { name: 'Decline the invitation to Acme' }).click();
    await expect(page.getByText('Declined the invitation to Acme.')).toBeVisible();
    await expect(main.getByRole('list', { name: 'Invitations' })).toHaveCount(0);
    await eventually(`select status from invitations where email = $1`, [email], (rows) => rows[0]?.status === 'revoked');

    // Clerk no longer offers it: not after a reload, and accepting it as clerk-js would is refused.
    await page.reload();
    await expect(main.getByRole('button', { name: /create organization/i })).toBeVisible();
    await expect(main.getByText('Looking for invitations…')).toHaveCount(0);
    await expect(main.getByRole('button', { name: 'Accept the invitation to Acme' })).toHaveCount(0);
    const [invitation] = await queryDb<{ id: string }>(`select id from invitations where email = $1`, [email]);
    const accept = await page.request.post(`/clerk-fapi/v1/me/organization_invitations/${invitation!.id}/accept`);
    expect(accept.status()).toBe(400);
    expect(((await accept.json()) as { errors: Array<{ code: string }> }).errors[0]?.code).toBe('organization_invitation_not_pending');
    await page.goto('/org/acme');
    await expect(page).toHaveURL(/\/select-org\?reason=not-a-member&slug=acme$/);
  });

  test('on a phone, accepting an invitation on /select-org opens the organization', async ({ page, signInAs }) => {
    const email = `phone-${unique()}@example.test`;
    await signInAs('admin', { orgSlug: 'acme' });
    await inviteToAcme(page, email);
    await signOutBrowser(page);

    await page.setViewportSize(PHONE);
    await signUp(page, email, 'Pia');
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/select-org');
    const main = page.getByRole('main');
    await expect(main.getByRole('button', { name: 'Decline the invitation to Acme' })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await main.getByRole('button', { name: 'Accept the invitation to Acme' }).click();
    await expect(page).toHaveURL(/\/org\/acme$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Acme');
  });

  test('a new user without invitations is offered to create an organization, and lands in it', async ({ page }) => {
    await signUp(page, `solo-${unique()}@example.test`, 'Sol');
    await expect(page).toHaveURL(/\/dashboard$/);
    const main = page.getByRole('main');
    await expect(main.getByText('Accept an invitation someone sent to your email address, or create your own.')).toBeVisible();
    const name = `Solo ${unique()}`;
    await createOrganizationInClerk(page, name);
  });

  test('/select-org says why: not a member of that organization (or it does not exist)', async ({ page, signInAs }) => {
    await signInAs('outsider', { orgSlug: 'globex' });
    await page.goto('/org/acme');
    await expect(page).toHaveURL(/\/select-org\?reason=not-a-member&slug=acme$/);
    await expect(page.getByRole('status')).toHaveText('You are not a member of the organization “acme”, or it does not exist.');
    await page.goto('/org/no-such-organization/members');
    await expect(page.getByRole('status')).toContainText('“no-such-organization”');
  });

  test('accepting an invitation in the switcher on /select-org updates the page, which then opens the organization', async ({
    page,
    signInAs,
  }) => {
    const email = `switcher-${unique()}@example.test`;
    await signInAs('admin', { orgSlug: 'acme' });
    await inviteToAcme(page, email);
    await signOutBrowser(page);
    await signUp(page, email, 'Sami');
    await expect(page).toHaveURL(/\/dashboard$/);

    await page.goto('/select-org');
    const main = page.getByRole('main');
    await expect(main.getByRole('button', { name: 'Accept the invitation to Acme' })).toBeVisible();
    await page.getByRole('button', { name: /open organization switcher/i }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^(join|accept)/i })
      .first()
      .click();
    await page.keyboard.press('Escape');
    // The page follows: Acme is now one of the user's organizations, not an invitation.
    await expect(main.getByRole('button', { name: 'Accept the invitation to Acme' })).toHaveCount(0);
    await main.getByRole('list', { name: 'Your organizations' }).getByRole('link', { name: 'Acme' }).click();
    await expect(page).toHaveURL(/\/org\/acme$/);
  });
});

test.describe('the signed-in home', () => {
  test("shows the active organization's projects, recent activity (who, what, when) and next steps for the role", async ({
    page,
    signInAs,
  }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    const name = `Home ${unique()}`;
    const created = await page.request.post('/api/projects', { data: { name, description: 'For the dashboard' } });
    expect(created.status()).toBe(201);

    await page.goto('/dashboard');
    await expect(page.getByRole('list', { name: 'Projects of Acme' })).toContainText(name);
    const activity = page.getByRole('list', { name: 'Recent activity' });
    await expect(activity.getByRole('listitem').first()).toContainText(`Ada Admin created the project “${name}”`);
    const steps = page.getByRole('list', { name: 'Next steps' });
    await expect(steps.getByRole('link', { name: 'Invite a teammate' })).toHaveAttribute('href', '/org/acme/members');
    await expect(steps.getByRole('link', { name: "Change users' app roles" })).toHaveAttribute('href', '/admin');

    await signOutBrowser(page);
    await signInAs('member', { orgSlug: 'acme' });
    await page.goto('/dashboard');
    await expect(page.getByRole('list', { name: 'Projects of Acme' })).toContainText(name);
    const memberSteps = page.getByRole('list', { name: 'Next steps' });
    await expect(memberSteps.getByRole('link', { name: 'Browse the projects' })).toBeVisible();
    await expect(memberSteps.getByRole('link', { name: 'Invite a teammate' })).toHaveCount(0);
  });

  test('a new organization shows empty states that say what to do', async ({ page, signInAs }) => {
    await signInAs('outsider', { orgSlug: 'globex' });
    // Globex's projects come and go with other tests: a fresh organization is the empty one.
    await page.goto('/select-org');
    await createOrganizationInClerk(page, `Empty ${unique()}`);
    await page.goto('/dashboard');
    await expect(page.getByText('No projects yet')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Create the first one' })).toBeVisible();
    await expect(page.getByText('Nothing has happened yet')).toBeVisible();
  });

  test('a manager of the app who is org:member sees the app role that decides in organization lists', async ({ page, signInAs }) => {
    await signInAs('manager', { orgSlug: 'acme' });
    await page.goto('/dashboard');
    const acme = page.getByRole('list', { name: 'Organizations' }).getByRole('listitem').filter({ hasText: 'Acme' });
    await expect(acme).toContainText('Member');
    await expect(acme).toContainText('manager (app role)');
    await page.goto('/org/acme');
    await expect(page.getByText('manager (app role)')).toBeVisible();
  });
});

test.describe('bugs found walking every page', () => {
  test('/unauthorized keeps the header and user menu; "Switch account" signs out and opens sign-in', async ({ page, signInAs }) => {
    await signInAs('member');
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/unauthorized$/);
    await expect(page.getByRole('navigation', { name: 'App' })).toBeVisible();
    await expect(page.getByRole('button', { name: /open user menu/i })).toBeVisible();
    await page.getByRole('button', { name: 'Switch account' }).click();
    await expect(page).toHaveURL(/\/sign-in/);
    await page.getByLabel('Email address').fill(DEMO_ACCOUNTS.admin);
    await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Ada!');
  });

  test('/?sign-in=true opens the sign-in modal on the landing page, which loads Clerk only then', async ({ page }) => {
    const clerkScripts: string[] = [];
    page.on('request', (request) => request.url().includes('/clerk-fapi/npm/') && clerkScripts.push(request.url()));
    await page.goto('/');
    await expect(page.getByRole('link', { name: 'Get started' })).toBeVisible();
    expect(clerkScripts).toEqual([]);

    await page.goto('/?sign-in=true');
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.getByLabel('Email address').fill(DEMO_ACCOUNTS.member);
    await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('link', { name: 'Open dashboard' }).first()).toBeVisible();
    expect(clerkScripts.length).toBeGreaterThan(0);
  });

  test('renaming the organization renames it in the switcher too, without a reload', async ({ page, signInAs }) => {
    await signInAs('outsider', { orgSlug: 'globex' });
    await page.goto('/select-org');
    const name = `Renamable ${unique()}`;
    const slug = await createOrganizationInClerk(page, name);
    await eventually('select id from organizations where slug = $1', [slug], (rows) => rows.length === 1);

    await page.goto(`/org/${slug}/settings`);
    const switcher = page.getByRole('button', { name: /open organization switcher/i });
    await expect(switcher).toContainText(name);
    const renamed = `${name} II`;
    await page.getByLabel('Organization name').fill(renamed);
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByText(`Renamed to ${renamed}.`)).toBeVisible();
    await expect(switcher).toContainText(renamed);
  });

  test('toasts appear away from the organization switcher and the user menu', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    const email = `toast-${unique()}@example.test`;
    await inviteToAcme(page, email);
    const toast = page.getByText(`Invitation sent to ${email}.`);
    const [toastBox, controlsBox] = [await toast.boundingBox(), await page.getByTestId('header-controls').boundingBox()];
    expect(toastBox!.y).toBeGreaterThan(controlsBox!.y + controlsBox!.height);
  });

  test('the header controls hold their place while clerk-js loads (nothing jumps)', async ({ page, signInAs }) => {
    await signInAs('member');
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/clerk-fapi/npm/**', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto('/dashboard', { waitUntil: 'domcontentloaded' });
    const toggle = page.getByRole('button', { name: 'Toggle dark mode' });
    await expect(toggle).toBeVisible();
    const before = await toggle.boundingBox();
    await expect(page.getByTestId('header-controls').locator('[aria-hidden].animate-pulse')).toHaveCount(2);
    release();
    await expect(page.getByRole('button', { name: /open user menu/i })).toBeVisible();
    const after = await toggle.boundingBox();
    expect(after!.x).toBe(before!.x);
    expect(after!.y).toBe(before!.y);
  });

  test('the invite form tells the truth about email in local mode', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/org/acme/members');
    await expect(page.getByText('They get an email from Clerk')).toHaveCount(0);
    await expect(page.getByText(/Local mode sends no email/)).toBeVisible();
  });

  test('a member role changes on Save, as app roles do on /admin', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    const email = `role-${unique()}@example.test`;
    await inviteToAcme(page, email);
    await signOutBrowser(page);
    await signUp(page, email, 'Rolf');
    await page.getByRole('main').getByRole('button', { name: 'Accept the invitation to Acme' }).click();
    await expect(page).toHaveURL(/\/org\/acme$/);
    await eventually(
      `select m.role from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
       where u.email = $1 and o.slug = 'acme' and m.deleted_at is null`,
      [email],
      (rows) => rows[0]?.role === 'org:member',
    );

    await signOutBrowser(page);
    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/org/acme/members');
    const select = page.getByLabel('Role of Rolf Newcomer', { exact: true });
    await select.selectOption('org:admin');
    // Picking is not saving: the Save button is offered, and nothing has been sent.
    await expect(page.getByRole('button', { name: 'Save role of Rolf Newcomer' })).toBeEnabled();
    expect(
      await queryDb(
        `select m.role from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id where u.email = $1 and o.slug = 'acme'`,
        [email],
      ),
    ).toEqual([{ role: 'org:member' }]);
    await page.getByRole('button', { name: 'Save role of Rolf Newcomer' }).click();
    await expect(page.getByText('Rolf Newcomer is now admin.')).toBeVisible();
    await eventually(
      `select m.role from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id where u.email = $1 and o.slug = 'acme'`,
      [email],
      (rows) => rows[0]?.role === 'org:admin',
    );
  });
});

test.describe('what a visitor and a crawler expect', () => {
  test('icons, manifest, robots.txt and a sitemap of the public pages are public', async ({ request, baseURL }) => {
    for (const [path, type] of [
      ['/favicon.ico', /^image\//],
      ['/icon.svg', /^image\/svg\+xml/],
      ['/apple-icon', /^image\/png/],
      ['/opengraph-image', /^image\/png/],
      ['/twitter-image', /^image\/png/],
      ['/manifest.webmanifest', /json/],
      ['/robots.txt', /^text\/plain/],
      ['/sitemap.xml', /xml/],
    ] as const) {
      const response = await request.get(path, { maxRedirects: 0 });
      expect(response.status(), path).toBe(200);
      expect(response.headers()['content-type'], path).toMatch(type);
    }
    expect(await (await request.get('/robots.txt')).text()).toContain(`Sitemap: ${baseURL}/sitemap.xml`);
    const sitemap = await (await request.get('/sitemap.xml')).text();
    for (const path of ['/', '/sign-in', '/sign-up']) expect(sitemap).toContain(`<loc>${baseURL}${path}</loc>`);
    expect(sitemap).not.toContain('/dashboard');
    const manifest = (await (await request.get('/manifest.webmanifest')).json()) as { name: string; icons: unknown[] };
    expect(manifest.name).toBe('Clerk SaaS Starter');
    expect(manifest.icons.length).toBeGreaterThan(0);
  });

  test('pages carry a title from the template, a description and Open Graph/Twitter tags with an image', async ({ page }) => {
    for (const [path, title] of [
      ['/', 'Clerk SaaS Starter'],
      ['/unauthorized', 'Not allowed · Clerk SaaS Starter'],
    ] as const) {
      await page.goto(path);
      await expect(page).toHaveTitle(title);
      const meta = (selector: string) => page.locator(selector).first().getAttribute('content');
      expect(await meta('meta[name="description"]'), path).toContain('SaaS starter');
      expect(await meta('meta[property="og:title"]'), path).toBe('Clerk SaaS Starter');
      expect(await meta('meta[property="og:image"]'), path).toMatch(/\/opengraph-image/);
      expect(await meta('meta[name="twitter:card"]'), path).toBe('summary_large_image');
      expect(await meta('meta[name="twitter:image"]'), path).toMatch(/\/twitter-image/);
      const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
      expect(icon, path).toBeTruthy();
      expect((await page.request.get(icon!)).status(), `${path} icon`).toBe(200);
    }
  });
});

test.describe('phone width (390 px)', () => {
  test('every signed-in page fits the screen: no sideways scroll', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    await page.setViewportSize(PHONE);
    const pages = signedInPages();
    expect(pages).toEqual(
      expect.arrayContaining([
        '/dashboard',
        '/admin',
        '/org/acme',
        '/org/acme/members',
        '/org/acme/settings',
        '/select-org',
        '/user-profile',
        '/unauthorized',
      ]),
    );
    for (const url of pages) {
      await page.goto(url);
      await clerkSettled(page);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${url} is ${width} px wide`).toBeLessThanOrEqual(PHONE.width);
    }
  });

  test('the members table shows whole names and emails; the landing logo stays on one line', async ({ page, signInAs }) => {
    await page.setViewportSize(PHONE);
    await page.goto('/');
    const logo = page.getByRole('link', { name: 'Clerk SaaS Starter' }).first();
    expect((await logo.boundingBox())!.height).toBeLessThan(40);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/org/acme/members');
    const cells = page.getByRole('table', { name: 'Members of Acme' }).locator('tbody td:first-child p');
    await expect(cells.first()).toBeVisible();
    const clipped = await cells.evaluateAll((nodes) =>
      nodes.filter((node) => node.scrollWidth > node.clientWidth).map((node) => node.textContent),
    );
    expect(clipped).toEqual([]);
    await expect(page.getByRole('table', { name: 'Members of Acme' })).toContainText(DEMO_ACCOUNTS.manager);
  });
});

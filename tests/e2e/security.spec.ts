import { ACTION_LIMITS } from '../../lib/actions/limits';
import { DEMO_ACCOUNTS, eventually, expect, queryDb, signOutBrowser, test, watchContext } from './support/fixtures';

/** The policy as the browser sees it: directive name -> its sources. */
const parseCsp = (header: string) =>
  new Map(
    header
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...values]) => [name!, values]),
  );

const nonceOf = (csp: string) => /'nonce-([^']+)'/.exec(csp)?.[1];

test.describe('security headers and Content-Security-Policy', () => {
  for (const path of ['/', '/sign-in', '/dashboard']) {
    test(`${path}: a strict CSP with a fresh nonce on every response, and the other security headers`, async ({
      request,
      page,
      signInAs,
    }) => {
      if (path === '/dashboard') await signInAs('member');
      const get = async () =>
        path === '/dashboard' ? page.request.get(path, { maxRedirects: 0 }) : request.get(path, { maxRedirects: 0 });
      const [first, second] = [await get(), await get()];
      expect(first.status()).toBe(200);
      const csp = first.headers()['content-security-policy']!;
      const directives = parseCsp(csp);
      expect(directives.get('script-src')).toEqual(expect.arrayContaining(["'strict-dynamic'", `'nonce-${nonceOf(csp)}'`]));
      expect(csp).not.toContain('unsafe-eval');
      expect(directives.get('object-src')).toEqual(["'none'"]);
      expect(directives.get('base-uri')).toEqual(["'self'"]);
      expect(directives.get('form-action')).toEqual(["'self'"]);
      expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
      expect(directives.get('default-src')).toEqual(["'self'"]);
      // A fresh nonce each response, and it is the one on every script of the page.
      expect(nonceOf(second.headers()['content-security-policy']!)).not.toBe(nonceOf(csp));
      const scripts = [...(await first.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonceOf(csp)}"`);

      const headers = first.headers();
      expect(headers['strict-transport-security']).toBe('max-age=63072000; includeSubDomains');
      expect(headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(headers['cross-origin-resource-policy']).toBe('same-origin');
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    });
  }

  test('the not-found page gets the policy and its scripts run under it', async ({ page, signInAs }) => {
    await signInAs('member');
    const response = await page.goto('/no-such-page-at-all');
    expect(response?.status()).toBe(404);
    expect(response?.headers()['content-security-policy']).toContain("'strict-dynamic'");
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });

  test('the guard fails a test when the page violates the policy', async ({ browser, baseURL }) => {
    const context = await browser.newContext({ baseURL });
    try {
      const watch = await watchContext(context);
      const page = await context.newPage();
      await page.goto('/');
      expect(() => watch.assertClean()).not.toThrow();
      // Injected markup with an inline handler (no nonce can cover it): the browser must refuse it, report it, and the guard must see it.
      const report = page.waitForResponse((response) => response.url().endsWith('/api/csp-report'));
      await page.evaluate(() => {
        document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__injected = true">');
      });
      await expect
        .poll(() => {
          try {
            watch.assertClean();
            return 'clean';
          } catch (error) {
            return String(error);
          }
        })
        .toContain('Content-Security-Policy violations');
      expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
      expect((await report).status()).toBe(204);
    } finally {
      await context.close();
    }
  });

  test('the CSP report endpoint is public, accepts both report formats and refuses anything else', async ({ request }) => {
    const legacy = await request.post('/api/csp-report', {
      headers: { 'content-type': 'application/csp-report' },
      data: JSON.stringify({
        'csp-report': { 'document-uri': 'http://localhost/', 'effective-directive': 'script-src-elem', 'blocked-uri': 'inline' },
      }),
    });
    expect(legacy.status()).toBe(204);
    const reportingApi = await request.post('/api/csp-report', {
      headers: { 'content-type': 'application/reports+json' },
      data: JSON.stringify([
        {
          type: 'csp-violation',
          age: 0,
          url: 'http://localhost/',
          body: { documentURL: 'http://localhost/', effectiveDirective: 'img-src', blockedURL: 'https://x.test/a.png' },
        },
      ]),
    });
    expect(reportingApi.status()).toBe(204);
    expect((await request.post('/api/csp-report', { headers: { 'content-type': 'text/plain' }, data: 'hi' })).status()).toBe(415);
    expect(
      (await request.post('/api/csp-report', { headers: { 'content-type': 'application/csp-report' }, data: 'x'.repeat(70_000) })).status(),
    ).toBe(413);
  });
});

test.describe("Clerk's components work under the policy", () => {
  test('the organization profile opens from <OrganizationSwitcher> and lists the members', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/org/acme');
    await page.getByRole('button', { name: /open organization switcher/i }).click();
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /manage/i })
      .click();
    const profile = page.locator('.cl-organizationProfile-root');
    await expect(profile).toBeVisible();
    await profile
      .getByRole('button', { name: /members/i })
      .first()
      .click();
    await expect(profile).toContainText(DEMO_ACCOUNTS.member);
  });

  test('<UserButton> opens its menu', async ({ page, signInAs }) => {
    await signInAs('member');
    await page.goto('/dashboard');
    await page.getByRole('button', { name: /open user menu/i }).click();
    await expect(page.getByRole('dialog', { name: 'Account panel' })).toContainText(DEMO_ACCOUNTS.member);
  });
});

test.describe('server actions are rate limited', () => {
  test('one invitation too many is refused with a toast, and nothing is sent', async ({ page, signInAs }) => {
    // Globex's admin: no other spec sends invitations as this user, so the count starts at zero.
    await signInAs('outsider', { orgSlug: 'globex' });
    await page.goto('/org/globex/members');
    await expect(page.getByRole('button', { name: 'Send invitation' })).toBeEnabled(); // hydrated: typing earlier could be reset
    const run = Date.now().toString(36);
    for (let i = 0; i < ACTION_LIMITS.invitations.max; i++) {
      await page.getByLabel('Email address').fill(`limit-${run}-${i}@example.test`);
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await expect(page.getByText(`Invitation sent to limit-${run}-${i}@example.test.`)).toBeVisible();
    }
    await page.getByLabel('Email address').fill(`limit-${run}-over@example.test`);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByRole('region', { name: /Notifications/ }).getByText(/Too many attempts\. Try again in \d+ s\./)).toBeVisible();
    // The ones within the limit reach the database (through Clerk's webhook); the refused one never does.
    await eventually(
      'select email from invitations where email like $1',
      [`limit-${run}-%`],
      (rows) => rows.length === ACTION_LIMITS.invitations.max,
    );
    expect(await queryDb('select 1 from invitations where email = $1', [`limit-${run}-over@example.test`])).toEqual([]);
  });
});

test.describe('what the dashboard shows of an invitation follows the matrix', () => {
  test("a member's dashboard says someone was invited, never who: not in the HTML, not in the RSC payload", async ({ page, signInAs }) => {
    const invitee = `invitee-${Date.now()}@partner.test`;
    const [row] = await queryDb<{ org: string; admin: string }>(
      `select o.id as org, u.id as admin from organizations o, users u where o.slug = 'acme' and u.email = $1`,
      [DEMO_ACCOUNTS.admin],
    );
    // The row inviteMember() writes: the admin invited someone to Acme.
    await queryDb(
      `insert into audit_log (actor_id, organization_id, action, target_type, target_id, metadata) values ($1, $2, 'invitation.created', 'invitation', $3, $4)`,
      [row!.admin, row!.org, `orginv_probe_${Date.now()}`, JSON.stringify({ email: invitee, role: 'org:member' })],
    );
    const payloads = async () => {
      const html = await (await page.request.get('/dashboard')).text();
      const rsc = await (await page.request.get('/dashboard', { headers: { RSC: '1' } })).text();
      return { html, rsc };
    };

    await signInAs('admin', { orgSlug: 'acme' });
    const admins = await payloads();
    expect(admins.html).toContain(invitee);
    expect(admins.rsc).toContain(invitee);

    await signOutBrowser(page);
    await signInAs('member', { orgSlug: 'acme' });
    await page.goto('/dashboard');
    await expect(page.getByRole('list', { name: 'Recent activity' })).toContainText('invited someone');
    const members = await payloads();
    expect(members.html).toContain('invited someone');
    expect(members.html).not.toContain(invitee);
    expect(members.rsc).not.toContain(invitee);
  });
});

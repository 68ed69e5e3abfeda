/**
 * Access control end to end (local mode, real browser): the middleware's
 * redirects, the admin dashboard and role changes, API status codes, the rate
 * limiter, Bearer authentication, and agreement between the controls a page
 * shows and what the API allows.
 *
 * Contracts with other parts of the app: `POST /api/projects` -> 201 `{ project: { id } }`,
 * `PATCH /api/projects/:id` (update), `DELETE /api/projects/:id` (delete) on the
 * session's active organization; /org/:slug lists projects with "Edit <name>" /
 * "Delete <name>" buttons and a "New project" button for the roles that may.
 */
import { randomBytes } from 'node:crypto';
import type { APIRequestContext, APIResponse, Page } from '@playwright/test';
import {
  clerkSettled,
  DEMO_ACCOUNTS,
  type DemoAccount,
  eventually,
  expect,
  ourSeriousA11yViolations,
  queryDb,
  signOutBrowser,
  test,
} from './support/fixtures';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * An API call that waits out a 429 (at most twice): other tests here share the
 * demo users' rate-limit keys. The rate limiter's own test does not use this.
 */
async function api(request: APIRequestContext, method: Method, path: string, data?: unknown): Promise<APIResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await request.fetch(path, { method, data, maxRedirects: 0 });
    if (response.status() !== 429 || attempt === 2) return response;
    await new Promise((resolve) => setTimeout(resolve, Number(response.headers()['retry-after'] ?? 1) * 1000));
  }
}

/** A signed-out caller with its own client address (as the trusted proxy the specs play reports it), so it owns its rate-limit key. */
const freshAddress = () => `2001:db8::${randomBytes(2).toString('hex')}:${randomBytes(2).toString('hex')}`;

async function userId(account: DemoAccount): Promise<string> {
  await eventually('select id from users where email = $1 and deleted_at is null', [DEMO_ACCOUNTS[account]], (rows) => rows.length === 1);
  const [row] = await queryDb<{ id: string }>('select id from users where email = $1', [DEMO_ACCOUNTS[account]]);
  return row!.id;
}

type SignInAs = (account: DemoAccount, options?: { orgSlug?: string }) => Promise<void>;

/**
 * Signs the page in as another user (cookies replaced, as after signing out and
 * in again). The page leaves the app first: a clerk-js still running there would
 * keep refreshing the previous session's cookies.
 */
async function switchUser(page: Page, signInAs: SignInAs, account: DemoAccount, orgSlug?: string) {
  await signOutBrowser(page);
  await signInAs(account, { orgSlug });
}

/** The admin dashboard's row of a user, and its Role column (Name, Email, Role, Change role). */
const userRow = (page: Page, email: string) => page.getByRole('row').filter({ has: page.getByRole('cell', { name: email, exact: true }) });
const roleCell = (page: Page, email: string) => userRow(page, email).getByRole('cell').nth(2);

const setRole = (request: APIRequestContext, id: string, role: unknown) => api(request, 'PATCH', `/api/admin/users/${id}/role`, { role });

test.describe('middleware: who may enter which page', () => {
  for (const account of ['member', 'manager'] as const) {
    test(`a ${account} opening /admin lands on /unauthorized`, async ({ page, signInAs }) => {
      await signInAs(account);
      await page.goto('/admin');
      await expect(page).toHaveURL(/\/unauthorized$/);
      await expect(page.getByRole('heading', { name: "You don't have access to that page" })).toBeVisible();
    });
  }

  test('signed out, /admin asks to sign in and comes back', async ({ page }) => {
    await page.goto('/admin?q=acme');
    await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fadmin%3Fq%3Dacme$/);
  });

  test('an org member opening the organization settings lands on /unauthorized', async ({ page, signInAs }) => {
    await signInAs('member', { orgSlug: 'acme' });
    await page.goto('/org/acme/settings');
    await expect(page).toHaveURL(/\/unauthorized$/);
  });

  test('an organization the user does not belong to goes to /select-org', async ({ page, signInAs }) => {
    await signInAs('outsider', { orgSlug: 'globex' });
    await page.goto('/org/acme');
    await expect(page).toHaveURL(/\/select-org/);
  });
});

test.describe('admin dashboard', () => {
  test('lists users from the database with their roles, searchable, and has no serious a11y violations', async ({ page, signInAs }) => {
    await userId('manager'); // the webhook has delivered the demo users
    await signInAs('admin');
    await page.goto('/admin?q=acme.test');
    await expect(roleCell(page, 'admin@acme.test')).toHaveText('admin');
    await expect(roleCell(page, 'manager@acme.test')).toHaveText('manager');
    await expect(roleCell(page, 'member@acme.test')).toHaveText('member');
    await expect(page.getByRole('row').filter({ hasText: 'outsider@globex.test' })).toHaveCount(0);

    await page.getByLabel('Search users').fill('Max Manager');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/\/admin\?q=Max\+Manager$/);
    await expect(page.getByRole('table', { name: 'Users and their app roles' }).getByRole('row')).toHaveCount(2); // header + Max
    // Checked once Clerk's components have rendered: before, the check passed or failed on when clerk-js loaded.
    await clerkSettled(page);
    expect(await ourSeriousA11yViolations(page)).toEqual([]);
  });

  test('refuses to demote the last admin, and says why', async ({ page, signInAs }) => {
    await signInAs('admin');
    await page.goto('/admin?q=admin@acme.test');
    await page.getByLabel('Role of Ada Admin', { exact: true }).selectOption('member');
    await page.getByRole('button', { name: 'Save role of Ada Admin' }).click();
    await expect(userRow(page, 'admin@acme.test').getByRole('alert')).toContainText('last admin');
    const [row] = await queryDb<{ role: string }>('select role from users where email = $1', [DEMO_ACCOUNTS.admin]);
    expect(row!.role).toBe('admin');
  });

  test('"Who am I (API)" calls /api/me with a Bearer token from useAuth().getToken()', async ({ page, signInAs }) => {
    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/admin');
    const call = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/me');
    await page.getByRole('button', { name: 'Call GET /api/me' }).click();
    const headers = await (await call).allHeaders();
    expect(headers.authorization).toMatch(/^Bearer ey/);
    expect(headers.cookie).toBeUndefined();

    const identity = page.getByRole('definition');
    await expect(identity.filter({ hasText: await userId('admin') })).toBeVisible();
    await expect(identity.filter({ hasText: /^admin$/ })).toBeVisible();
    await expect(identity.filter({ hasText: '(org:admin)' })).toBeVisible();
  });
});

test.describe('role API: PATCH /api/admin/users/:userId/role', () => {
  test('signed out 401, member 403, manager 403, invalid role 400, last admin 409', async ({ page, signInAs, playwright, baseURL }) => {
    const [memberId, adminId] = [await userId('member'), await userId('admin')];

    const anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': freshAddress() } });
    const signedOut = await setRole(anonymous, memberId, 'manager');
    expect(signedOut.status()).toBe(401);
    expect(await signedOut.json()).toMatchObject({ error: 'unauthenticated' });
    await anonymous.dispose();

    for (const account of ['member', 'manager'] as const) {
      await switchUser(page, signInAs, account);
      const refused = await setRole(page.request, memberId, 'admin');
      expect(refused.status(), account).toBe(403);
      expect(await refused.json()).toMatchObject({ error: 'forbidden' });
    }

    await switchUser(page, signInAs, 'admin');
    const invalid = await setRole(page.request, memberId, 'owner');
    expect(invalid.status()).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: 'invalid_request', issues: { role: expect.any(Array) } });
    expect((await setRole(page.request, 'not-a-user-id', 'member')).status()).toBe(400);

    const lastAdmin = await setRole(page.request, adminId, 'manager');
    expect(lastAdmin.status()).toBe(409);
    expect(await lastAdmin.json()).toMatchObject({ error: 'last_admin' });

    const [row] = await queryDb<{ role: string }>('select role from users where id = $1', [memberId]);
    expect(row!.role).toBe('member');
  });
});

test.describe('an admin promotes a member to manager', () => {
  test('after their next sign-in the manager can edit projects but not delete them', { tag: '@production' }, async ({ page, signInAs }) => {
    const memberId = await userId('member');
    await switchUser(page, signInAs, 'admin', 'acme');
    const created = await api(page.request, 'POST', '/api/projects', { name: `Promotion ${randomBytes(3).toString('hex')}` });
    expect(created.status()).toBe(201);
    const { project } = (await created.json()) as { project: { id: string; name: string } };

    try {
      // Before: a member may read but not edit.
      await switchUser(page, signInAs, 'member', 'acme');
      expect((await api(page.request, 'PATCH', `/api/projects/${project.id}`, { description: 'by a member' })).status()).toBe(403);

      // The admin changes the role in the dashboard.
      await switchUser(page, signInAs, 'admin', 'acme');
      await page.goto('/admin?q=member@acme.test');
      await page.getByLabel('Role of Mia Member', { exact: true }).selectOption('manager');
      await page.getByRole('button', { name: 'Save role of Mia Member' }).click();
      await expect(roleCell(page, 'member@acme.test')).toHaveText('manager');
      const audit = await queryDb<{ actor_id: string; metadata: unknown }>(
        "select actor_id, metadata from audit_log where action = 'user.role_changed' and target_id = $1 order by id desc limit 1",
        [memberId],
      );
      expect(audit[0]).toMatchObject({ actor_id: await userId('admin'), metadata: { from: 'member', to: 'manager' } });

      // Their next sign-in carries the new role.
      await switchUser(page, signInAs, 'member', 'acme');
      const me = await api(page.request, 'GET', '/api/me');
      expect(await me.json()).toMatchObject({ userId: memberId, role: 'manager', orgRole: 'org:member' });
      await page.goto('/org/acme');
      await expect(page.getByRole('button', { name: `Edit ${project.name}` })).toBeVisible();
      await expect(page.getByRole('button', { name: `Delete ${project.name}` })).toHaveCount(0);
      expect((await api(page.request, 'PATCH', `/api/projects/${project.id}`, { description: 'by a manager' })).status()).toBe(200);
      expect((await api(page.request, 'DELETE', `/api/projects/${project.id}`)).status()).toBe(403);
    } finally {
      // Leave the demo data as other specs expect it.
      await switchUser(page, signInAs, 'admin', 'acme');
      expect((await setRole(page.request, memberId, 'member')).status()).toBe(200);
      expect((await api(page.request, 'DELETE', `/api/projects/${project.id}`)).status()).toBe(204);
    }
    // Clerk's user.updated webhook (role back to member) converges with the dashboard's own write.
    await eventually('select role from users where id = $1', [memberId], (rows) => rows[0]?.role === 'member');
  });
});

test.describe('the page shows exactly what the API allows', () => {
  const cases: Array<{
    account: DemoAccount;
    org: string;
    orgAdmin: DemoAccount;
    expected: Record<'create' | 'update' | 'delete', boolean>;
  }> = [
    { account: 'admin', org: 'acme', orgAdmin: 'admin', expected: { create: true, update: true, delete: true } },
    { account: 'manager', org: 'acme', orgAdmin: 'admin', expected: { create: true, update: true, delete: false } },
    { account: 'member', org: 'acme', orgAdmin: 'admin', expected: { create: false, update: false, delete: false } },
    { account: 'outsider', org: 'globex', orgAdmin: 'outsider', expected: { create: true, update: true, delete: true } },
  ];

  for (const { account, org, orgAdmin, expected } of cases) {
    test(`${account} in ${org}`, async ({ page, signInAs }) => {
      const tag = randomBytes(3).toString('hex');
      const create = async (name: string) => {
        const response = await api(page.request, 'POST', '/api/projects', { name });
        expect(response.status()).toBe(201);
        return ((await response.json()) as { project: { id: string; name: string } }).project;
      };
      await switchUser(page, signInAs, orgAdmin, org);
      const shown = await create(`Agreement ${tag}`);
      const disposable = await create(`Disposable ${tag}`);

      try {
        await switchUser(page, signInAs, account, org);
        await page.goto(`/org/${org}`);
        await expect(page.getByRole('cell', { name: shown.name, exact: true })).toBeVisible();
        const ui = {
          create: await page.getByRole('button', { name: 'New project' }).isVisible(),
          update: await page.getByRole('button', { name: `Edit ${shown.name}` }).isVisible(),
          delete: await page.getByRole('button', { name: `Delete ${shown.name}` }).isVisible(),
        };
        const allowed = (response: APIResponse) => {
          expect([200, 201, 204, 403], `${response.url()} answered ${response.status()}`).toContain(response.status());
          return response.ok();
        };
        const apiAllows = {
          create: allowed(await api(page.request, 'POST', '/api/projects', { name: `Probe ${tag}` })),
          update: allowed(await api(page.request, 'PATCH', `/api/projects/${shown.id}`, { description: `probe ${tag}` })),
          delete: allowed(await api(page.request, 'DELETE', `/api/projects/${disposable.id}`)),
        };
        expect(ui, 'controls on the page').toEqual(apiAllows);
        expect(apiAllows, 'the permissions matrix').toEqual(expected);
      } finally {
        await switchUser(page, signInAs, orgAdmin, org);
        const { projects } = (await (await api(page.request, 'GET', '/api/projects')).json()) as {
          projects: Array<{ id: string; name: string }>;
        };
        for (const leftover of projects.filter((p) => p.name.endsWith(tag))) {
          expect((await api(page.request, 'DELETE', `/api/projects/${leftover.id}`)).status()).toBe(204);
        }
      }
    });
  }
});

test.describe('authentication of API calls', () => {
  test('GET /api/me accepts the session token as a Bearer header, without cookies', async ({ page, signInAs, playwright, baseURL }) => {
    await signInAs('manager', { orgSlug: 'acme' });
    const session = (await page.context().cookies()).find((cookie) => cookie.name === '__session');
    expect(session).toBeDefined();

    const bearer = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${session!.value}` } });
    const response = await api(bearer, 'GET', '/api/me');
    expect(response.status()).toBe(200);
    expect(await response.json()).toEqual({
      userId: await userId('manager'),
      role: 'manager',
      orgId: expect.stringMatching(/^org_/),
      orgRole: 'org:member',
      // The user in person: no API key, no impersonating admin.
      actor: null,
    });
    await bearer.dispose();

    const forged = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${session!.value.slice(0, -4)}AAAA`, 'x-forwarded-for': freshAddress() },
    });
    expect((await forged.get('/api/me')).status()).toBe(401);
    await forged.dispose();
  });
});

test.describe('rate limiting', () => {
  test('the request after the limit within the window gets 429 with Retry-After; webhook and health stay open', async ({
    playwright,
    baseURL,
  }) => {
    const address = freshAddress();
    const caller = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { 'x-forwarded-for': address } });

    const first = await caller.get('/api/me');
    expect(first.status()).toBe(401); // signed out: limited by address, before the access decision
    const limit = Number(first.headers()['x-ratelimit-limit']);
    const remaining = Number(first.headers()['x-ratelimit-remaining']);
    expect(limit).toBeGreaterThan(0);
    expect(remaining).toBe(limit - 1);

    const rest = await Promise.all(Array.from({ length: remaining }, () => caller.get('/api/me')));
    expect(rest.map((response) => response.status())).toEqual(rest.map(() => 401));

    const limited = await caller.get('/api/me');
    expect(limited.status()).toBe(429);
    const retryAfter = Number(limited.headers()['retry-after']);
    expect(Number.isInteger(retryAfter) && retryAfter >= 1).toBe(true);
    expect(limited.headers()['x-ratelimit-remaining']).toBe('0');
    expect(await limited.json()).toMatchObject({ error: 'rate_limited', retryAfter });

    // Exempt routes, same address.
    expect((await caller.get('/api/public/health')).status()).toBe(200);
    expect((await caller.post('/api/webhooks/clerk', { data: '{}' })).status()).toBe(400);
    // Another address has its own allowance.
    expect((await caller.get('/api/me', { headers: { 'x-forwarded-for': freshAddress() } })).status()).toBe(401);
    await caller.dispose();
  });
});

/**
 * What only the production profile can show: the app runs as deployed, with no
 * local-mode path, and the browser talks to Clerk where the key says, through
 * a development instance's dev browser.
 */
import { backendApiRequests } from '@saas-starter/local-clerk/testing';
import { PRODUCTION } from '../../scripts/support/profiles';
import {
  DEMO_ACCOUNTS,
  DEMO_PASSWORD,
  anotherBrowser,
  backendApi,
  chooseOrganizationIfAsked,
  e2eRuntime,
  expect,
  instanceSettings,
  newUser,
  signInContext,
  test,
} from './support/fixtures';

const PASSWORD = 'production-profile-password-1';

test.describe('deployed configuration (development instance keys)', () => {
  test(
    "clerk-js loads from the key's Frontend API host; no local-mode route, banner or proxy",
    { tag: '@production' },
    async ({ page, request }) => {
      const clerkRequests: string[] = [];
      page.on(
        'request',
        (req) => req.url().includes('clerk') && clerkRequests.push(new URL(req.url()).origin + new URL(req.url()).pathname),
      );
      await page.goto('/sign-in');
      await expect(page.getByLabel('Email address')).toBeVisible();
      const fapi = `https://${PRODUCTION.frontendApiHost}`;
      expect(clerkRequests).toContain(`${fapi}/v1/environment`);
      expect(
        clerkRequests.some(
          (url) => /^https:\/\/[^/]+\/npm\/@clerk\/clerk-js@[^/]+\/dist\/clerk\.browser\.js$/.test(url) && url.startsWith(fapi),
        ),
      ).toBe(true);
      expect(clerkRequests.filter((url) => url.startsWith(PRODUCTION.appUrl) && url.includes('clerk-fapi'))).toEqual([]);
      await expect(page.getByRole('note', { name: 'Local mode' })).toHaveCount(0);
      // Local mode's proxy route answers 404 when the stand-in is off, as it is in a deployment.
      expect((await request.get('/clerk-fapi/v1/environment', { maxRedirects: 0 })).status()).toBe(404);
    },
  );

  test(
    'a first visit gets a dev browser through the handshake, then signs in through <SignIn>',
    { tag: '@production' },
    async ({ page }) => {
      const handshakes: string[] = [];
      page.on('request', (req) => new URL(req.url()).searchParams.has('__clerk_handshake') && handshakes.push(req.url()));
      await page.goto('/dashboard');
      await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fdashboard$/);
      // The middleware sent the browser to the Frontend API's handshake, which came back with a new dev browser.
      expect(handshakes.length).toBeGreaterThan(0);
      expect(new URL(handshakes[0]!).searchParams.get('__clerk_db_jwt')).toBeTruthy();
      expect((await page.context().cookies()).map((cookie) => cookie.name)).toContain('__clerk_db_jwt');

      await page.getByLabel('Email address').fill(DEMO_ACCOUNTS.manager);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await chooseOrganizationIfAsked(page, 'Acme');
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Max!');
    },
  );

  test(
    'pages that need only the session and the database make no Backend API request; the dashboard makes one',
    { tag: '@production' },
    async ({ page, signInAs }) => {
      await signInAs('admin', { orgSlug: 'acme' });
      const { fapiUrl } = e2eRuntime();
      const expected: Record<string, Record<string, number>> = {
        '/dashboard': { 'GET /v1/users/:id': 1 },
        '/select-org': {},
        '/org/acme': {},
        '/org/acme/members': {},
        '/org/acme/settings': {},
        '/admin': {},
        '/api/me': {},
        '/api/projects': {},
      };
      for (const [path, calls] of Object.entries(expected)) {
        const before = await backendApiRequests(fapiUrl);
        const response = await page.request.get(path, {
          maxRedirects: 0,
          headers: { accept: path.startsWith('/api/') ? 'application/json' : 'text/html' },
        });
        expect(response.status(), path).toBe(200);
        const after = await backendApiRequests(fapiUrl);
        const made = Object.fromEntries(
          Object.entries(after.byRoute)
            .map(([route, count]) => [route, count - (before.byRoute[route] ?? 0)] as const)
            .filter(([, count]) => count > 0),
        );
        expect(made, path).toEqual(calls);
      }
    },
  );
});

test.describe('60-second session tokens', () => {
  // Here only, with one wait past a token's life for both stories (CI time is shared): the fixes are the app's, the same in local mode.
  test(
    'a page asleep past its token still submits its form, and a device signed out elsewhere is refused within a minute',
    {
      tag: '@production',
    },
    async ({ page, browser, baseURL, signInAs }) => {
      test.setTimeout(180_000);
      const { sessionTokenLifetimeSeconds } = await instanceSettings();

      // Story 1: an admin fills in the new-project form, then the tab sleeps (frozen: no timers, no token refresh).
      await signInAs('admin', { orgSlug: 'acme' });
      await page.goto('/org/acme');
      const name = `Slept ${Date.now().toString(36)}`;
      await page.getByRole('button', { name: 'New project' }).click();
      const dialog = page.getByRole('dialog', { name: 'New project' });
      await dialog.getByLabel('Name').fill(name);

      // Story 2: a member on two devices; on the second, <UserProfile> signs the first one out.
      const { id, email } = await newUser('Remy', PASSWORD);
      const acme = await backendApi().organizations.getOrganization({ slug: 'acme' });
      await backendApi().organizations.createOrganizationMembership({ organizationId: acme.id, userId: id, role: 'org:member' });
      const [first, second] = [await anotherBrowser(browser), await anotherBrowser(browser)];
      for (const device of [first, second]) {
        await signInContext(device.context, baseURL!, { email }, { orgSlug: 'acme' });
        await device.page.goto('/dashboard');
        await expect(device.page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Remy!');
      }
      await second.page.goto('/user-profile/security');
      const devices = second.page.locator('.cl-activeDeviceListItem');
      await expect(devices).toHaveCount(2);
      await devices.filter({ hasNotText: 'This device' }).getByRole('button', { name: 'Open menu' }).click();
      await second.page.getByRole('menuitem', { name: 'Sign out of device' }).click();
      await expect(devices).toHaveCount(1);
      const revokedCookies = (await first.context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`).join('; ');
      const revokedAt = Date.now();

      // Both tabs sleep past their tokens' life: clerk-js's token refreshes hang (no network while asleep), and
      // on waking take 3 s more (a slow network), so whatever runs at once meets an expired token.
      let wake!: () => void;
      const woken = new Promise<void>((resolve) => (wake = resolve));
      for (const tab of [page, second.page])
        await tab.context().route('**/v1/client/sessions/*/tokens**', async (route) => {
          await woken;
          await new Promise((resolve) => setTimeout(resolve, 3000));
          await route.fallback();
        });
      // Past the token's life and the 5 s of clock skew Clerk allows.
      await page.waitForTimeout((sessionTokenLifetimeSeconds + 20) * 1000);
      wake();
      const sessionToken = (await page.context().cookies()).find((cookie) => cookie.name === '__session')!.value;
      const { exp } = JSON.parse(Buffer.from(sessionToken.split('.')[1]!, 'base64url').toString()) as { exp: number };
      expect(Date.now() / 1000 - exp).toBeGreaterThan(5);

      // At once, within those 3 s: the form is submitted (its outcome is checked below), and
      await dialog.getByRole('button', { name: 'Create project' }).click();
      // a router fetch that reaches the server with the expired token (one Next has not prefetched)
      // is loaded as a document, where Clerk's handshake refreshes the token; a prefetched link just works.
      const routerFetch = await second.page.evaluate(
        async () => (await fetch('/org/acme/members', { headers: { RSC: '1' }, redirect: 'manual' })).status,
      );
      expect(routerFetch).toBe(204);
      const signInVisits: string[] = [];
      second.page.on('request', (request) => new URL(request.url()).pathname.startsWith('/sign-in') && signInVisits.push(request.url()));
      await second.page.getByRole('banner').getByRole('link', { name: 'Dashboard' }).click();
      await expect(second.page).toHaveURL(/\/dashboard$/);
      await expect(second.page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Remy!');
      expect(signInVisits).toEqual([]);

      // The form was submitted at once: the server action waited for a fresh token instead of arriving signed out.
      await expect(page.getByText(`Created “${name}”.`)).toBeVisible();
      await expect(page.getByRole('table', { name: 'Projects of Acme' })).toContainText(name);

      // The signed-out device's last token has expired: the app refuses it, and its pages send it to sign in.
      expect(Date.now() - revokedAt).toBeGreaterThan(sessionTokenLifetimeSeconds * 1000);
      expect((await first.page.request.get('/api/me', { headers: { cookie: revokedCookies } })).status()).toBe(401);
      await first.page.goto('/dashboard');
      await expect(first.page).toHaveURL(/\/sign-in/);
      for (const device of [first, second]) {
        device.assertClean();
        await device.context.close();
      }
    },
  );
});

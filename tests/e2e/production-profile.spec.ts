/**
 * What only the production profile can show: the app runs as deployed, with no
 * local-mode path, and the browser talks to Clerk where the key says, through
 * a development instance's dev browser.
 */
import { backendApiRequests } from '@saas-starter/local-clerk/testing';
import { PRODUCTION } from '../../scripts/support/profiles';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, chooseOrganizationIfAsked, e2eRuntime, expect, test } from './support/fixtures';

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

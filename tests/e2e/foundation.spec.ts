import { clerkSettled, DEMO_ACCOUNTS, DEMO_PASSWORD, expect, seriousA11yViolations, test } from './support/fixtures';

test.describe('foundation', () => {
  test('the landing page renders on the server without Clerk client JS', async ({ page }) => {
    const scripts: string[] = [];
    page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('SaaS starter');
    await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
    await expect(page.getByRole('note', { name: 'Local mode' })).toContainText('local-demo-password');
    expect(scripts.filter((url) => url.includes('clerk'))).toEqual([]);
  });

  test('a signed-out page request redirects to sign-in with a same-origin return URL', { tag: '@production' }, async ({ page }) => {
    await page.goto('/dashboard?tab=overview');
    await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fdashboard%3Ftab%3Doverview$/);
  });

  test('a signed-out API request gets 401 JSON, not a redirect', { tag: '@production' }, async ({ request }) => {
    const response = await request.get('/api/me', { maxRedirects: 0 });
    expect(response.status()).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'unauthenticated' });
  });

  test('public APIs and the webhook route stay reachable signed out', async ({ request }) => {
    expect((await request.get('/api/public/health')).status()).toBe(200);
    const webhook = await request.post('/api/webhooks/clerk', { data: '{}' });
    expect(webhook.status()).toBe(400);
  });

  test('unknown pages get the not-found page with status 404 (signed in; signed out, sign-in comes first)', async ({ page, signInAs }) => {
    await signInAs('member');
    const response = await page.goto('/definitely-not-a-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
  });

  test("?sign-in=true opens Clerk's <SignIn> in a modal that signs in without leaving the page", async ({ page }) => {
    const clerkScripts: string[] = [];
    page.on('request', (request) => request.url().includes('/clerk-fapi/npm/') && clerkScripts.push(request.url()));
    await page.goto('/unauthorized');
    await expect(page.getByRole('dialog', { name: 'Sign in' })).toBeHidden();
    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click();
    const dialog = page.getByRole('dialog', { name: 'Sign in' });
    await dialog.getByLabel('Email address').fill(DEMO_ACCOUNTS.member);
    await dialog.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
    await dialog.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page).toHaveURL(/\/unauthorized$/);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Mia!');
    expect(clerkScripts.length).toBeGreaterThan(0);
  });

  for (const path of ['/', '/sign-in', '/sign-up', '/unauthorized']) {
    test(`${path} has no serious accessibility violations`, async ({ page }) => {
      await page.goto(path);
      // The landing page loads no Clerk JS; the others render Clerk's components.
      if (path !== '/') await clerkSettled(page);
      expect(await seriousA11yViolations(page)).toEqual([]);
    });
  }
});

import { signJwt } from '@saas-starter/local-clerk/testing';
import {
  clerkKeys,
  DEMO_ACCOUNTS,
  type DemoAccount,
  eventually,
  expect,
  fillSignIn,
  fillSignUp,
  instanceSettings,
  queryDb,
  test,
} from './support/fixtures';

const FIRST_NAMES: Record<DemoAccount, string> = { admin: 'Ada', manager: 'Max', member: 'Mia', outsider: 'Olga' };
const ORGANIZATIONS: Record<DemoAccount, string> = { admin: 'Acme', manager: 'Acme', member: 'Acme', outsider: 'Globex' };

test.describe("local mode: Clerk's own UI, offline", () => {
  for (const account of Object.keys(DEMO_ACCOUNTS) as DemoAccount[]) {
    test(
      `${account} signs in through <SignIn> and sees the dashboard`,
      { tag: account === 'admin' ? ['@production'] : [] },
      async ({ page }) => {
        await page.goto('/sign-in');
        await fillSignIn(page, DEMO_ACCOUNTS[account]);
        // Membership required (the production profile): Clerk's choose-organization task comes first.
        if ((await instanceSettings()).organizationMembership === 'required') {
          await expect(page).toHaveURL(/\/tasks\/choose-organization/);
          await page.getByRole('button', { name: new RegExp(ORGANIZATIONS[account]) }).click();
        }
        await expect(page).toHaveURL(/\/dashboard$/);
        await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${FIRST_NAMES[account]}!`);
        await expect(page.getByRole('list', { name: 'Organizations' })).toContainText(ORGANIZATIONS[account]);
      },
    );
  }

  test('sign-in returns to the page that asked for it', async ({ page }) => {
    await page.goto('/user-profile');
    await expect(page).toHaveURL(/\/sign-in\?redirect_url=%2Fuser-profile$/);
    await fillSignIn(page, DEMO_ACCOUNTS.member);
    await expect(page).toHaveURL(/\/user-profile$/);
    await expect(page.getByRole('heading', { name: 'Profile details' })).toBeVisible();
  });

  test('sign-up with the fixed code creates the user in the database through the signed webhook', async ({ page }) => {
    const email = `new-${Date.now()}@example.test`;
    await page.goto('/sign-up');
    await fillSignUp(page, { firstName: 'Nora', lastName: 'Newcomer', email, password: 'a-long-local-password-1' });
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Nora!');
    await eventually('select first_name from users where email = $1', [email], (rows) => rows[0]?.first_name === 'Nora');
  });

  // Personal accounts exist where membership is optional (this profile); session-tasks.spec.ts activates organizations on both.
  test('switching organization in <OrganizationSwitcher> changes what the server sees', async ({ page, signInAs }) => {
    await signInAs('admin');
    await page.goto('/dashboard');
    await expect(page.getByTestId('active-organization')).toHaveText('Personal account');
    await page.getByRole('button', { name: /open organization switcher/i }).click();
    await page.getByRole('dialog').getByRole('button', { name: /Acme/ }).click();
    await expect(page).toHaveURL(/\/org\/acme/);
    await page.goto('/dashboard');
    await expect(page.getByTestId('active-organization')).toHaveText('Acme (admin)');
  });

  test('sign-out from <UserButton> ends the session', { tag: '@production' }, async ({ page, signInAs }) => {
    await signInAs('member');
    await page.goto('/dashboard');
    await page.getByRole('button', { name: /open user menu/i }).click();
    await page.getByRole('dialog', { name: 'Account panel' }).getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test(
    'an expired session token is refreshed through the handshake, without a redirect loop',
    { tag: '@production' },
    async ({ page, signInAs, baseURL }) => {
      await signInAs('member');
      const cookies = await page.context().cookies();
      const session = cookies.find((cookie) => cookie.name === '__session');
      expect(session).toBeDefined();
      const claims = JSON.parse(Buffer.from(session!.value.split('.')[1]!, 'base64url').toString());
      const now = Math.floor(Date.now() / 1000);
      const expired = signJwt({ ...claims, iat: now - 7200, nbf: now - 7200, exp: now - 3600 }, clerkKeys());
      await page.context().addCookies([{ name: '__session', value: expired, url: baseURL! }]);
      const response = await page.goto('/dashboard');
      expect(response?.status()).toBe(200);
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Mia!');
    },
  );

  test(
    'a session token minted for another origin is refused (authorized parties)',
    { tag: '@production' },
    async ({ page, signInAs, request }) => {
      await signInAs('member');
      const session = (await page.context().cookies()).find((cookie) => cookie.name === '__session');
      const claims = JSON.parse(Buffer.from(session!.value.split('.')[1]!, 'base64url').toString());
      const bearer = (azp: string) => ({ Authorization: `Bearer ${signJwt({ ...claims, azp }, clerkKeys())}` });
      expect((await request.get('/api/me', { headers: bearer(claims.azp) })).status()).toBe(200);
      expect((await request.get('/api/me', { headers: bearer('https://other-app.example') })).status()).toBe(401);
    },
  );

  test('the demo organizations reached the database through signed webhooks', { tag: '@production' }, async () => {
    const rows = await queryDb<{ slug: string }>('select slug from organizations where deleted_at is null order by slug');
    expect(rows.map((row) => row.slug)).toEqual(expect.arrayContaining(['acme', 'globex']));
  });
});

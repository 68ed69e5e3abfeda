import type { Page } from '@playwright/test';
import { expect, queryDb, signOutBrowser, test } from './support/fixtures';

/** The providers the signed-in user has linked, as Clerk's client sees them. */
const linkedProviders = (page: Page) =>
  page.evaluate(() =>
    (window as unknown as { Clerk: { user: { externalAccounts: Array<{ provider: string }> } } }).Clerk.user.externalAccounts.map(
      (account) => account.provider,
    ),
  );

/** On the stand-in's consent page (same origin, through the app's proxy), picks an account. */
async function consentAs(page: Page, provider: string, account: RegExp) {
  await expect(page).toHaveURL(/\/clerk-fapi\/v1\/local_oauth\//);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Sign in with ${provider}`);
  await page.getByRole('button', { name: account }).click();
}

test.describe("social sign-in: Clerk's own buttons, a local provider", () => {
  test('<SignIn> and <SignUp> show the providers the instance enables', async ({ page }) => {
    for (const path of ['/sign-in', '/sign-up']) {
      await page.goto(path);
      await expect(page.getByRole('button', { name: /Google/ })).toBeVisible();
      await expect(page.getByRole('button', { name: /GitHub/ })).toBeVisible();
    }
  });

  test('a new Google account signing in becomes a new user (sign-in transferred to sign-up)', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: /Google/ }).click();
    await consentAs(page, 'Google', /Gina Google/);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Gina!');
    expect(await linkedProviders(page)).toEqual(['google']);
    await expect
      .poll(
        async () =>
          (await queryDb<{ n: number }>('select count(*)::int as n from users where email = $1', ['gina.google@gmail.test']))[0]?.n,
      )
      .toBe(1);
  });

  test('a Google account with a demo user’s email signs that user in, linked, not duplicated', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: /Google/ }).click();
    await consentAs(page, 'Google', /Mia Member/);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Mia!');
    await expect(page.getByRole('list', { name: 'Organizations' })).toContainText('Acme');
    expect(await linkedProviders(page)).toEqual(['google']);
    const rows = await queryDb<{ n: number }>('select count(*)::int as n from users where email = $1', ['member@acme.test']);
    expect(rows[0]?.n).toBe(1);
  });

  test('<SignUp> with GitHub: an existing user is signed in (sign-up transferred to sign-in), a new one signed up', async ({ page }) => {
    await page.goto('/sign-up');
    await page.getByRole('button', { name: /GitHub/ }).click();
    await consentAs(page, 'GitHub', /Ada Admin/);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Ada!');
    expect(await linkedProviders(page)).toEqual(['github']);

    await signOutBrowser(page);
    await page.goto('/sign-up');
    await page.getByRole('button', { name: /GitHub/ }).click();
    await consentAs(page, 'GitHub', /Hal Hub/);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Hal!');
    expect(await linkedProviders(page)).toEqual(['github']);
  });
});

test.describe('enterprise SSO by email domain: a local identity provider', () => {
  test('a new @enterprise.test user is sent to the identity provider, not asked for a password, and lands in Enterprise Co', async ({
    page,
  }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('erin.example@enterprise.test');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page).toHaveURL(/\/clerk-fapi\/v1\/local_sso\/enterprise\.test/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Enterprise Co SSO');
    await page.getByRole('button', { name: 'Sign in as erin.example@enterprise.test' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Erin!');
    await expect(page.getByRole('list', { name: 'Organizations' })).toContainText('Enterprise Co');
  });

  test('other domains keep email and password', async ({ page }) => {
    await page.goto('/sign-in');
    await page.getByLabel('Email address').fill('member@acme.test');
    await page.getByLabel('Password', { exact: true }).fill('local-demo-password');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });
});

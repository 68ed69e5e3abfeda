/**
 * A test written with Clerk's own helpers (@clerk/testing), run offline against local mode.
 * Every Frontend API request carries the testing token clerkSetup() fetched, and the stand-in
 * refuses tokens it did not issue: a broken bridge fails these sign-ins.
 */
import { clerk, clerkSetup } from './support/clerk-testing';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, expect, test } from './support/fixtures';

test.describe("Clerk's testing helpers in local mode", () => {
  test.beforeAll(clerkSetup);

  test('clerk.signIn with a password, then clerk.signOut', async ({ page }) => {
    await page.goto('/sign-in');
    await clerk.loaded({ page });
    await clerk.signIn({ page, signInParams: { strategy: 'password', identifier: DEMO_ACCOUNTS.member, password: DEMO_PASSWORD } });
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Mia!');

    await clerk.signOut({ page, signOutOptions: { redirectUrl: '/sign-in' } });
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/sign-in/);
  });

  test('clerk.signIn with an email address alone (a sign-in token from the local Backend API)', async ({ page }) => {
    await page.goto('/sign-in');
    await clerk.signIn({ page, emailAddress: DEMO_ACCOUNTS.admin });
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Ada!');
  });
});

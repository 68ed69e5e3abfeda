/**
 * Any Clerk app, not only this template: an app shaped as Clerk's Next.js quickstart
 * (tests/e2e/quickstart-app: <ClerkProvider>, <SignInButton>, <SignUpButton>, <UserButton>,
 * clerkMiddleware, no sign-in page of its own) against the packed stand-in, set up by the
 * package README's recipe (tests/e2e/support/quickstart-server.ts). A plain browser: no
 * routing, no host mapping. The buttons lead to the stand-in's hosted pages and back.
 */
import { expect, test, type Page } from '@playwright/test';
import { QUICKSTART } from '../../scripts/support/profiles';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const PASSWORD = 'a-long-quickstart-password-1';
const ACCOUNT_PORTAL = `http://localhost:${QUICKSTART.fapiPort}`;

/** Every request the browser makes whose host is not this machine: aborted, and kept for the test to report. */
async function keepOnThisMachine(page: Page): Promise<string[]> {
  const left: string[] = [];
  await page.context().route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (LOOPBACK.has(url.hostname)) return route.continue();
    left.push(url.href);
    return route.abort('blockedbyclient');
  });
  return left;
}

test('a quickstart app signs up, out and back in through the hosted pages, and no request leaves the machine', async ({ page }) => {
  // A whole story on `next dev`, its first compiles included: 52 to 58 s in idle CI runs (2026-12-05), so the 60 s
  // default ran out under load (a step cut off mid-click), not any one wait.
  test.slow();
  const left = await keepOnThisMachine(page);
  const email = `quickstart-${Date.now()}@example.test`;
  // Unique per run: the stand-in keeps what an earlier attempt created, and a taken slug would stop the task.
  const team = `Quinn Team ${Date.now().toString(36)}`;

  await page.goto('/');
  await expect(page.getByText('Signed out')).toBeVisible();

  // Sign up: the button leads to the hosted sign-up page, and back to the app signed in.
  await page.getByRole('button', { name: 'Sign up' }).click();
  await expect(page).toHaveURL(new RegExp(`^${ACCOUNT_PORTAL}/sign-up`));
  await page.getByLabel('First name').fill('Quinn');
  await page.getByLabel('Last name').fill('Starter');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('textbox', { name: 'Enter verification code' }).pressSequentially('424242');
  // A new Clerk application requires organization membership: the hosted page's choose-organization task comes first.
  await expect(page).toHaveURL(new RegExp(`^${ACCOUNT_PORTAL}/sign-up#/tasks/choose-organization`));
  await page.getByLabel('Name', { exact: true }).fill(team);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(`${QUICKSTART.appUrl}/`);
  await expect(page.getByText('Signed in as Quinn')).toBeVisible();

  // Sign out from <UserButton>.
  await page.getByRole('button', { name: /open user menu/i }).click();
  await page.getByRole('dialog', { name: 'Account panel' }).getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  await page.reload();
  await expect(page.getByText('Signed out')).toBeVisible();

  // Sign in through the button: the hosted sign-in page, and back.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`^${ACCOUNT_PORTAL}/sign-in`));
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByRole('button', { name: team }).click();
  await expect(page).toHaveURL(`${QUICKSTART.appUrl}/`);
  await expect(page.getByText('Signed in as Quinn')).toBeVisible();
  await expect(page.getByRole('button', { name: /open user menu/i })).toBeVisible();

  // The other hosted pages, signed in: the profile and a new organization.
  await page.goto(`${ACCOUNT_PORTAL}/user?redirect_url=${encodeURIComponent(`${QUICKSTART.appUrl}/`)}`);
  await expect(page.getByRole('heading', { name: 'Profile details' })).toBeVisible();
  await page.goto(`${ACCOUNT_PORTAL}/create-organization?redirect_url=${encodeURIComponent(`${QUICKSTART.appUrl}/`)}`);
  await page.getByLabel('Name', { exact: true }).fill('Quickstart Co');
  await page.getByRole('button', { name: 'Create organization' }).click();
  // Created: Clerk's component offers to invite members first.
  await page.getByRole('button', { name: 'Skip' }).click();
  await expect(page).toHaveURL(`${QUICKSTART.appUrl}/`);

  expect(left).toEqual([]);
});

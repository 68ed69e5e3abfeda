import type { Page } from '@playwright/test';
import { totpCode } from '@saas-starter/local-clerk/testing';
import {
  backendApi,
  chooseOrganizationIfAsked,
  clickWhenStill,
  createOrganizationIfAsked,
  eventually,
  expect,
  fillSignIn,
  fillSignUp,
  signOutBrowser,
  test,
} from './support/fixtures';

/**
 * A new user secures their account in Clerk's own <UserProfile>, offline: adds an
 * authenticator app (the test reads the key Clerk's UI shows and computes codes as an
 * app would), keeps the backup codes, signs in with each; connects and removes a Google
 * account; then, made an admin, changes a role with Clerk's reverification modal asking
 * for the password and the app's code. One story, one user: the steps run in order (each
 * test in a browser of its own).
 */
test.describe.configure({ mode: 'serial' });
/** The same story against the app configured as deployed (a development instance's keys), too; connecting an account aside. */
const PRODUCTION_TOO = { tag: '@production' };

const PASSWORD = 'a-long-local-password-2';
const user = { email: `secure-${Date.now()}@example.test`, secret: '', backupCodes: [] as string[] };
/** The organization Sasha creates in the choose-organization task, where membership is required. */
const ORGANIZATION = `Sasha Secure ${Date.now().toString(36)}`;

/** Email and password on <SignIn>; a user with an authenticator app then lands on its second-factor step. */
async function signInWithPassword(page: Page) {
  await page.goto('/sign-in');
  await fillSignIn(page, user.email, PASSWORD);
}

/** The session token's `fva`: minutes since the first and the second factor (-1: none). */
async function fva(page: Page) {
  const token = (await page.context().cookies()).find((cookie) => cookie.name === '__session')!.value;
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).fva as [number, number];
}

test('a new user adds an authenticator app in <UserProfile> and keeps the backup codes Clerk shows', PRODUCTION_TOO, async ({ page }) => {
  await page.goto('/sign-up');
  await fillSignUp(page, { firstName: 'Sasha', lastName: 'Secure', email: user.email, password: PASSWORD });
  await createOrganizationIfAsked(page, ORGANIZATION);
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(await fva(page)).toEqual([0, -1]);

  await page.goto('/user-profile/security');
  await page.getByRole('button', { name: 'Add two-step verification' }).click();
  await page.getByRole('menuitem', { name: /Authenticator application/ }).click();
  await page.getByRole('button', { name: /Can.t scan QR code\?/ }).click();
  const key = page.locator('input[readonly]').first();
  await expect(key).toHaveValue(/^[A-Z2-7]{32}$/);
  user.secret = await key.inputValue();
  await expect(page.locator('input[readonly]').nth(1)).toHaveValue(new RegExp(`^otpauth://totp/.+\\?secret=${user.secret}&`));
  await page.getByRole('button', { name: 'Continue', exact: true }).click();

  await page.getByRole('textbox', { name: /code/i }).first().pressSequentially(totpCode(user.secret));
  await expect(page.getByText('Two-step verification is now enabled.', { exact: false })).toBeVisible();
  const codes = (await page.getByText(/^[a-z2-9]{8}$/).allInnerTexts()).map((code) => code.trim());
  expect(new Set(codes).size).toBe(10);
  user.backupCodes = codes;
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByRole('heading', { name: 'Add authenticator application' })).toHaveCount(0);
  await expect(page.getByText('Authenticator application', { exact: true })).toBeVisible();
  await expect(page.getByText('Backup codes', { exact: true })).toBeVisible();
  // The app's code just proved it in this session: the token's second-factor age starts.
  await expect.poll(async () => (await fva(page))[1]).toBe(0);
});

test('signing in then asks for the app’s code after the password, or takes a backup code once', PRODUCTION_TOO, async ({ page }) => {
  await signInWithPassword(page);
  await expect(page).toHaveURL(/\/sign-in\/factor-two/);
  await page.getByRole('textbox', { name: /code/i }).pressSequentially(totpCode(user.secret));
  await chooseOrganizationIfAsked(page, ORGANIZATION);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Sasha!');
  expect(await fva(page)).toEqual([0, 0]);

  await signOutBrowser(page);
  await signInWithPassword(page);
  await page.getByRole('link', { name: /use another method/i }).click();
  await page.getByRole('button', { name: /backup code/i }).click();
  await page.getByLabel(/backup code/i).fill(user.backupCodes[0]!);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await chooseOrganizationIfAsked(page, ORGANIZATION);
  await expect(page).toHaveURL(/\/dashboard$/);
});

// Local mode only: the local provider pages do not answer at a development instance's own host (as for social sign-in).
test('<UserProfile> connects a Google account through the provider’s page, then removes it', async ({ page, signInAs }) => {
  await signInAs({ email: user.email });
  await page.goto('/user-profile');
  await page.getByRole('button', { name: 'Connect account' }).click();
  await page.getByRole('menuitem', { name: /Google/ }).click();
  await expect(page).toHaveURL(/\/v1\/local_oauth\/google\?/);
  await page.getByRole('button', { name: /Casey Connect/ }).click();
  await expect(page).toHaveURL(/\/user-profile/);
  // Clerk lists the account by provider and username.
  const account = page.locator('.cl-profileSectionItem__connectedAccounts').filter({ hasText: 'Google' });
  await expect(account).toContainText('casey.connect');
  const linked = () =>
    backendApi()
      .users.getUserList({ emailAddress: [user.email] })
      .then(({ data }) => data[0]!.externalAccounts.map((account) => account.emailAddress));
  expect(await linked()).toEqual(['casey.connect@gmail.test']);

  await account.getByRole('button', { name: 'Open menu' }).click();
  await page.getByRole('menuitem', { name: 'Remove' }).click();
  await clickWhenStill(page.getByRole('button', { name: 'Remove', exact: true }));
  await expect(account).toHaveCount(0);
  expect(await linked()).toEqual([]);
});

test(
  "made an admin, changing a role after 30 minutes: Clerk's modal asks for the password and then the app's code",
  PRODUCTION_TOO,
  async ({ page, signInAs }) => {
    const clerk = backendApi();
    const [me] = (await clerk.users.getUserList({ emailAddress: [user.email] })).data;
    await clerk.users.updateUserMetadata(me!.id, { publicMetadata: { role: 'admin' } });
    const targetEmail = `target-${Date.now()}@example.test`;
    await clerk.users.createUser({
      emailAddress: [targetEmail],
      password: 'a-long-local-password-3',
      firstName: 'Tara',
      lastName: 'Target',
      publicMetadata: { role: 'member' },
    });
    await eventually('select role from users where email = $1', [targetEmail], (rows) => rows[0]?.role === 'member');
    await eventually('select role from users where email = $1', [user.email], (rows) => rows[0]?.role === 'admin');

    await signInAs({ email: user.email }, { verifiedMinutesAgo: 30 });
    await page.goto(`/admin?q=${encodeURIComponent(targetEmail)}`);
    await page.getByLabel('Role of Tara Target', { exact: true }).selectOption('manager');
    await page.getByRole('button', { name: 'Save role of Tara Target' }).click();

    const modal = page.getByRole('dialog');
    await modal.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await modal.getByRole('button', { name: 'Continue', exact: true }).click();
    await modal.getByRole('textbox', { name: /code/i }).pressSequentially(totpCode(user.secret));
    await eventually('select role from users where email = $1', [targetEmail], (rows) => rows[0]?.role === 'manager');
    expect(await fva(page)).toEqual([0, 0]);
  },
);

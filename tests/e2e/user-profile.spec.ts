import { createLocalSession } from '@saas-starter/local-clerk/testing';
import type { Page } from '@playwright/test';
import {
  backendApi,
  clickWhenStill,
  DEMO_ACCOUNTS,
  e2eRuntime,
  eventually,
  expect,
  fillSignIn,
  newUser as newProfileUser,
  queryDb,
  signOutBrowser,
  test,
  VERIFICATION_CODE,
  watchContext,
} from './support/fixtures';

/**
 * Clerk's own <UserProfile> against the stand-in: every change is the stand-in's,
 * and reaches the app's database as a signed webhook. Each test works on a user of
 * its own (created through the Backend API, as `user.created` reaches the app), so
 * the demo users stay as they are.
 */

const PASSWORD = 'profile-password-1';
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const backend = backendApi;
const newUser = (firstName: string) => newProfileUser(firstName, PASSWORD);

const userRow = async (id: string) =>
  (
    await queryDb<{
      email: string | null;
      first_name: string | null;
      last_name: string | null;
      image_url: string | null;
      deleted_at: Date | null;
    }>('select email, first_name, last_name, image_url, deleted_at from users where id = $1', [id])
  )[0];

const revokedSessionEvents = async () =>
  (await queryDb<{ count: number }>("select count(*)::int as count from webhook_events where type = 'session.revoked'"))[0]!.count;

const profile = (page: Page) => page.locator('.cl-userProfile-root');

/**
 * Clicks the profile's button of exactly that name once only one is shown and nothing moves:
 * while Clerk's sections animate open or closed, the old and the new one are briefly both there.
 */
async function press(page: Page, name: string, within = profile(page)) {
  const button = within.getByRole('button', { name, exact: true });
  await expect(button).toHaveCount(1);
  await clickWhenStill(button);
}

test.describe("<UserProfile>, Clerk's own, offline", () => {
  test(
    'renames the user: the dashboard greets the new name, read from the database the webhook wrote',
    { tag: '@production' },
    async ({ page, signInAs }) => {
      const { id, email } = await newUser('Rena');
      await signInAs({ email });
      await page.goto('/user-profile');
      await press(page, 'Update profile');
      await profile(page).getByLabel('First name').fill('Renamed');
      await profile(page).getByLabel('Last name').fill('Person');
      await press(page, 'Save');
      await expect(profile(page).getByText('Renamed Person')).toBeVisible();

      await eventually(
        'select first_name, last_name from users where id = $1',
        [id],
        (rows) => rows[0]?.first_name === 'Renamed' && rows[0]?.last_name === 'Person',
      );
      await page.goto('/dashboard');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Renamed!');
    },
  );

  // Local mode only: in the production profile uploaded images link to the stand-in's own port, which the app's CSP does not list.
  test('uploads and removes the avatar: kept and served by the stand-in, linked in the app through the webhook', async ({
    page,
    signInAs,
  }) => {
    const { id, email } = await newUser('Ava');
    await signInAs({ email });
    await page.goto('/user-profile');
    await press(page, 'Update profile');
    await profile(page).locator('input[type="file"]').setInputFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: PNG });
    await eventually('select image_url from users where id = $1', [id], (rows) =>
      /\/clerk-fapi\/v1\/images\/img_\w+$/.test(String(rows[0]?.image_url)),
    );
    const image = await page.request.get((await userRow(id))!.image_url!);
    expect(image.headers()['content-type']).toBe('image/png');
    expect(await image.body()).toEqual(PNG);

    // The upload closed the form; removing is in it too.
    await press(page, 'Update profile');
    await press(page, 'Remove');
    await eventually('select image_url from users where id = $1', [id], (rows) => !/\/v1\/images\//.test(String(rows[0]?.image_url)));
  });

  test(
    'adds an email address, verifies it with the code, makes it primary and removes the old one; a taken address is refused',
    { tag: '@production' },
    async ({ page, signInAs }) => {
      const { id, email } = await newUser('Emil');
      const added = `emil-new-${Date.now().toString(36)}@example.test`;
      await signInAs({ email });
      await page.goto('/user-profile');

      await press(page, 'Add email address');
      await profile(page).getByLabel('Email address').fill(DEMO_ACCOUNTS.admin);
      await press(page, 'Add');
      await expect(profile(page).getByTestId('form-feedback-error')).toHaveText('That email address is taken. Please try another.');

      await profile(page).getByLabel('Email address').fill(added);
      await press(page, 'Add');
      await profile(page).getByRole('textbox', { name: 'Enter verification code' }).pressSequentially(VERIFICATION_CODE);
      const addedRow = profile(page).locator('.cl-profileSectionItem__emailAddresses').filter({ hasText: added });
      await expect(addedRow).toBeVisible();
      await expect(addedRow.getByText('Unverified')).toHaveCount(0);

      await addedRow.getByRole('button', { name: 'Open menu' }).click();
      await page.getByRole('menuitem', { name: 'Set as primary' }).click();
      await expect(addedRow.getByText('Primary')).toBeVisible();
      await eventually('select email from users where id = $1', [id], (rows) => rows[0]?.email === added);

      const oldRow = profile(page).locator('.cl-profileSectionItem__emailAddresses').filter({ hasText: email });
      await oldRow.getByRole('button', { name: 'Open menu' }).click();
      await page.getByRole('menuitem', { name: 'Remove email' }).click();
      await press(page, 'Remove', profile(page).locator('form'));
      await expect(oldRow).toHaveCount(0);
      const { data } = await backend().users.getUserList({ emailAddress: [email] });
      expect(data).toEqual([]);
    },
  );

  test('changes the password after reverifying, then signs in with the new one', async ({ page, signInAs }) => {
    const { email } = await newUser('Pascal');
    // Signed in 30 minutes ago: a new password needs the current one confirmed first, in Clerk's reverification modal.
    await signInAs({ email }, { verifiedMinutesAgo: 30 });
    await page.goto('/user-profile/security');
    await press(page, 'Update password');
    await profile(page).getByLabel('New password').fill('a-brand-new-password-2');
    await profile(page).getByLabel('Confirm password').fill('a-brand-new-password-2');
    await press(page, 'Save');
    const modal = page.getByRole('dialog');
    await modal.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await modal.getByRole('button', { name: 'Continue', exact: true }).click();
    // The form closes once the password is changed.
    await expect(profile(page).getByRole('button', { name: 'Update password' })).toBeVisible();

    const oldPassword = await fetch(new URL('/v1/client/sign_ins', e2eRuntime().fapiUrl), {
      method: 'POST',
      body: new URLSearchParams({ identifier: email, password: PASSWORD, strategy: 'password' }),
    });
    expect(await oldPassword.json()).toMatchObject({ errors: [{ code: 'form_password_incorrect' }] });
    await signOutBrowser(page);
    await page.goto('/sign-in');
    await fillSignIn(page, email, 'a-brand-new-password-2');
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  // Local mode only: the second browser would need the production profile's routing of the Frontend API host.
  test('lists the active devices and signs another one out', async ({ page, signInAs, browser, baseURL }) => {
    const { email } = await newUser('Devi');
    await signInAs({ email });
    // A second browser, signed in as the same user.
    const other = await browser.newContext();
    const watch = await watchContext(other);
    const { cookies, sessionId: otherSession } = await createLocalSession(e2eRuntime().fapiUrl, email);
    await other.addCookies(cookies.map((cookie) => ({ ...cookie, url: baseURL! })));
    const otherPage = await other.newPage();
    await otherPage.goto('/dashboard');
    await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText('Welcome, Devi!');

    await page.goto('/user-profile/security');
    const devices = profile(page).locator('.cl-activeDeviceListItem');
    await expect(devices).toHaveCount(2);
    const revokedBefore = await revokedSessionEvents();
    await expect(profile(page).locator('.cl-activeDeviceListItem__current')).toContainText('This device');
    const otherDevice = devices.filter({ hasNotText: 'This device' });
    await otherDevice.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out of device' }).click();
    await expect(devices).toHaveCount(1);
    // The app keeps no sessions (a session event moves the user's activity): its webhook log has the delivery.
    await expect.poll(revokedSessionEvents).toBe(revokedBefore + 1);

    // The other browser's client has no session left, and its session gets no new token; the token it holds
    // stays valid until it expires, as Clerk's do.
    const { client } = await (await otherPage.request.get('/clerk-fapi/v1/client')).json();
    expect(client.sessions).toEqual([]);
    const refresh = await otherPage.request.post(`/clerk-fapi/v1/client/sessions/${otherSession}/tokens`, {
      headers: { origin: baseURL! },
    });
    expect(refresh.status()).toBe(401);
    watch.assertClean();
    await other.close();
  });

  test(
    'deletes the account: signed out, and the app erases the user through the webhook',
    { tag: '@production' },
    async ({ page, signInAs }) => {
      const { id, email } = await newUser('Dora');
      await signInAs({ email });
      await page.goto('/user-profile/security');
      await press(page, 'Delete account');
      await profile(page)
        .getByLabel(/Type "Delete account" below to continue/)
        .fill('Delete account');
      await profile(page).locator('form').getByRole('button', { name: 'Delete account' }).click();
      await expect(page).toHaveURL(/\/$/);

      await eventually(
        'select deleted_at, email from users where id = $1',
        [id],
        (rows) => rows[0]?.deleted_at !== null && rows[0]?.email === null,
      );
      await page.goto('/dashboard');
      await expect(page).toHaveURL(/\/sign-in/);
      expect((await backend().users.getUserList({ emailAddress: [email] })).data).toEqual([]);
    },
  );
});

import fs from 'node:fs';
import { createClerkClient } from '@clerk/backend';
import { createLocalSession } from '@saas-starter/local-clerk/testing';
import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS, VERIFICATION_CODE, e2eRuntime, eventually, expect, queryDb, signOutBrowser, test, watchContext } from './support/fixtures';

/**
 * Clerk's own <UserProfile> against the stand-in: every change is the stand-in's,
 * and reaches the app's database as a signed webhook. Each test works on a user of
 * its own (created through the Backend API, as `user.created` reaches the app), so
 * the demo users stay as they are.
 */

const PASSWORD = 'profile-password-1';
// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

const backend = () => {
  const { secretKey } = JSON.parse(fs.readFileSync(e2eRuntime().keysFile, 'utf8')) as { secretKey: string };
  return createClerkClient({ secretKey, apiUrl: e2eRuntime().bapiUrl });
};

/** A new user with a password, in the app's database once its `user.created` webhook arrived. */
async function newUser(firstName: string) {
  const email = `${firstName.toLowerCase()}-${Date.now().toString(36)}@example.test`;
  const user = await backend().users.createUser({ emailAddress: [email], password: PASSWORD, firstName, lastName: 'Profile' });
  await eventually('select id from users where email = $1', [email], (rows) => rows.length === 1);
  return { id: user.id, email };
}

const userRow = async (id: string) =>
  (await queryDb<{ email: string | null; first_name: string | null; last_name: string | null; image_url: string | null; deleted_at: Date | null }>(
    'select email, first_name, last_name, image_url, deleted_at from users where id = $1',
    [id],
  ))[0];

const profile = (page: Page) => page.locator('.cl-userProfile-root');

async function signInThroughClerk(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

test.describe("<UserProfile>, Clerk's own, offline", () => {
  test('renames the user and changes the avatar: the dashboard greets the new name, the app keeps the image', { tag: '@production' }, async ({ page, signInAs }) => {
    const { id, email } = await newUser('Rena');
    await signInAs({ email });
    await page.goto('/user-profile');
    await profile(page).getByRole('button', { name: 'Update profile' }).click();
    await profile(page).locator('input[type="file"]').setInputFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: PNG });
    await expect(profile(page).getByRole('button', { name: 'Remove' })).toBeVisible();
    await profile(page).getByLabel('First name').fill('Renamed');
    await profile(page).getByLabel('Last name').fill('Person');
    await profile(page).getByRole('button', { name: 'Save' }).click();
    await expect(profile(page).getByText('Renamed Person')).toBeVisible();

    await eventually('select first_name, image_url from users where id = $1', [id], (rows) => rows[0]?.first_name === 'Renamed' && /\/v1\/images\/img_\w+$/.test(String(rows[0]?.image_url)));
    // Read from the stand-in directly: in the production profile the link names the key's Frontend API host.
    const imagePath = /\/v1\/images\/img_\w+$/.exec((await userRow(id))!.image_url!)![0];
    expect(Buffer.from(await (await fetch(new URL(imagePath, e2eRuntime().fapiUrl))).arrayBuffer())).toEqual(PNG);
    await page.goto('/dashboard');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Renamed!');

    await page.goto('/user-profile');
    await profile(page).getByRole('button', { name: 'Update profile' }).click();
    await profile(page).getByRole('button', { name: 'Remove' }).click();
    await eventually('select image_url from users where id = $1', [id], (rows) => !/\/v1\/images\//.test(String(rows[0]?.image_url)));
  });

  test('adds an email address, verifies it with the code, makes it primary and removes the old one; a taken address is refused', async ({ page, signInAs }) => {
    const { id, email } = await newUser('Emil');
    const added = `emil-new-${Date.now().toString(36)}@example.test`;
    await signInAs({ email });
    await page.goto('/user-profile');

    await profile(page).getByRole('button', { name: 'Add email address' }).click();
    await profile(page).getByLabel('Email address').fill(DEMO_ACCOUNTS.admin);
    await profile(page).getByRole('button', { name: 'Add' }).click();
    await expect(profile(page).getByText('That email address is taken. Please try another.')).toBeVisible();

    await profile(page).getByLabel('Email address').fill(added);
    await profile(page).getByRole('button', { name: 'Add' }).click();
    await profile(page).getByRole('textbox', { name: 'Enter verification code' }).pressSequentially(VERIFICATION_CODE);
    await expect(profile(page).getByText(`The email ${added} has been added to your account.`)).toBeVisible();
    await profile(page).getByRole('button', { name: 'Finish' }).click();
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
    await profile(page).locator('form').getByRole('button', { name: 'Remove' }).click();
    await expect(oldRow).toHaveCount(0);
    const { data } = await backend().users.getUserList({ emailAddress: [email] });
    expect(data).toEqual([]);
  });

  test('changes the password after reverifying, then signs in with the new one', async ({ page, signInAs }) => {
    const { email } = await newUser('Pascal');
    // Signed in 30 minutes ago: a new password needs the current one confirmed first, in Clerk's reverification modal.
    await signInAs({ email }, { verifiedMinutesAgo: 30 });
    await page.goto('/user-profile/security');
    await profile(page).getByRole('button', { name: 'Update password' }).click();
    await profile(page).getByLabel('New password').fill('a-brand-new-password-2');
    await profile(page).getByLabel('Confirm password').fill('a-brand-new-password-2');
    await profile(page).getByRole('button', { name: 'Save' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await modal.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(profile(page).getByText('Your password has been updated.')).toBeVisible();

    await signOutBrowser(page);
    await signInThroughClerk(page, email, PASSWORD);
    await expect(page.getByText('Password is incorrect. Try again, or use another method.')).toBeVisible();
    await signInThroughClerk(page, email, 'a-brand-new-password-2');
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  // Local mode only: the second browser would need the production profile's routing of the Frontend API host.
  test('lists the active devices and signs another one out', async ({ page, signInAs, browser, baseURL }) => {
    const { id, email } = await newUser('Devi');
    await signInAs({ email });
    // A second browser, signed in as the same user.
    const other = await browser.newContext();
    const watch = await watchContext(other);
    const { cookies } = await createLocalSession(e2eRuntime().fapiUrl, email);
    await other.addCookies(cookies.map((cookie) => ({ ...cookie, url: baseURL! })));
    const otherPage = await other.newPage();
    await otherPage.goto('/dashboard');
    await expect(otherPage.getByRole('heading', { level: 1 })).toHaveText('Welcome, Devi!');

    await page.goto('/user-profile/security');
    const devices = profile(page).locator('.cl-activeDeviceListItem');
    await expect(devices).toHaveCount(2);
    await expect(profile(page).locator('.cl-activeDeviceListItem__current')).toContainText('This device');
    const otherDevice = devices.filter({ hasNotText: 'This device' });
    await otherDevice.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('menuitem', { name: 'Sign out of device' }).click();
    await expect(devices).toHaveCount(1);
    await eventually(
      "select count(*)::int as revoked from webhook_events where type = 'session.revoked' and payload->'data'->>'user_id' = $1",
      [id],
      (rows) => rows[0]?.revoked === 1,
    );

    await otherPage.goto('/dashboard');
    await expect(otherPage).toHaveURL(/\/sign-in/);
    watch.assertClean();
    await other.close();
  });

  test('deletes the account: signed out, and the app erases the user through the webhook', { tag: '@production' }, async ({ page, signInAs }) => {
    const { id, email } = await newUser('Dora');
    await signInAs({ email });
    await page.goto('/user-profile/security');
    await profile(page).getByRole('button', { name: 'Delete account' }).click();
    await profile(page).getByLabel(/Type "Delete account" below to continue/).fill('Delete account');
    await profile(page).locator('form').getByRole('button', { name: 'Delete account' }).click();
    await expect(page).toHaveURL(/\/$/);

    await eventually('select deleted_at, email from users where id = $1', [id], (rows) => rows[0]?.deleted_at !== null && rows[0]?.email === null);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/sign-in/);
    expect((await backend().users.getUserList({ emailAddress: [email] })).data).toEqual([]);
  });
});

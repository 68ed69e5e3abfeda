import { backendApi, DEMO_ACCOUNTS, eventually, expect, signOutBrowser, test } from './support/fixtures';

/** Tickets in local mode: Clerk's `?__clerk_ticket=` links, redeemed by Clerk's own <SignIn> and <SignUp>. */

/** The link's page and query on the app under test. */
const onApp = (link: string) => {
  const url = new URL(link);
  return `${url.pathname}${url.search}`;
};

test.describe('tickets', () => {
  // Used, revoked, expired and unknown tickets: packages/local-clerk/tests/fapi.test.ts.
  test("a sign-in token's link signs its user in through <SignIn>", async ({ page }) => {
    const backend = backendApi();
    const [user] = (await backend.users.getUserList({ emailAddress: [DEMO_ACCOUNTS.member] })).data;
    const { url } = await backend.signInTokens.createSignInToken({ userId: user!.id, expiresInSeconds: 300 });

    await page.goto(onApp(url));
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Mia!');
  });

  test("an invitation's link, shown on the members page, signs the invitee up and into the organization", async ({ page, signInAs }) => {
    const email = `ticket-${Date.now().toString(36)}@example.test`;
    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/org/acme/members');
    await expect(page.getByRole('button', { name: 'Send invitation' })).toBeEnabled(); // hydrated: typing earlier could be reset
    await page.getByLabel('Email address').fill(email);
    await page.getByLabel('Role', { exact: true }).selectOption('org:member');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
    const linkField = page.getByLabel(`Invitation link for ${email}`);
    await expect(async () => {
      await page.reload();
      await expect(linkField).toBeVisible({ timeout: 1000 });
    }).toPass();
    const link = await linkField.inputValue();
    expect(link).toContain('__clerk_ticket=');

    await signOutBrowser(page);
    await page.goto(onApp(link));
    // The link verified the invited address: <SignUp> asks only for what is missing.
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Fill in missing fields');
    await page.getByLabel('First name').fill('Tia');
    await page.getByLabel('Last name').fill('Ticket');
    await page.getByLabel('Password', { exact: true }).fill('a-long-local-password-1');
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Tia!');
    await eventually(
      `select m.role from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
       where u.email = $1 and o.slug = 'acme' and m.deleted_at is null`,
      [email],
      (rows) => rows[0]?.role === 'org:member',
    );
  });
});

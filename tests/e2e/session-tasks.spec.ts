import type { Page } from '@playwright/test';
import { totpCode } from '@saas-starter/local-clerk/testing';
import {
  backendApi,
  createOrganizationIfAsked,
  createOrganizationInClerk,
  DEMO_ACCOUNTS,
  e2eRuntime,
  eventually,
  expect,
  fillSignIn,
  fillSignUp,
  instanceSettings,
  newUser,
  test,
} from './support/fixtures';

/**
 * Clerk as a new application gets it: the production profile plays Clerk's defaults (organization
 * membership required, force password reset, 60-second session tokens), local mode the other
 * membership setting. Each story reads the setting it runs under, and takes the path Clerk gives it:
 * a session task where membership is required (in <SignIn>'s and <SignUp>'s own flow, or on the
 * app's /tasks page for a pending session that went elsewhere), the app's own onboarding where it
 * is optional. The deep link into an organization is organizations.spec.ts's.
 */

const PASSWORD = 'session-tasks-password-1';

const membershipRequired = async () => (await instanceSettings()).organizationMembership === 'required';

async function signUpThroughClerk(page: Page, firstName: string, email: string) {
  await page.goto('/sign-up');
  await fillSignUp(page, { firstName, lastName: 'Tasks', email, password: PASSWORD });
}

/**
 * The dashboard names the active organization once its webhook has reached the database (the slug until
 * then): reloads until it does. A reload may also meet Clerk's own navigation after the task (aborted): retried.
 */
async function expectActiveOrganization(page: Page, name: string) {
  await expect(async () => {
    await page.goto('/dashboard');
    await expect(page.getByTestId('active-organization')).toHaveText(new RegExp(`^${name} \\(`), { timeout: 2000 });
  }).toPass();
}

const uniqueEmail = (name: string) => `${name}-${Date.now().toString(36)}@example.test`;

test.describe('session tasks, on either membership setting', () => {
  test('a new user signs up, creates an organization and reaches its dashboard', { tag: '@production' }, async ({ page }) => {
    await signUpThroughClerk(page, 'Nova', uniqueEmail('nova'));
    if (await membershipRequired()) {
      // No organization yet: the task asks for one before anything of the app opens.
      await createOrganizationIfAsked(page, 'Nova Labs');
      await expect(page).toHaveURL(/\/dashboard$/);
    } else {
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByTestId('active-organization')).toHaveText('Personal account');
      await createOrganizationInClerk(page, 'Nova Labs');
    }
    await expectActiveOrganization(page, 'Nova Labs');
  });

  test('an invited user joins the organization', { tag: '@production' }, async ({ page }) => {
    const backend = backendApi();
    const email = uniqueEmail('ivan');
    const acme = await backend.organizations.getOrganization({ slug: 'acme' });
    const [admin] = (await backend.users.getUserList({ emailAddress: [DEMO_ACCOUNTS.admin] })).data;
    await backend.organizations.createOrganizationInvitation({
      organizationId: acme.id,
      emailAddress: email,
      role: 'org:member',
      inviterUserId: admin!.id,
    });
    await signUpThroughClerk(page, 'Ivan', email);
    // In the task where membership is required, in the switcher of the dashboard's onboarding where it is optional.
    const required = await membershipRequired();
    if (required) await expect(page).toHaveURL(/\/tasks\/choose-organization/);
    else {
      await expect(page).toHaveURL(/\/dashboard$/);
      await page.getByRole('button', { name: /open organization switcher/i }).click();
    }
    const chooser = required ? page.getByRole('main') : page.getByRole('dialog');
    await chooser
      .getByRole('button', { name: /^(join|accept)/i })
      .first()
      .click();
    // Joined, it is one of the user's organizations: choosing it makes it active.
    await chooser.getByRole('button', { name: /Acme/ }).click();
    await expect(page).toHaveURL(required ? /\/dashboard$/ : /\/org\/acme$/);
    await expectActiveOrganization(page, 'Acme');
    await eventually(`select status from invitations where email = $1`, [email], (rows) => rows[0]?.status === 'accepted');
  });

  test(
    'a password marked compromised leads through the reset task, wherever the user goes first',
    { tag: '@production' },
    async ({ page }) => {
      const { id, email } = await newUser('Rita', PASSWORD);
      await backendApi().users.setPasswordCompromised(id);
      await page.goto('/sign-in');
      await fillSignIn(page, email, PASSWORD);
      await expect(page).toHaveURL(/\/sign-in\/tasks\/reset-password/);

      // The session is pending: an API names the task, a page sends the user to the app's task page and back.
      const api = await page.request.get('/api/me');
      expect(api.status()).toBe(403);
      expect(await api.json()).toMatchObject({ error: 'session_task_pending', task: 'reset-password', tasks_url: '/tasks' });
      await page.goto('/dashboard');
      await expect(page).toHaveURL(/\/tasks\?redirect_url=%2Fdashboard$/);
      await page.getByLabel('New password').fill('a-brand-new-password-9');
      await page.getByLabel('Confirm password').fill('a-brand-new-password-9');
      await page.getByRole('button', { name: /reset password|continue/i }).click();
      // Where membership is required, the next task shows on the same page.
      await createOrganizationIfAsked(page, 'Rita Co', { on: /\/tasks/ });
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Rita!');
      expect((await page.request.get('/api/me')).status()).toBe(200);

      // The old password is gone.
      const oldPassword = await fetch(new URL('/v1/client/sign_ins', e2eRuntime().fapiUrl), {
        method: 'POST',
        body: new URLSearchParams({ identifier: email, password: PASSWORD, strategy: 'password' }),
      });
      expect(await oldPassword.json()).toMatchObject({ errors: [{ code: 'form_password_incorrect' }] });
    },
  );

  test('where MFA is required, a user enrolls an authenticator app in the task', { tag: '@production' }, async ({ page }) => {
    await instanceSettings({ mfa: 'required' });
    try {
      const { email } = await newUser('Mila', PASSWORD);
      await page.goto('/sign-in');
      await fillSignIn(page, email, PASSWORD);
      await expect(page).toHaveURL(/\/tasks\/setup-mfa/);
      await page.getByRole('button', { name: /can.t scan/i }).click();
      const secret = await page.getByRole('main').getByRole('textbox').first().inputValue();
      await page.getByRole('button', { name: /continue/i }).click();
      await page.getByRole('textbox', { name: /enter verification code/i }).pressSequentially(totpCode(secret));
      await page.getByRole('button', { name: /finish|continue/i }).click();
      await createOrganizationIfAsked(page, 'Mila Co');
      await expect(page).toHaveURL(/\/dashboard$/);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Mila!');
    } finally {
      await instanceSettings({ mfa: 'optional' });
    }
  });
});

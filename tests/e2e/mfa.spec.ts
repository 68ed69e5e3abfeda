import type { Page } from '@playwright/test';
import { totpCode as totp } from '@saas-starter/local-clerk/testing';
import { DEMO_PASSWORD, expect, signOutBrowser, test } from './support/fixtures';

/** The seeded authenticator secret of secure@acme.test (lib/local-mode.ts). */
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

async function password(page: Page) {
  await page.goto('/sign-in');
  await page.getByLabel('Email address').fill('secure@acme.test');
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await expect(page).toHaveURL(/\/sign-in\/factor-two/);
}

/** The session token's `fva`: minutes since the first and the second factor (-1: none). */
async function fva(page: Page) {
  const token = (await page.context().cookies()).find((cookie) => cookie.name === '__session')!.value;
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).fva as [number, number];
}

test.describe("multi-factor sign-in: Clerk's own second-factor step", () => {
  test('password, then the authenticator code; a wrong code is refused; fva records the second factor', async ({ page }) => {
    await password(page);
    const code = page.getByRole('textbox', { name: /code/i });
    const wrong = String((Number(totp(SECRET)) + 500_000) % 1_000_000).padStart(6, '0');
    await code.pressSequentially(wrong);
    await expect(page.getByTestId('form-feedback-error')).toHaveText(/Incorrect code/);
    // Clerk's field clears itself 750 ms after a wrong code: typing before that loses digits.
    await expect(code).toHaveValue('');
    await code.pressSequentially(totp(SECRET));
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Sam!');
    expect((await fva(page))[1]).toBe(0);
  });

  test('a backup code works once', async ({ page }) => {
    for (const attempt of ['first', 'second']) {
      await signOutBrowser(page);
      await password(page);
      await page.getByRole('link', { name: /use another method/i }).click();
      await page.getByRole('button', { name: /backup code/i }).click();
      await page.getByLabel(/backup code/i).fill('backup-code-one');
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      if (attempt === 'first') await expect(page).toHaveURL(/\/dashboard$/);
      else await expect(page.getByTestId('form-feedback-error')).toHaveText(/Incorrect code/);
    }
  });
});

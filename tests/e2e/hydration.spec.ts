import { clerkSettled, expect, test } from './support/fixtures';

/** Loads of the page per test: the race below showed in about one load in four before its fix (2026-12-05, this machine). */
const LOADS = 8;

/**
 * React error #418 (the server's HTML does not match the client's first render) made React throw
 * the page's HTML away and render it again in the browser, dropping what had been typed into the
 * members page's invite form. Its cause was the header's Clerk placeholders: `<ClerkLoading>` reads
 * clerk-js's status as it renders, and React hydrates in slices, so clerk-js could finish loading
 * between two of them (components/clerk-placeholder.tsx). A slow device makes that likely: the CPU
 * is slowed 4× (Chromium's own throttling) and the page loaded several times.
 */
test('the members page hydrates without a mismatch while clerk-js loads on a slow device', async ({ page, signInAs }) => {
  test.slow();
  await signInAs('admin');
  const hydrationErrors: string[] = [];
  page.on('pageerror', (error) => {
    if (/Minified React error #(418|423|425)|Hydration failed/.test(error.message)) hydrationErrors.push(error.message);
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const header = page.getByTestId('header-controls');
  for (let load = 0; load < LOADS; load++) {
    await page.goto('/org/acme/members');
    await clerkSettled(page);
    await expect(page.getByRole('button', { name: 'Send invitation' })).toBeEnabled();
    // Clerk's controls replaced their placeholders.
    await expect(header.getByRole('button', { name: /open user menu/i })).toBeVisible();
    await expect(header.locator('.animate-pulse')).toHaveCount(0);
  }
  expect(hydrationErrors, 'hydration errors').toEqual([]);
});

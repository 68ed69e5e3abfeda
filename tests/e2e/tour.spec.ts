import path from 'node:path';
import { clerkSettled, expect, test } from './support/fixtures';

/**
 * The README's tour, as a test: each main page renders its heading in light
 * and dark. Its screenshots go to test-results/; with TOUR_SCREENSHOTS=1 they
 * replace the README's in docs/screenshots/ (small: 960 × 600, one per page and theme).
 */
const PAGES = [
  { name: 'landing', path: '/', heading: 'The SaaS starter that takes auth seriously', account: null },
  { name: 'dashboard', path: '/dashboard', heading: 'Welcome, Ada!', account: 'admin' },
  { name: 'organization', path: '/org/acme', heading: 'Acme', account: 'admin' },
  { name: 'admin', path: '/admin', heading: 'Admin', account: 'admin' },
] as const;

const folder = process.env.TOUR_SCREENSHOTS === '1' ? path.resolve('docs/screenshots') : null;

for (const scheme of ['light', 'dark'] as const) {
  test(`tour: the main pages in ${scheme} mode`, async ({ page, signInAs }, testInfo) => {
    await page.setViewportSize({ width: 960, height: 600 });
    await page.emulateMedia({ colorScheme: scheme });
    for (const { name, path: url, heading, account } of PAGES) {
      if (account) await signInAs(account, { orgSlug: 'acme' });
      await page.goto(url);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(heading);
      if (url !== '/') await clerkSettled(page);
      expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(scheme === 'dark');
      const file = `${name}-${scheme}.png`;
      await page.screenshot({ path: folder ? path.join(folder, file) : testInfo.outputPath(file) });
    }
  });
}

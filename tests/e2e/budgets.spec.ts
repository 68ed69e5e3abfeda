import { BUDGETS, firstLoadJs, kib, middlewareSize } from '../../scripts/bundle-size';
import { expect, test } from './support/fixtures';

// Bytes of a given build are deterministic, so budgets are tests (timings are not: see `npm run bench`).
test.describe('size budgets (gzip)', () => {
  test(`first-load JS of / is at most ${kib(BUDGETS.landing)}`, async ({ request }) => {
    const { bytes, files } = firstLoadJs(await (await request.get('/')).text());
    expect(files.length).toBeGreaterThan(0);
    expect(bytes, kib(bytes)).toBeLessThanOrEqual(BUDGETS.landing);
  });

  test(`first-load JS of /dashboard is at most ${kib(BUDGETS.dashboard)}`, async ({ page, signInAs }) => {
    await signInAs('member');
    const response = await page.request.get('/dashboard', { maxRedirects: 0 });
    expect(response.status()).toBe(200);
    const { bytes, files } = firstLoadJs(await response.text());
    expect(files.length).toBeGreaterThan(0);
    expect(bytes, kib(bytes)).toBeLessThanOrEqual(BUDGETS.dashboard);
  });

  test(`the middleware bundle is at most ${kib(BUDGETS.middleware)}`, () => {
    const { bytes, files } = middlewareSize();
    expect(files.length).toBeGreaterThan(0);
    expect(bytes, kib(bytes)).toBeLessThanOrEqual(BUDGETS.middleware);
  });
});

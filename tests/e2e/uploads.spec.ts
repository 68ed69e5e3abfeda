import { eventually, expect, queryDb, test } from './support/fixtures';

/** Uploads in local mode: Clerk's components upload to the stand-in, which keeps and serves the images. */

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('creating an organization with a logo in <CreateOrganization>: stored, served, and in the app through the webhook', async ({ page, signInAs }) => {
  const name = `Logo ${Date.now().toString(36)}`;
  await signInAs('member');
  await page.goto('/select-org');
  await page.getByRole('button', { name: /create organization/i }).first().click();
  await page.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: PNG });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: /create organization/i }).last().click();
  const skip = page.getByRole('button', { name: /skip/i });
  await expect(skip.or(page.getByRole('navigation', { name: 'Organization' }))).toBeVisible();
  if (await skip.isVisible()) await skip.click();
  await expect(page).toHaveURL(/\/org\/[a-z0-9-]+$/);

  await eventually('select image_url from organizations where name = $1', [name], (rows) => /\/clerk-fapi\/v1\/images\/img_\w+$/.test(String(rows[0]?.image_url)));
  const [organization] = await queryDb<{ image_url: string }>('select image_url from organizations where name = $1', [name]);
  const image = await page.request.get(organization!.image_url);
  expect(image.headers()['content-type']).toBe('image/png');
  expect(await image.body()).toEqual(PNG);
});

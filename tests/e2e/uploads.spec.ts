import { createOrganizationInClerk, eventually, expect, queryDb, test } from './support/fixtures';

/** Uploads in local mode: Clerk's components upload to the stand-in, which keeps and serves the images. */

// A 1x1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

test('creating an organization with a logo in <CreateOrganization>: stored, served, and in the app through the webhook', async ({
  page,
  signInAs,
}) => {
  const name = `Logo ${Date.now().toString(36)}`;
  await signInAs('member');
  await page.goto('/select-org');
  await createOrganizationInClerk(page, name, { logo: PNG });

  await eventually('select image_url from organizations where name = $1', [name], (rows) =>
    /\/clerk-fapi\/v1\/images\/img_\w+$/.test(String(rows[0]?.image_url)),
  );
  const [organization] = await queryDb<{ image_url: string }>('select image_url from organizations where name = $1', [name]);
  const image = await page.request.get(organization!.image_url);
  expect(image.headers()['content-type']).toBe('image/png');
  expect(await image.body()).toEqual(PNG);
});

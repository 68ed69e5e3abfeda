import type { Page } from '@playwright/test';
import { backendApi, clickWhenStill, eventually, expect, queryDb, test } from './support/fixtures';

/**
 * Organization API keys end to end: Clerk's <APIKeys /> on /org/:slug/api-keys, then the key
 * against /api/projects from outside the browser (no cookies). Verification, scopes, the creator's
 * roles and the header fuzzing: tests/integration/api-keys.test.ts.
 */

/** Creates a key in <APIKeys /> and reads its secret from Clerk's copy dialog (shown once). */
async function createKeyInClerk(page: Page, name: string): Promise<string> {
  await page.getByRole('button', { name: 'Add new key' }).click();
  await page.locator('.cl-apiKeys input[name="name"]').fill(name);
  // The form slides open under "Add new key"; a click while it moves can miss.
  await clickWhenStill(page.getByRole('button', { name: 'Create key' }));
  const secret = page.locator('.cl-apiKeysCopyModalInput input');
  await expect(secret).toHaveValue(/^ak_/);
  const value = await secret.inputValue();
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Copy & Close' }).click();
  await expect(secret).toBeHidden();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  await expect(page.locator('.cl-apiKeys').getByText(name)).toBeVisible();
  return value;
}

test.describe('API keys @production', () => {
  test("an organization admin's key reads that organization's projects only, is refused a create, and once revoked gets 401", async ({
    page,
    signInAs,
    request,
  }) => {
    const [acme] = await queryDb<{ id: string }>(`select id from organizations where slug = 'acme'`);
    await signInAs('admin', { orgSlug: 'acme' });
    await page.goto('/org/acme/api-keys');
    await expect(page.getByRole('heading', { name: 'API keys' })).toBeVisible();
    const run = Date.now().toString(36);
    const secret = await createKeyInClerk(page, `e2e read ${run}`);

    const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
    const list = await request.get('/api/projects', { headers: bearer(secret) });
    expect(list.status()).toBe(200);
    const { projects } = (await list.json()) as { projects: Array<{ id: string; organizationId: string }> };
    const acmeProjects = await queryDb<{ id: string }>(`select id from projects where organization_id = $1`, [acme!.id]);
    expect(projects.map((project) => project.id).sort()).toEqual(acmeProjects.map((project) => project.id).sort());
    expect(projects.every((project) => project.organizationId === acme!.id)).toBe(true);

    // Keys made in <APIKeys /> are read-only.
    const refused = await request.post('/api/projects', { headers: bearer(secret), data: { name: `By key ${run}` } });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ error: 'forbidden' });

    // A key with `projects:create` (the Backend API sets scopes) writes, and the audit log names it.
    const [admin] = (await backendApi().users.getUserList({ emailAddress: ['admin@acme.test'] })).data;
    const writer = await backendApi().apiKeys.create({
      name: `e2e write ${run}`,
      subject: acme!.id,
      createdBy: admin!.id,
      scopes: ['projects:read', 'projects:create'],
    });
    const created = await request.post('/api/projects', { headers: bearer(writer.secret!), data: { name: `By key ${run}` } });
    expect(created.status()).toBe(201);
    await eventually(`select actor_id, metadata from audit_log where action = 'project.created' and actor_id = $1`, [writer.id], (rows) =>
      rows.some((row) => (row.metadata as { actor?: { name?: string } }).actor?.name === `e2e write ${run}`),
    );
    // The dashboard's recent activity names the key.
    await page.goto('/dashboard');
    await expect(page.getByRole('list', { name: 'Recent activity' }).getByText(`API key “e2e write ${run}”`)).toBeVisible();

    // Revoked in <APIKeys /> before its first use: 401 at once (a used key's verification is cached up to 30 s).
    await page.goto('/org/acme/api-keys');
    const doomed = await createKeyInClerk(page, `e2e revoke ${run}`);
    const row = page.locator('.cl-apiKeys tr', { hasText: `e2e revoke ${run}` });
    await row.getByRole('button').last().click();
    await page.getByRole('menuitem', { name: 'Revoke key' }).click();
    await page.getByLabel('Type "Revoke" to confirm').fill('Revoke');
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await expect(row).toBeHidden();
    const revoked = await request.get('/api/projects', { headers: bearer(doomed) });
    expect(revoked.status()).toBe(401);
    expect(await revoked.json()).toMatchObject({ error: 'api_key_invalid' });
  });

  test("a user's own key, made in <UserProfile>, is that user with no organization", async ({ page, signInAs, request }) => {
    const [member] = await queryDb<{ id: string }>(`select id from users where email = 'member@acme.test'`);
    await signInAs('member');
    await page.goto('/user-profile');
    await page.getByRole('button', { name: 'API keys' }).first().click();
    const secret = await createKeyInClerk(page, `e2e own ${Date.now().toString(36)}`);
    const me = await request.get('/api/me', { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status()).toBe(200);
    expect(await me.json()).toMatchObject({ userId: member!.id, orgId: null, actor: { type: 'api_key' } });
    const projects = await request.get('/api/projects', { headers: { authorization: `Bearer ${secret}` } });
    expect(projects.status()).toBe(403);
    expect(await projects.json()).toMatchObject({ error: 'no_active_organization' });
  });

  test('a member cannot open the page nor create organization keys through Clerk', async ({ page, signInAs }) => {
    const [acme] = await queryDb<{ id: string }>(`select id from organizations where slug = 'acme'`);
    const before = (await backendApi().apiKeys.list({ subject: acme!.id })).totalCount;
    await signInAs('member', { orgSlug: 'acme' });
    await page.goto('/org/acme');
    await expect(page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Members' })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'API keys' })).toHaveCount(0);
    await page.waitForFunction(() => (window as unknown as { Clerk?: { loaded?: boolean } }).Clerk?.loaded === true);
    const status = await page.evaluate(async (subject) => {
      const clerk = (window as unknown as { Clerk: { apiKeys: { create: (p: object) => Promise<unknown> } } }).Clerk;
      return clerk.apiKeys.create({ name: 'Sneaky', subject }).then(
        () => 200,
        (error: { status?: number }) => error.status ?? 0,
      );
    }, acme!.id);
    expect(status).toBe(403);
    expect((await backendApi().apiKeys.list({ subject: acme!.id })).totalCount).toBe(before);

    await page.goto('/org/acme/api-keys');
    await expect(page).toHaveURL(/\/unauthorized$/);
  });
});

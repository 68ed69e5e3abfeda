import { chooseOrganizationIfAsked, eventually, expect, queryDb, test } from './support/fixtures';

/**
 * An app admin impersonates a user from /admin (Clerk's actor token, then <SignIn> with its ticket):
 * every page says so, sensitive actions are refused, other actions are audited with both people,
 * and stopping signs out. Rules (never an admin, never oneself): tests/integration/impersonation.test.ts.
 */
test('an admin impersonates an organization admin, sees the banner, cannot change roles, acts audited, then stops @production', async ({
  page,
  signInAs,
}) => {
  const [[admin], [olga]] = await Promise.all([
    queryDb<{ id: string }>(`select id from users where email = 'admin@acme.test'`),
    queryDb<{ id: string }>(`select id from users where email = 'outsider@globex.test'`),
  ]);
  await signInAs('admin', { orgSlug: 'acme' });
  await page.goto('/admin?q=outsider@globex.test');
  await expect(page.getByRole('button', { name: 'Impersonate Olga Outsider' })).toBeEnabled();
  // Admins have no such button (the server refuses them too).
  await page.goto('/admin?q=admin@acme.test');
  await expect(page.getByRole('button', { name: /^Impersonate/ })).toHaveCount(0);
  await page.goto('/admin?q=outsider@globex.test');
  await page.getByRole('button', { name: 'Impersonate Olga Outsider' }).click();
  // Where membership is required, the impersonated session starts with Clerk's choose-organization task too.
  await chooseOrganizationIfAsked(page, 'Globex');

  const banner = page.getByRole('status', { name: 'Impersonation' });
  await expect(banner).toContainText('Ada Admin (admin@acme.test) is impersonating Olga Outsider (outsider@globex.test)');
  await eventually(`select actor_id from audit_log where action = 'impersonation.started' and target_id = $1`, [olga!.id], (rows) =>
    rows.some((row) => row.actor_id === admin!.id),
  );

  // A role change is refused while impersonating (Olga, Globex's admin, could otherwise try it).
  await page.goto('/org/globex/members');
  await expect(banner).toBeVisible();
  await page.getByLabel('Role of Olga Outsider', { exact: true }).selectOption('org:member');
  await page.getByRole('button', { name: 'Save role of Olga Outsider' }).click();
  await expect(page.getByText(/Not while impersonating/).first()).toBeVisible();
  expect(
    await queryDb(
      `select m.role from memberships m join organizations o on o.id = m.organization_id where o.slug = 'globex' and m.user_id = $1`,
      [olga!.id],
    ),
  ).toEqual([{ role: 'org:admin' }]);

  // Other actions go through, audited with both: the user as actor, the admin beside.
  await page.goto('/org/globex');
  const name = `Impersonated ${Date.now().toString(36)}`;
  await page.getByRole('button', { name: 'New project' }).click();
  const dialog = page.getByRole('dialog', { name: 'New project' });
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Create project' }).click();
  await expect(page.getByText(`Created “${name}”.`)).toBeVisible();
  await eventually(`select actor_id, metadata from audit_log where action = 'project.created' and metadata->>'name' = $1`, [name], (rows) =>
    rows.some(
      (row) => row.actor_id === olga!.id && (row.metadata as { actor?: { type?: string; userId?: string } }).actor?.userId === admin!.id,
    ),
  );

  await banner.getByRole('button', { name: 'Stop impersonating' }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(banner).toHaveCount(0);
  await eventually(`select actor_id, metadata from audit_log where action = 'impersonation.ended' and target_id = $1`, [olga!.id], (rows) =>
    rows.some((row) => (row.metadata as { actor?: { userId?: string } }).actor?.userId === admin!.id),
  );
});

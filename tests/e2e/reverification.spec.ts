import type { Page } from '@playwright/test';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, eventually, expect, queryDb, test } from './support/fixtures';

/**
 * Clerk's reverification: role changes and deleting an organization need the
 * password (or a second factor) verified within 10 minutes. An older session
 * gets Clerk's hint, useReverification() opens Clerk's own modal, and the
 * change runs again once the password is confirmed.
 */

async function confirmWithPassword(page: Page) {
  const modal = page.getByRole('dialog');
  await modal.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await modal.getByRole('button', { name: 'Continue', exact: true }).click();
}

const roleOf = async (email: string) => (await queryDb<{ role: string }>('select role from users where email = $1', [email]))[0]?.role;

test("an admin verified 30 minutes ago changes a user's role: Clerk's modal asks for the password, then the change is applied", async ({
  page,
  signInAs,
}) => {
  await signInAs('admin', { verifiedMinutesAgo: 30 });
  const [manager] = await queryDb<{ id: string }>('select id from users where email = $1', [DEMO_ACCOUNTS.manager]);
  const refused = await page.request.patch(`/api/admin/users/${manager!.id}/role`, { data: { role: 'member' } });
  expect(refused.status()).toBe(403);
  expect(await refused.json()).toMatchObject({
    error: 'reverification_required',
    clerk_error: { type: 'forbidden', reason: 'reverification-error' },
  });
  expect(await roleOf(DEMO_ACCOUNTS.manager)).toBe('manager');

  await page.goto('/admin?q=manager@acme.test');
  await page.getByLabel('Role of Max Manager', { exact: true }).selectOption('member');
  await page.getByRole('button', { name: 'Save role of Max Manager' }).click();
  await confirmWithPassword(page);
  await eventually('select role from users where email = $1', [DEMO_ACCOUNTS.manager], (rows) => rows[0]?.role === 'member');

  // Verified just now: the change back needs no modal.
  const restored = await page.request.patch(`/api/admin/users/${manager!.id}/role`, { data: { role: 'manager' } });
  expect(restored.status()).toBe(200);
});

test("an organization admin verified 30 minutes ago changes a member's role on the members page after Clerk's modal", async ({
  page,
  signInAs,
}) => {
  await signInAs('admin', { orgSlug: 'acme', verifiedMinutesAgo: 30 });
  await page.goto('/org/acme/members');
  const memberRole = `select m.role from memberships m join users u on u.id = m.user_id join organizations o on o.id = m.organization_id
     where u.email = $1 and o.slug = 'acme' and m.deleted_at is null`;

  await page.getByLabel('Role of Mia Member', { exact: true }).selectOption('org:admin');
  await page.getByRole('button', { name: 'Save role of Mia Member' }).click();
  await confirmWithPassword(page);
  await eventually(memberRole, [DEMO_ACCOUNTS.member], (rows) => rows[0]?.role === 'org:admin');

  await page.getByLabel('Role of Mia Member', { exact: true }).selectOption('org:member');
  await page.getByRole('button', { name: 'Save role of Mia Member' }).click();
  await eventually(memberRole, [DEMO_ACCOUNTS.member], (rows) => rows[0]?.role === 'org:member');
});

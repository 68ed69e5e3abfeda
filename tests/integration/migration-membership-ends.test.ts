/**
 * Migration 0001 on a database that already holds memberships: the rows it
 * finds tombstoned stay ended for their membership id (so a late update of
 * that membership cannot revive them), and a rejoin still replaces them.
 */
import { and, eq, sql } from 'drizzle-orm';
import journal from '@/drizzle/meta/_journal.json';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { memberships, organizations, users } from '@/lib/db/schema';
import { migrateDatabase } from '@/lib/db/migrate';
import { writeMembership } from '@/lib/sync/memberships';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';

const MIGRATION = '0001_memberships_end_per_id';
const T0 = 1_764_150_000_000;
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  // Back to the schema before the migration (and the ones after it), with a live and a tombstoned membership in it.
  await db.execute(sql`alter table memberships drop column clerk_created_at, drop column ended_at`);
  await db.execute(sql`drop table billing_subscriptions, billing_subscription_items, billing_payment_attempts`);
  await db.execute(sql`alter table webhook_events drop column duplicates`);
  await db.execute(sql`drop table clerk_backfill_checkpoints, clerk_backfill_listed`);
  const since = journal.entries.find((entry) => entry.tag === MIGRATION)!.when;
  await db.execute(sql`delete from drizzle.__drizzle_migrations where created_at >= ${since}`);
  await db.insert(users).values([{ id: 'user_live' }, { id: 'user_left' }]);
  await db.insert(organizations).values({ id: 'org_m' });
  await db.execute(sql`insert into memberships (organization_id, user_id, clerk_id, role, clerk_updated_at, deleted_at) values
    ('org_m', 'user_live', 'orgmem_live', 'org:admin', ${T0}, null),
    ('org_m', 'user_left', 'orgmem_left', 'org:member', ${T0 + 60_000}, ${new Date(T0 + 60_000).toISOString()})`);
  await migrateDatabase(database.url);
});
afterAll(() => database?.close());

const row = async (userId: string) => {
  const [found] = await database.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, 'org_m'), eq(memberships.userId, userId)));
  return found!;
};

it(`${MIGRATION} keeps tombstoned memberships ended and live ones live`, async () => {
  expect(await row('user_left')).toMatchObject({ endedAt: new Date(T0 + 60_000), deletedAt: new Date(T0 + 60_000), clerkCreatedAt: 0 });
  expect(await row('user_live')).toMatchObject({ endedAt: null, deletedAt: null, clerkCreatedAt: 0 });
});

it('after it, a late update of an ended membership changes nothing, and a rejoin replaces it', async () => {
  const { db } = database;
  const late = { organizationId: 'org_m', userId: 'user_left', clerkId: 'orgmem_left', role: 'org:admin', createdAt: T0 - 60_000 };
  expect(await db.transaction((tx) => writeMembership(tx, late, { version: T0 + 120_000, deleted: false }))).toBe(false);
  expect(await row('user_left')).toMatchObject({ role: 'org:member', endedAt: new Date(T0 + 60_000) });

  const rejoined = {
    organizationId: 'org_m',
    userId: 'user_left',
    clerkId: 'orgmem_rejoined',
    role: 'org:member',
    createdAt: T0 + 180_000,
  };
  expect(await db.transaction((tx) => writeMembership(tx, rejoined, { version: T0 + 180_000, deleted: false }))).toBe(true);
  expect(await row('user_left')).toMatchObject({
    clerkId: 'orgmem_rejoined',
    clerkCreatedAt: T0 + 180_000,
    endedAt: null,
    deletedAt: null,
  });
});

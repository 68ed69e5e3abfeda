/**
 * The backfill writes a page of rows per statement (writeUsers, writeOrganizations,
 * writeMemberships, writeSubscriptionItems); the webhook writes one row per event
 * (writeUser, ...). Both go through the same SQL rule, and this checks that they end
 * in the same tables: the same writes, in the same order, applied one per transaction
 * and grouped into batches, land on identical rows and report the same number of
 * changes. Writes come out of order, repeat an id within a batch, reference users and
 * organizations before they exist (stubs), and mix in deletions (a user's or an
 * organization's between batches, a membership's within them) and rejoins.
 */
import { asc } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@/lib/db/client';
import { billingSubscriptionItems, memberships, organizations, users } from '@/lib/db/schema';
import { writeSubscriptionItem, writeSubscriptionItems, type SubscriptionItemWrite } from '@/lib/sync/billing';
import type { BillingPayerJSON, SubscriptionItemJSON } from '@/lib/sync/events';
import { writeMembership, writeMemberships, type MembershipRow } from '@/lib/sync/memberships';
import { deleteOrganization, writeOrganization, writeOrganizations, type OrganizationSnapshot } from '@/lib/sync/organizations';
import { deleteUser, recordUserActivity, recordUsersActivity, writeUser, writeUsers, type UserSnapshot } from '@/lib/sync/users';
import { clerkEvent } from '@/scripts/support/clerk-events';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';

const T0 = 1_764_150_000_000;
const at = (step: number) => T0 + step * 1000;

type Activity = { id: string; lastSignInAt: number | null; lastActiveAt: number | null };
/** One write; the batchable kinds are grouped into one call when consecutive. */
type Write =
  | { kind: 'user'; user: UserSnapshot }
  | { kind: 'activity'; activity: Activity }
  | { kind: 'organization'; organization: OrganizationSnapshot }
  | { kind: 'membership'; row: MembershipRow }
  | { kind: 'item'; item: SubscriptionItemWrite }
  | { kind: 'deleteUser'; id: string; version: number }
  | { kind: 'deleteOrganization'; id: string; version: number };

const userIds = ['user_a', 'user_b', 'user_c', 'user_d'];
const organizationIds = ['org_a', 'org_b', 'org_c'];
const step = fc.integer({ min: 0, max: 12 });
const maybeStep = fc.option(step, { nil: null });

const itemTemplate = clerkEvent('subscriptionItem.active').data as unknown as SubscriptionItemJSON & { payer: BillingPayerJSON };

const write: fc.Arbitrary<Write> = fc.oneof(
  fc
    .record({ id: fc.constantFrom(...userIds), v: step, name: fc.constantFrom('Ada', 'Grace'), signIn: maybeStep, active: maybeStep })
    .map(({ id, v, name, signIn, active }) => ({
      kind: 'user' as const,
      user: {
        id,
        email: `${id}-${name}@example.com`,
        firstName: name,
        lastName: null,
        imageUrl: null,
        role: name === 'Ada' ? ('admin' as const) : ('member' as const),
        updatedAt: at(v),
        lastSignInAt: signIn === null ? null : at(signIn),
        lastActiveAt: active === null ? null : at(active),
      },
    })),
  fc.record({ id: fc.constantFrom(...userIds), signIn: maybeStep, active: maybeStep }).map(({ id, signIn, active }) => ({
    kind: 'activity' as const,
    activity: { id, lastSignInAt: signIn === null ? null : at(signIn), lastActiveAt: active === null ? null : at(active) },
  })),
  fc.record({ id: fc.constantFrom(...organizationIds), v: step, name: fc.constantFrom('Acme', 'Globex') }).map(({ id, v, name }) => ({
    kind: 'organization' as const,
    organization: { id, name, slug: `${id}-${name}`.toLowerCase(), imageUrl: null, updatedAt: at(v) },
  })),
  fc
    .record({
      organizationId: fc.constantFrom(...organizationIds),
      userId: fc.constantFrom(...userIds),
      // The first membership, or the later one a rejoin creates (new id, later created_at).
      life: fc.constantFrom(0, 1),
      v: step,
      role: fc.constantFrom('org:admin', 'org:member'),
      deleted: fc.constantFrom(false, false, false, true),
    })
    .map(({ organizationId, userId, life, v, role, deleted }) => ({
      kind: 'membership' as const,
      row: {
        membership: { organizationId, userId, clerkId: `orgmem_${organizationId}_${userId}_${life}`, createdAt: at(life * 6), role },
        version: { version: at(v), deleted },
      },
    })),
  fc
    .record({ id: fc.constantFrom('item_a', 'item_b'), v: step, status: fc.constantFrom('active', 'canceled'), listed: fc.boolean() })
    .map(({ id, v, status, listed }) => ({
      kind: 'item' as const,
      item: {
        item: { ...itemTemplate, id, status, updated_at: at(v), subscription_id: listed ? 'csub_a' : '' },
        payer: itemTemplate.payer,
        subscriptionId: null,
      },
    })),
  fc.record({ id: fc.constantFrom(...userIds), v: step }).map(({ id, v }) => ({ kind: 'deleteUser' as const, id, version: at(v) })),
  fc
    .record({ id: fc.constantFrom(...organizationIds), v: step })
    .map(({ id, v }) => ({ kind: 'deleteOrganization' as const, id, version: at(v) })),
);

/**
 * The number of writes that changed their row, per kind. Activity is left out: it is a
 * greatest-wins merge, and a batch naming an id twice changes its row once.
 */
type Changes = Partial<Record<Write['kind'], number>>;
const count = (changes: Changes, kind: Write['kind'], changed: number | boolean) => {
  if (kind !== 'activity') changes[kind] = (changes[kind] ?? 0) + Number(changed);
};

/** The webhook's way: each write alone, in its own transaction. */
async function oneByOne(db: Database, writes: Write[]): Promise<Changes> {
  const changes: Changes = {};
  for (const entry of writes) {
    const changed = await db.transaction(async (tx) => {
      switch (entry.kind) {
        case 'user':
          return writeUser(tx, entry.user);
        case 'activity':
          return recordUserActivity(tx, entry.activity.id, entry.activity);
        case 'organization':
          return writeOrganization(tx, entry.organization);
        case 'membership':
          return writeMembership(tx, entry.row.membership, entry.row.version);
        case 'item':
          return writeSubscriptionItem(tx, entry.item.item, entry.item.payer, entry.item.subscriptionId);
        case 'deleteUser':
          return deleteUser(tx, entry.id, entry.version);
        case 'deleteOrganization':
          return (await deleteOrganization(tx, entry.id, entry.version)).changed;
      }
    });
    count(changes, entry.kind, changed);
  }
  return changes;
}

/** The backfill's way: consecutive writes of a kind in one batch call (deletions stay one by one, as the backfill's are). */
async function inBatches(db: Database, writes: Write[]): Promise<Changes> {
  const changes: Changes = {};
  const runs: Write[][] = [];
  for (const entry of writes) {
    const run = runs.at(-1);
    if (run && run[0]!.kind === entry.kind && !entry.kind.startsWith('delete')) run.push(entry);
    else runs.push([entry]);
  }
  /** The run's writes, all of kind K (a run holds one kind). */
  const of = <K extends Write['kind']>(run: Write[]) => run as Extract<Write, { kind: K }>[];
  for (const run of runs) {
    const kind = run[0]!.kind;
    const changed = await db.transaction(async (tx) => {
      switch (kind) {
        case 'user':
          return writeUsers(
            tx,
            of<'user'>(run).map((entry) => entry.user),
          );
        case 'activity':
          return recordUsersActivity(
            tx,
            of<'activity'>(run).map((entry) => entry.activity),
          );
        case 'organization':
          return writeOrganizations(
            tx,
            of<'organization'>(run).map((entry) => entry.organization),
          );
        case 'membership':
          return writeMemberships(
            tx,
            of<'membership'>(run).map((entry) => entry.row),
          );
        case 'item':
          return writeSubscriptionItems(
            tx,
            of<'item'>(run).map((entry) => entry.item),
          );
        case 'deleteUser': {
          const [entry] = of<'deleteUser'>(run);
          return deleteUser(tx, entry!.id, entry!.version);
        }
        case 'deleteOrganization': {
          const [entry] = of<'deleteOrganization'>(run);
          return (await deleteOrganization(tx, entry!.id, entry!.version)).changed;
        }
      }
    });
    count(changes, kind, changed);
  }
  return changes;
}

/** Every synced table, without the bookkeeping timestamps (when the row was written here). */
async function tables(db: Database) {
  const rows = async <T extends { createdAt: Date; updatedAt: Date }>(query: Promise<T[]>) =>
    (await query).map(({ createdAt: _createdAt, updatedAt: _updatedAt, ...row }) => row);
  return {
    users: await rows(db.select().from(users).orderBy(asc(users.id))),
    organizations: await rows(db.select().from(organizations).orderBy(asc(organizations.id))),
    memberships: await rows(db.select().from(memberships).orderBy(asc(memberships.organizationId), asc(memberships.userId))),
    items: await rows(db.select().from(billingSubscriptionItems).orderBy(asc(billingSubscriptionItems.id))),
  };
}

let perEvent: TestDatabase;
let batched: TestDatabase;
beforeAll(async () => {
  [perEvent, batched] = await Promise.all([createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  await perEvent?.close();
  await batched?.close();
});

async function empty(db: Database) {
  for (const table of [billingSubscriptionItems, memberships, organizations, users]) await db.delete(table);
}

describe('batch writes and one-by-one writes', () => {
  it('end in identical tables and count the same changes, whatever the order, repeats and deletions', async () => {
    let batchedSomething = false;
    await fc.assert(
      fc.asyncProperty(fc.array(write, { minLength: 1, maxLength: 60 }), async (writes) => {
        await Promise.all([empty(perEvent.db), empty(batched.db)]);
        const [one, many] = await Promise.all([oneByOne(perEvent.db, writes), inBatches(batched.db, writes)]);
        expect(many).toEqual(one);
        expect(await tables(batched.db)).toEqual(await tables(perEvent.db));
        batchedSomething ||= writes.some((entry, index) => index > 0 && writes[index - 1]!.kind === entry.kind);
      }),
      { numRuns: 40, seed: 20261205 },
    );
    // The property held on batches of more than one write.
    expect(batchedSomething).toBe(true);
  });

  it('apply an id repeated within one batch in order, as separate events would', async () => {
    const snapshot = (updatedAt: number, firstName: string): UserSnapshot => ({
      id: 'user_repeat',
      email: null,
      firstName,
      lastName: null,
      imageUrl: null,
      role: 'member',
      updatedAt,
      lastSignInAt: null,
      lastActiveAt: null,
    });
    await empty(batched.db);
    // Newer, older, newer still: two of the three apply.
    const changed = await batched.db.transaction((tx) =>
      writeUsers(tx, [snapshot(at(2), 'B'), snapshot(at(1), 'A'), snapshot(at(3), 'C')]),
    );
    expect(changed).toBe(2);
    expect((await tables(batched.db)).users).toMatchObject([{ id: 'user_repeat', firstName: 'C', clerkUpdatedAt: at(3) }]);
  });
});

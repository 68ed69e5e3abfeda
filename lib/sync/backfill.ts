import { and, inArray, isNull, notExists, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import {
  billingSubscriptionItems,
  clerkBackfillCheckpoints,
  clerkBackfillListed,
  memberships,
  organizations,
  users,
} from '@/lib/db/schema';
import { ClerkRequestError, type BackendApi } from './backend-api';
import { writeSubscriptionItem } from './billing';
import type { BillingPayerJSON, MembershipJSON, OrganizationJSON, SubscriptionItemJSON, UserJSON } from './events';
import { membershipFromJSON, writeMembership } from './memberships';
import { ensureReferencedRowsOf } from './stubs';
import { deleteOrganization, organizationFromJSON, writeOrganization } from './organizations';
import { deleteUser, userFromJSON, writeUser } from './users';

export interface EntityCounts {
  /** Listed by Clerk during this run (a resumed run counts from where it resumed). */
  seen: number;
  /** Rows the listing changed (older or missing here); unchanged rows are not counted. */
  written: number;
  /** Live rows here that Clerk no longer has, now tombstoned. */
  tombstoned: number;
}

export interface BackfillReport {
  users: EntityCounts;
  organizations: EntityCounts;
  memberships: EntityCounts;
  /** Paid subscription items (Clerk never deletes one: they end). */
  billing: Omit<EntityCounts, 'tombstoned'>;
  /** Backend API requests made (429s included), and the 429s waited out. */
  requests: { calls: number; rateLimited: number };
  /** True when the run went on from a killed run's checkpoint. */
  resumed: boolean;
}

export interface BackfillOptions {
  /** Page size for Clerk's list endpoints (Clerk allows up to 500). */
  pageSize?: number;
  /** Clerk's clock for tombstones of objects found missing (ms). */
  now?: () => number;
  /** Called after each page is written (the backfill script prints progress). */
  onPage?: (list: ListName, counts: EntityCounts | BackfillReport['billing']) => void;
}

/** Clerk's lists, in the order they are walked: parents before the memberships that name them. */
export type ListName = 'users' | 'organizations' | 'memberships' | 'billing';
const LISTS: ListName[] = ['users', 'organizations', 'memberships', 'billing'];

/** Clerk's list filters take at most 100 ids. */
const ID_FILTER_LIMIT = 100;
/** Clerk's largest page. */
const MAX_PAGE = 500;

interface Position {
  cursor: string | null;
  offset: number;
}

interface Page {
  /** What to write, each with the id the listed set keeps (none for billing: nothing there is tombstoned). */
  write: Array<{ listedId: string | null; apply: (tx: Database) => Promise<boolean> }>;
  /**
   * The indexes of the items whose rows already hold what the listing says (or a later
   * state): the cases where the write would change nothing under the ordering rule
   * (./versioned.ts, ./memberships.ts), read in one query so that they cost no statements.
   */
  current: (tx: Database) => Promise<Set<number>>;
  /** Run once before the page's writes (what they would each do otherwise). */
  prepare?: (tx: Database) => Promise<void>;
  next: Position;
  last: boolean;
}

/** A listed moment (ms) later than the row's. */
const later = (listed: number | null | undefined, stored: Date | null) => listed != null && (stored === null || listed > stored.getTime());

const indexesWhere = <T>(items: T[], test: (item: T) => boolean) => new Set(items.flatMap((item, index) => (test(item) ? [index] : [])));

type Paged<T> = { data: T[]; total_count: number };
type BillingItemJSON = SubscriptionItemJSON & { payer: BillingPayerJSON };

/**
 * One page of a list, from `position`. Users go by Clerk's cursor (`starting_after`, the
 * spec's advice for walking many pages; a page shorter than the limit is the last); the
 * other lists by offset, on the instance-wide endpoints (one walk, not one per organization).
 */
async function fetchPage(clerk: BackendApi, list: ListName, position: Position, limit: number): Promise<Page> {
  const byOffset = async <T>(
    path: string,
    query: Record<string, string>,
    write: (item: T) => Page['write'][number],
    current: (tx: Database, items: T[]) => Promise<Set<number>>,
    prepare?: (tx: Database, items: T[]) => Promise<void>,
  ): Promise<Page> => {
    const { data, total_count } = await clerk.get<Paged<T>>(path, { limit, offset: position.offset, ...query });
    const offset = position.offset + data.length;
    return {
      write: data.map(write),
      current: (tx) => current(tx, data),
      prepare: prepare && ((tx) => prepare(tx, data)),
      next: { cursor: null, offset },
      last: data.length < limit || offset >= total_count,
    };
  };
  switch (list) {
    case 'users': {
      const page = await clerk.get<UserJSON[]>('/users', { limit, order_by: '+created_at', starting_after: position.cursor ?? undefined });
      return {
        write: page.map((user) => ({ listedId: user.id, apply: (tx) => writeUser(tx, userFromJSON(user)) })),
        current: async (tx) => {
          const rows = new Map(
            (
              await tx
                .select()
                .from(users)
                .where(
                  inArray(
                    users.id,
                    page.map((user) => user.id),
                  ),
                )
            ).map((row) => [row.id, row]),
          );
          // A tombstone is final; otherwise the profile is current and the activity (greatest wins) not behind.
          return indexesWhere(page, (user) => {
            const row = rows.get(user.id);
            return Boolean(
              row &&
              (row.deletedAt ||
                (row.clerkUpdatedAt >= user.updated_at &&
                  !later(user.last_sign_in_at, row.lastSignInAt) &&
                  !later(user.last_active_at, row.lastActiveAt))),
            );
          });
        },
        next: { cursor: page.at(-1)?.id ?? position.cursor, offset: 0 },
        last: page.length < limit,
      };
    }
    case 'organizations':
      return byOffset<OrganizationJSON>(
        '/organizations',
        { order_by: '+created_at' },
        (organization) => ({ listedId: organization.id, apply: (tx) => writeOrganization(tx, organizationFromJSON(organization)) }),
        async (tx, items) => {
          const ids = items.map((organization) => organization.id);
          const rows = new Map((await tx.select().from(organizations).where(inArray(organizations.id, ids))).map((row) => [row.id, row]));
          return indexesWhere(items, (organization) => {
            const row = rows.get(organization.id);
            return Boolean(row && (row.deletedAt || row.clerkUpdatedAt >= organization.updated_at));
          });
        },
      );
    case 'memberships':
      return byOffset<MembershipJSON>(
        '/organization_memberships',
        { order_by: '+created_at' },
        (json) => {
          const membership = membershipFromJSON(json);
          return {
            listedId: `${membership.organizationId}:${membership.userId}`,
            apply: (tx) => writeMembership(tx, membership, { version: membership.updatedAt, deleted: false }, { referencesEnsured: true }),
          };
        },
        async (tx, items) => {
          const listed = items.map(membershipFromJSON);
          const rows = await tx
            .select()
            .from(memberships)
            .where(inArray(memberships.userId, [...new Set(listed.map((membership) => membership.userId))]));
          const byPair = new Map(rows.map((row) => [`${row.organizationId}:${row.userId}`, row]));
          // The row holds this same membership (by Clerk's id), ended or at this version or later.
          return indexesWhere(listed, (membership) => {
            const row = byPair.get(`${membership.organizationId}:${membership.userId}`);
            return Boolean(row && row.clerkId === membership.clerkId && (row.endedAt || row.clerkUpdatedAt >= membership.updatedAt));
          });
        },
        (tx, items) =>
          ensureReferencedRowsOf(tx, {
            organizationIds: items.map((membership) => membership.organization.id),
            userIds: items.map((membership) => membership.public_user_data.user_id),
          }),
      );
    case 'billing':
      return byOffset<BillingItemJSON>(
        '/billing/subscription_items',
        {},
        (item) => ({ listedId: null, apply: (tx) => writeSubscriptionItem(tx, item, item.payer, null) }),
        async (tx, items) => {
          const ids = items.map((item) => item.id);
          const rows = new Map(
            (await tx.select().from(billingSubscriptionItems).where(inArray(billingSubscriptionItems.id, ids))).map((row) => [row.id, row]),
          );
          return indexesWhere(items, (item) => (rows.get(item.id)?.clerkUpdatedAt ?? -1) >= item.updated_at);
        },
      );
  }
}

/**
 * Reconciles the mirror with Clerk: walks Clerk's instance-wide lists (users,
 * organizations, memberships, paid subscription items) in pages of 500 and writes
 * them through the same versioned writes as the webhook, so a newer row here is
 * never overwritten by an older listing and a second run changes nothing.
 *
 * Each page is written in one transaction with the ids it listed and the checkpoint
 * (where the next page starts), so a killed backfill resumes after the last page it wrote. Once every list is walked, live rows that Clerk did not list (a deletion
 * whose webhook never arrived) are looked up by id once more and tombstoned only if
 * Clerk confirms they are gone: offset paging can skip an item when something is
 * deleted mid-listing, and a skipped item must not be taken for a deleted one.
 */
export async function backfillFromClerk(db: Database, clerk: BackendApi, options: BackfillOptions = {}): Promise<BackfillReport> {
  const pageSize = Math.min(options.pageSize ?? MAX_PAGE, MAX_PAGE);
  const now = options.now ?? Date.now;
  const [callsBefore, rateLimitedBefore] = [clerk.calls, clerk.rateLimited];
  const counts = () => ({ seen: 0, written: 0, tombstoned: 0 });
  const report: BackfillReport = {
    users: counts(),
    organizations: counts(),
    memberships: counts(),
    billing: { seen: 0, written: 0 },
    requests: { calls: 0, rateLimited: 0 },
    resumed: false,
  };

  const checkpoints = new Map((await db.select().from(clerkBackfillCheckpoints)).map((row) => [row.list as ListName, row]));
  report.resumed = checkpoints.size > 0;
  // No checkpoint: nothing listed yet (a run that completed emptied both tables).
  if (!report.resumed) await db.delete(clerkBackfillListed);

  for (const list of LISTS) {
    const saved = checkpoints.get(list);
    if (saved?.done) continue;
    let position: Position = { cursor: saved?.cursor ?? null, offset: saved?.offset ?? 0 };
    for (let last = false; !last;) {
      let page: Page;
      try {
        page = await fetchPage(clerk, list, position, pageSize);
      } catch (error) {
        // The cursor's user was deleted since the checkpoint: walk the users again (the writes are idempotent).
        if (!(list === 'users' && position.cursor && error instanceof ClerkRequestError && error.status === 422)) throw error;
        position = { cursor: null, offset: 0 };
        continue;
      }
      const entity = report[list];
      await db.transaction(async (tx) => {
        const current = await page.current(tx);
        await page.prepare?.(tx);
        for (const [index, item] of page.write.entries()) {
          entity.seen++;
          if (!current.has(index) && (await item.apply(tx))) entity.written++;
        }
        const listed = page.write.flatMap((item) => (item.listedId ? [{ list, id: item.listedId }] : []));
        if (listed.length) await tx.insert(clerkBackfillListed).values(listed).onConflictDoNothing();
        const checkpoint = { cursor: page.next.cursor, offset: page.next.offset, done: page.last };
        await tx
          .insert(clerkBackfillCheckpoints)
          .values({ list, ...checkpoint })
          .onConflictDoUpdate({ target: clerkBackfillCheckpoints.list, set: { ...checkpoint, updatedAt: sql`now()` } });
      });
      options.onPage?.(list, entity);
      position = page.next;
      last = page.last;
    }
  }

  await tombstoneUnlisted(db, clerk, report, now);
  await db.transaction(async (tx) => {
    await tx.delete(clerkBackfillListed);
    await tx.delete(clerkBackfillCheckpoints);
  });
  report.requests = { calls: clerk.calls - callsBefore, rateLimited: clerk.rateLimited - rateLimitedBefore };
  return report;
}

const unlisted = (list: ListName, id: ReturnType<typeof sql>) =>
  notExists(sql`(select 1 from ${clerkBackfillListed} where ${clerkBackfillListed.list} = ${list} and ${clerkBackfillListed.id} = ${id})`);

/** Live rows no page listed, checked by id with Clerk: what Clerk confirms gone is tombstoned. */
async function tombstoneUnlisted(db: Database, clerk: BackendApi, report: BackfillReport, now: () => number) {
  const missingMemberships = await db
    .select({
      organizationId: memberships.organizationId,
      userId: memberships.userId,
      clerkId: memberships.clerkId,
      createdAt: memberships.clerkCreatedAt,
      role: memberships.role,
    })
    .from(memberships)
    .where(and(isNull(memberships.deletedAt), unlisted('memberships', sql`${memberships.organizationId} || ':' || ${memberships.userId}`)));
  const byOrganization = Map.groupBy(missingMemberships, (membership) => membership.organizationId);
  for (const [organizationId, missing] of byOrganization) {
    const gone = await confirmGone(
      missing.map((membership) => membership.userId),
      async (userIds) =>
        (
          await clerk.get<Paged<MembershipJSON>>(`/organizations/${organizationId}/memberships`, {
            user_id: userIds,
            limit: ID_FILTER_LIMIT,
          })
        ).data.map((membership) => membership.public_user_data.user_id),
    );
    await db.transaction(async (tx) => {
      for (const membership of missing.filter((candidate) => gone.has(candidate.userId))) {
        if (await writeMembership(tx, membership, { version: now(), deleted: true })) report.memberships.tombstoned++;
      }
    });
  }

  const missingUsers = await db
    .select({ id: users.id })
    .from(users)
    .where(and(isNull(users.deletedAt), unlisted('users', sql`${users.id}`)));
  const goneUsers = await confirmGone(
    missingUsers.map((user) => user.id),
    async (userIds) => (await clerk.get<UserJSON[]>('/users', { user_id: userIds, limit: ID_FILTER_LIMIT })).map((user) => user.id),
  );
  await db.transaction(async (tx) => {
    for (const id of goneUsers) if (await deleteUser(tx, id, now())) report.users.tombstoned++;
  });

  const missingOrganizations = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(and(isNull(organizations.deletedAt), unlisted('organizations', sql`${organizations.id}`)));
  const goneOrganizations = await confirmGone(
    missingOrganizations.map((organization) => organization.id),
    async (organizationIds) =>
      (await clerk.get<Paged<OrganizationJSON>>('/organizations', { organization_id: organizationIds, limit: ID_FILTER_LIMIT })).data.map(
        (organization) => organization.id,
      ),
  );
  await db.transaction(async (tx) => {
    for (const id of goneOrganizations) if ((await deleteOrganization(tx, id, now())).changed) report.organizations.tombstoned++;
  });
}

/** The ids that Clerk, asked for them by id (in batches its filters accept), does not return. */
async function confirmGone(ids: string[], lookup: (ids: string[]) => Promise<string[]>): Promise<Set<string>> {
  const gone = new Set<string>();
  for (let start = 0; start < ids.length; start += ID_FILTER_LIMIT) {
    const batch = ids.slice(start, start + ID_FILTER_LIMIT);
    const found = new Set(await lookup(batch));
    for (const id of batch) if (!found.has(id)) gone.add(id);
  }
  return gone;
}

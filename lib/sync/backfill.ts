import { and, isNull, notExists, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { clerkBackfillCheckpoints, clerkBackfillListed, memberships, organizations, users } from '@/lib/db/schema';
import { ClerkRequestError, type BackendApi } from './backend-api';
import { writeSubscriptionItems } from './billing';
import type { BillingPayerJSON, MembershipJSON, OrganizationJSON, SubscriptionItemJSON, UserJSON } from './events';
import { membershipFromJSON, writeMemberships } from './memberships';
import { deleteOrganization, organizationFromJSON, writeOrganizations } from './organizations';
import { deleteUser, userFromJSON, writeUsers } from './users';

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
  /** Items Clerk listed on the page. */
  seen: number;
  /** The ids the listed set keeps (none for billing: nothing there is tombstoned). */
  listedIds: string[];
  /**
   * Writes the page through the sync's batch writes (a few statements per table, whatever the
   * page's size; the same ordering rule as the webhook's) and returns how many rows it changed.
   */
  write: (tx: Database) => Promise<number>;
  next: Position;
  last: boolean;
}

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
    listedId: ((item: T) => string) | null,
    write: (tx: Database, items: T[]) => Promise<number>,
  ): Promise<Page> => {
    const { data, total_count } = await clerk.get<Paged<T>>(path, { limit, offset: position.offset, ...query });
    const offset = position.offset + data.length;
    return {
      seen: data.length,
      listedIds: listedId ? data.map(listedId) : [],
      write: (tx) => write(tx, data),
      next: { cursor: null, offset },
      last: data.length < limit || offset >= total_count,
    };
  };
  switch (list) {
    case 'users': {
      const page = await clerk.get<UserJSON[]>('/users', { limit, order_by: '+created_at', starting_after: position.cursor ?? undefined });
      return {
        seen: page.length,
        listedIds: page.map((user) => user.id),
        write: (tx) => writeUsers(tx, page.map(userFromJSON)),
        next: { cursor: page.at(-1)?.id ?? position.cursor, offset: 0 },
        last: page.length < limit,
      };
    }
    case 'organizations':
      return byOffset<OrganizationJSON>(
        '/organizations',
        { order_by: '+created_at' },
        (organization) => organization.id,
        (tx, items) => writeOrganizations(tx, items.map(organizationFromJSON)),
      );
    case 'memberships':
      return byOffset<MembershipJSON>(
        '/organization_memberships',
        { order_by: '+created_at' },
        (membership) => `${membership.organization.id}:${membership.public_user_data.user_id}`,
        (tx, items) =>
          writeMemberships(
            tx,
            items.map(membershipFromJSON).map((membership) => ({ membership, version: { version: membership.updatedAt, deleted: false } })),
          ),
      );
    case 'billing':
      return byOffset<BillingItemJSON>('/billing/subscription_items', {}, null, (tx, items) =>
        writeSubscriptionItems(
          tx,
          items.map((item) => ({ item, payer: item.payer, subscriptionId: null })),
        ),
      );
  }
}

/**
 * Reconciles the mirror with Clerk: walks Clerk's instance-wide lists (users,
 * organizations, memberships, paid subscription items) in pages of 500 and writes
 * each page through the sync's batch writes, the statements the webhook's single rows
 * go through (./versioned.ts), so a newer row here is never overwritten by an older
 * listing and a second run changes nothing.
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
    let next = prefetch(clerk, list, position, pageSize);
    for (let last = false; !last;) {
      let page: Page;
      try {
        page = await next;
      } catch (error) {
        // The cursor's user was deleted since the checkpoint: walk the users again (the writes are idempotent).
        if (!(list === 'users' && position.cursor && error instanceof ClerkRequestError && error.status === 422)) throw error;
        position = { cursor: null, offset: 0 };
        next = prefetch(clerk, list, position, pageSize);
        continue;
      }
      // Clerk answers the next page while this one is written: the same requests, in the same order.
      if (!page.last) next = prefetch(clerk, list, page.next, pageSize);
      const entity = report[list];
      await db.transaction(async (tx) => {
        entity.seen += page.seen;
        entity.written += await page.write(tx);
        if (page.listedIds.length) {
          await tx
            .insert(clerkBackfillListed)
            .values(page.listedIds.map((id) => ({ list, id })))
            .onConflictDoNothing();
        }
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

/**
 * fetchPage, started now and awaited later. If the run stops before awaiting it (a failed
 * write), its failure is not an unhandled rejection: the write's error is the one reported.
 */
function prefetch(clerk: BackendApi, list: ListName, position: Position, limit: number): Promise<Page> {
  const page = fetchPage(clerk, list, position, limit);
  page.catch(() => {});
  return page;
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
    const version = { version: now(), deleted: true };
    const ended = missing.filter((candidate) => gone.has(candidate.userId)).map((membership) => ({ membership, version }));
    report.memberships.tombstoned += await db.transaction((tx) => writeMemberships(tx, ended));
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

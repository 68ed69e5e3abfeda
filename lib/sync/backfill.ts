import { and, eq, isNull } from 'drizzle-orm';
import type { createClerkClient } from '@clerk/nextjs/server';
import type { Database } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';
import { membershipFromResource, writeMembership, type MembershipSnapshot } from './memberships';
import { deleteOrganization, organizationFromResource, writeOrganization } from './organizations';
import { deleteUser, userFromResource, writeUser } from './users';

type ClerkClient = ReturnType<typeof createClerkClient>;

/** The part of Clerk's Backend API client the backfill reads. */
export interface BackfillClient {
  users: Pick<ClerkClient['users'], 'getUserList'>;
  organizations: Pick<ClerkClient['organizations'], 'getOrganizationList' | 'getOrganizationMembershipList'>;
}

export interface EntityCounts {
  /** Listed by Clerk. */
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
}

export interface BackfillOptions {
  /** Page size for Clerk's list endpoints (Clerk allows up to 500). */
  pageSize?: number;
  /** Clerk's clock for tombstones of objects found missing (ms). */
  now?: () => number;
}

/** Clerk's list filters take at most 100 ids. */
const ID_FILTER_LIMIT = 100;

/**
 * Reconciles the mirror with Clerk: lists users, organizations and each
 * organization's memberships through the Backend API and writes them through
 * the same versioned writes as the webhook (so a newer row here is never
 * overwritten by an older listing). Live rows that Clerk no longer lists (a
 * deletion whose webhook never arrived) are looked up by id once more and
 * tombstoned only if Clerk confirms they are gone: offset paging can skip an
 * item when something is deleted mid-listing, and a skipped item must not be
 * taken for a deleted one.
 */
export async function backfillFromClerk(db: Database, clerk: BackfillClient, options: BackfillOptions = {}): Promise<BackfillReport> {
  const pageSize = options.pageSize ?? 100;
  const now = options.now ?? Date.now;
  const report: BackfillReport = {
    users: { seen: 0, written: 0, tombstoned: 0 },
    organizations: { seen: 0, written: 0, tombstoned: 0 },
    memberships: { seen: 0, written: 0, tombstoned: 0 },
  };

  const listedUsers = new Set<string>();
  for await (const page of pages((params) => clerk.users.getUserList({ ...params, orderBy: '+created_at' }), pageSize)) {
    await db.transaction(async (tx) => {
      for (const user of page) {
        listedUsers.add(user.id);
        report.users.seen++;
        if (await writeUser(tx, userFromResource(user))) report.users.written++;
      }
    });
  }

  const listedOrganizations = new Set<string>();
  for await (const page of pages((params) => clerk.organizations.getOrganizationList({ ...params, orderBy: '+created_at' }), pageSize)) {
    await db.transaction(async (tx) => {
      for (const organization of page) {
        listedOrganizations.add(organization.id);
        report.organizations.seen++;
        if (await writeOrganization(tx, organizationFromResource(organization))) report.organizations.written++;
      }
    });
  }

  for (const organizationId of listedOrganizations) {
    const listedMembers = new Set<string>();
    const list = (params: { limit: number; offset: number }) =>
      clerk.organizations.getOrganizationMembershipList({ organizationId, ...params, orderBy: '+created_at' });
    for await (const page of pages(list, pageSize)) {
      await db.transaction(async (tx) => {
        for (const membership of page.map(membershipFromResource).filter((found): found is MembershipSnapshot => found !== null)) {
          listedMembers.add(membership.userId);
          report.memberships.seen++;
          if (await writeMembership(tx, membership, { version: membership.updatedAt, deleted: false })) report.memberships.written++;
        }
      });
    }
    const live = await db
      .select({ userId: memberships.userId, clerkId: memberships.clerkId, createdAt: memberships.clerkCreatedAt, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), isNull(memberships.deletedAt)));
    const missing = live.filter((membership) => !listedMembers.has(membership.userId));
    const gone = await confirmGone(
      missing.map((membership) => membership.userId),
      async (userId) =>
        (await clerk.organizations.getOrganizationMembershipList({ organizationId, userId })).data.map(
          (found) => found.publicUserData?.userId ?? '',
        ),
    );
    await db.transaction(async (tx) => {
      for (const membership of missing.filter((candidate) => gone.has(candidate.userId))) {
        if (await writeMembership(tx, { organizationId, ...membership }, { version: now(), deleted: true }))
          report.memberships.tombstoned++;
      }
    });
  }

  const liveUsers = await db.select({ id: users.id }).from(users).where(isNull(users.deletedAt));
  const goneUsers = await confirmGone(
    liveUsers.map((user) => user.id).filter((id) => !listedUsers.has(id)),
    async (userId) => (await clerk.users.getUserList({ userId })).data.map((user) => user.id),
  );
  await db.transaction(async (tx) => {
    for (const id of goneUsers) if (await deleteUser(tx, id, now())) report.users.tombstoned++;
  });

  const liveOrganizations = await db.select({ id: organizations.id }).from(organizations).where(isNull(organizations.deletedAt));
  const goneOrganizations = await confirmGone(
    liveOrganizations.map((organization) => organization.id).filter((id) => !listedOrganizations.has(id)),
    async (organizationId) =>
      (await clerk.organizations.getOrganizationList({ organizationId })).data.map((organization) => organization.id),
  );
  await db.transaction(async (tx) => {
    for (const id of goneOrganizations) if ((await deleteOrganization(tx, id, now())).changed) report.organizations.tombstoned++;
  });

  return report;
}

/** Every page of an offset-paginated Clerk list. */
async function* pages<T>(list: (params: { limit: number; offset: number }) => Promise<{ data: T[]; totalCount: number }>, limit: number) {
  for (let offset = 0; ; offset += limit) {
    const { data, totalCount } = await list({ limit, offset });
    if (data.length > 0) yield data;
    if (data.length < limit || offset + data.length >= totalCount) return;
  }
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

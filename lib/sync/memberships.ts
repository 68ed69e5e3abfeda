import { and, eq, sql } from 'drizzle-orm';
import type { OrganizationMembership } from '@clerk/nextjs/server';
import type { Database } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';
import type { MembershipJSON } from './events';
import { ensureReferencedRowsOf } from './stubs';
import { upsertRows, type RowRule, type Upsert, type Version } from './versioned';

export interface MembershipSnapshot {
  /** Clerk's membership id (orgmem_...): a rejoin gets a new one. */
  clerkId: string;
  organizationId: string;
  userId: string;
  role: string;
  createdAt: number;
  updatedAt: number;
}

export const membershipFromJSON = (json: MembershipJSON): MembershipSnapshot => ({
  clerkId: json.id,
  organizationId: json.organization.id,
  userId: json.public_user_data.user_id,
  role: json.role,
  createdAt: json.created_at,
  updatedAt: json.updated_at,
});

/** Null when Clerk returns a membership without its user (the SDK types allow it). */
export const membershipFromResource = (membership: OrganizationMembership): MembershipSnapshot | null =>
  membership.publicUserData?.userId
    ? {
        clerkId: membership.id,
        organizationId: membership.organization.id,
        userId: membership.publicUserData.userId,
        role: membership.role,
        createdAt: membership.createdAt,
        updatedAt: membership.updatedAt,
      }
    : null;

/** What a membership write needs; `clerkId` is null only when re-writing a row that has none. */
export type MembershipWrite = Pick<MembershipSnapshot, 'organizationId' | 'userId' | 'role' | 'createdAt'> & { clerkId: string | null };

/**
 * Upserts (or, with `deleted`, ends) a membership, creating stub user and
 * organization rows if they have not arrived yet. Returns whether the row changed.
 *
 * The row is keyed by (organization, user) and holds the latest membership
 * between them. Clerk identifies a membership by its id, and a member who
 * leaves and rejoins gets a new membership, with a new id and a later
 * `created_at`. So, on top of the rule in ./versioned:
 * - an event of a later membership (by `created_at`, then id) replaces the row,
 *   tombstone included: the old membership's deletion never hides a rejoin;
 * - an event of an earlier membership changes nothing;
 * - within one membership, its deletion is final (`ended_at`) whatever its
 *   stamp, and updates apply while it has not ended and only when newer.
 * `deleted_at` is then derived from `ended_at` and the parents' tombstones.
 */
export async function writeMembership(tx: Database, membership: MembershipWrite, version: Version): Promise<boolean> {
  return (await writeMemberships(tx, [{ membership, version }])) > 0;
}

export interface MembershipRow {
  membership: MembershipWrite;
  version: Version;
}

/**
 * The rule above, on a stored and an incoming row. A row without a membership id (written by
 * hand or before ids were kept) is taken for the same membership unless the incoming one was
 * created after the row's last version.
 */
const membershipRule: RowRule = ({ stored, incoming }) => {
  const sameMembership = sql`(${stored(memberships.clerkId)} is not distinct from ${incoming(memberships.clerkId)}
    or (${stored(memberships.clerkId)} is null and ${incoming(memberships.clerkCreatedAt)} <= ${stored(memberships.clerkUpdatedAt)}))`;
  const laterMembership = sql`(not ${sameMembership} and (${stored(memberships.clerkId)} is null
    or (${stored(memberships.clerkCreatedAt)}, ${stored(memberships.clerkId)}) < (${incoming(memberships.clerkCreatedAt)}, coalesce(${incoming(memberships.clerkId)}, ''))))`;
  const withinMembership = sql`case when ${incoming(memberships.endedAt)} is not null
    then ${stored(memberships.endedAt)} is null or ${stored(memberships.endedAt)} > ${incoming(memberships.endedAt)}
    else ${stored(memberships.endedAt)} is null and ${stored(memberships.clerkUpdatedAt)} < ${incoming(memberships.clerkUpdatedAt)} end`;
  return sql`${laterMembership} or (${sameMembership} and (${withinMembership}))`;
};
const membershipUpsert: Upsert = { key: ['organizationId', 'userId'], accepted: membershipRule };

/**
 * Many membership writes, in order, as writeMembership would apply them one by one (a page of
 * the backfill: a few statements whatever its size). Returns how many of them changed their row.
 */
export async function writeMemberships(tx: Database, rows: readonly MembershipRow[]): Promise<number> {
  if (!rows.length) return 0;
  const pairs = rows.map(({ membership: { organizationId, userId } }) => ({ organizationId, userId }));
  await ensureReferencedRowsOf(tx, {
    organizationIds: pairs.map((pair) => pair.organizationId),
    userIds: pairs.map((pair) => pair.userId),
  });
  const written = await upsertRows(
    tx,
    memberships,
    membershipUpsert,
    rows.map(({ membership: { organizationId, userId, clerkId, createdAt, role }, version: { version, deleted } }) => {
      const endedAt = deleted ? new Date(version) : null;
      return { organizationId, userId, clerkId, clerkCreatedAt: createdAt, role, clerkUpdatedAt: version, endedAt, deletedAt: endedAt };
    }),
  );
  await inheritParentTombstones(tx, { pairs });
  return written;
}

/**
 * A membership is deleted from the earliest of: its own deletion (`ended_at`), its
 * organization's, its user's. Computing it from those facts (rather than from
 * whichever event arrived last) is what makes the result independent of
 * delivery order; it runs after every membership write and every parent deletion.
 */
export async function inheritParentTombstones(
  tx: Database,
  scope: { organizationId: string } | { userId: string } | { pairs: ReadonlyArray<{ organizationId: string; userId: string }> },
): Promise<void> {
  const parentsDeletedAt = sql`least(
    (select ${organizations.deletedAt} from ${organizations} where ${organizations.id} = ${memberships.organizationId}),
    (select ${users.deletedAt} from ${users} where ${users.id} = ${memberships.userId}))`;
  const inScope =
    'pairs' in scope
      ? sql`(${memberships.organizationId}, ${memberships.userId}) in (select * from unnest(
          ${sql.param(scope.pairs.map((pair) => pair.organizationId))}::text[], ${sql.param(scope.pairs.map((pair) => pair.userId))}::text[]))`
      : 'organizationId' in scope
        ? eq(memberships.organizationId, scope.organizationId)
        : eq(memberships.userId, scope.userId);
  await tx
    .update(memberships)
    .set({ deletedAt: sql`least(${memberships.deletedAt}, ${parentsDeletedAt})`, updatedAt: sql`now()` })
    .where(and(inScope, sql`${parentsDeletedAt} < coalesce(${memberships.deletedAt}, 'infinity')`));
}

import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { OrganizationMembership } from '@clerk/nextjs/server';
import type { Database } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';
import type { MembershipJSON } from './events';
import { ensureReferencedRows } from './stubs';
import type { Version } from './versioned';

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
export async function writeMembership(
  tx: Database,
  membership: MembershipWrite,
  { version, deleted }: Version,
  /** The caller already ensured the user and organization rows for a batch (ensureReferencedRowsOf). */
  { referencesEnsured = false } = {},
): Promise<boolean> {
  const { organizationId, userId, clerkId, createdAt, role } = membership;
  if (!referencesEnsured) await ensureReferencedRows(tx, { organizationId, userId });
  const endedAt = deleted ? new Date(version) : null;
  const state = { clerkId, clerkCreatedAt: createdAt, role, clerkUpdatedAt: version, endedAt, deletedAt: endedAt };
  // A row without a membership id (written by hand or before ids were kept) is taken for
  // the same membership unless the incoming one was created after the row's last version.
  const sameMembership = sql`(${memberships.clerkId} is not distinct from ${clerkId}::text
    or (${memberships.clerkId} is null and ${createdAt}::bigint <= ${memberships.clerkUpdatedAt}))`;
  const laterMembership = sql`(not ${sameMembership} and (${memberships.clerkId} is null
    or (${memberships.clerkCreatedAt}, ${memberships.clerkId}) < (${createdAt}::bigint, ${clerkId ?? ''}::text)))`;
  const withinMembership = deleted
    ? or(isNull(memberships.endedAt), gt(memberships.endedAt, endedAt!))
    : and(isNull(memberships.endedAt), lt(memberships.clerkUpdatedAt, version));
  const written = await tx
    .insert(memberships)
    .values({ organizationId, userId, ...state })
    .onConflictDoUpdate({
      target: [memberships.organizationId, memberships.userId],
      set: { ...state, updatedAt: sql`now()` },
      setWhere: or(laterMembership, and(sameMembership, withinMembership)),
    })
    .returning({ version: memberships.clerkUpdatedAt });
  await inheritParentTombstones(tx, { organizationId, userId });
  return written.length > 0;
}

/**
 * A membership is deleted from the earliest of: its own deletion (`ended_at`), its
 * organization's, its user's. Computing it from those facts (rather than from
 * whichever event arrived last) is what makes the result independent of
 * delivery order; it runs after every membership write and every parent deletion.
 */
export async function inheritParentTombstones(tx: Database, scope: { organizationId?: string; userId?: string }): Promise<void> {
  const parentsDeletedAt = sql`least(
    (select ${organizations.deletedAt} from ${organizations} where ${organizations.id} = ${memberships.organizationId}),
    (select ${users.deletedAt} from ${users} where ${users.id} = ${memberships.userId}))`;
  await tx
    .update(memberships)
    .set({ deletedAt: sql`least(${memberships.deletedAt}, ${parentsDeletedAt})`, updatedAt: sql`now()` })
    .where(
      and(
        scope.organizationId ? eq(memberships.organizationId, scope.organizationId) : undefined,
        scope.userId ? eq(memberships.userId, scope.userId) : undefined,
        sql`${parentsDeletedAt} < coalesce(${memberships.deletedAt}, 'infinity')`,
      ),
    );
}

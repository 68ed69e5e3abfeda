import { and, eq, sql } from 'drizzle-orm';
import type { OrganizationMembership } from '@clerk/nextjs/server';
import type { Database } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';
import type { MembershipJSON } from './events';
import { ensureReferencedRows } from './stubs';
import { versionedWriter } from './versioned';

export interface MembershipSnapshot {
  /** Clerk's membership id (orgmem_...). */
  clerkId: string;
  organizationId: string;
  userId: string;
  role: string;
  updatedAt: number;
}

export const membershipFromJSON = (json: MembershipJSON): MembershipSnapshot => ({
  clerkId: json.id,
  organizationId: json.organization.id,
  userId: json.public_user_data.user_id,
  role: json.role,
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
        updatedAt: membership.updatedAt,
      }
    : null;

// Versioned tombstones: leaving and rejoining reuses the (organization, user) key.
const writeMembershipRow = versionedWriter(memberships, ['organizationId', 'userId'], 'versioned');

/**
 * Upserts (or, with `deleted`, tombstones) a membership at `version`, creating
 * stub user and organization rows if they have not arrived yet.
 */
export async function writeMembership(
  tx: Database,
  membership: Pick<MembershipSnapshot, 'organizationId' | 'userId' | 'role'> & { clerkId: string | null },
  { version, deleted }: { version: number; deleted: boolean },
): Promise<boolean> {
  const { organizationId, userId } = membership;
  await ensureReferencedRows(tx, { organizationId, userId });
  const changed = await writeMembershipRow(
    tx,
    { organizationId, userId, clerkId: membership.clerkId, role: membership.role },
    { version, deleted },
  );
  await inheritParentTombstones(tx, { organizationId, userId });
  return changed;
}

/**
 * A membership is deleted from the earliest of: its own deletion, its
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

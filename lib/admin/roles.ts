import { eq, sql } from 'drizzle-orm';
import type { AppRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { auditLog, users } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { userFromResource, writeUser, type ClerkUserResource } from '@/lib/sync/users';
import { countAdmins } from './users';

/** Where app roles live: Clerk's `publicMetadata.role` (lib/admin/clerk.ts), a fake in tests. */
export interface RoleDirectory {
  /** Sets the role and returns the user as Clerk now has it. */
  setRole(userId: string, role: AppRole): Promise<ClerkUserResource>;
}

export interface RoleChange {
  actorId: string;
  userId: string;
  role: AppRole;
}

export interface RoleChangeResult {
  userId: string;
  role: AppRole;
  previousRole: AppRole;
}

export const ROLE_CHANGED_ACTION = 'user.role_changed';

/** Role changes run one at a time (a transaction-scoped advisory lock), so two cannot both pass the last-admin check. */
const ROLE_CHANGE_LOCK = 0x726f6c65; // "role"

/**
 * Changes a user's app role: Clerk first (the source of truth), then the
 * mirror and the audit log, all inside one transaction that also checks the
 * last-admin rule.
 *
 * The mirror is written here, not only by the `user.updated` webhook, so the
 * last-admin count and the admin list are right the moment this returns. It is
 * written through the sync's versioned write with the user Clerk returned, so it
 * is exactly the state the webhook will carry: the webhook for this change is
 * then a no-op, older deliveries are ignored and newer ones still apply
 * (`clerk_updated_at` ordering, lib/sync/versioned.ts). If the commit fails
 * after Clerk accepted the change, the webhook brings the mirror there anyway.
 *
 * Throws AppError `not_found` (unknown or deleted user) and `last_admin`.
 */
export async function changeRole(db: Database, directory: RoleDirectory, { actorId, userId, role }: RoleChange): Promise<RoleChangeResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${ROLE_CHANGE_LOCK})`);
    const [target] = await tx.select({ role: users.role, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
    if (!target || target.deletedAt) throw new AppError('not_found', 'There is no such user.');
    const previousRole = target.role as AppRole;

    if (previousRole === 'admin' && role !== 'admin' && (await countAdmins(tx)) <= 1) {
      throw new AppError('last_admin', 'This is the last admin. Make someone else an admin first.');
    }

    const updated = await directory.setRole(userId, role);
    await writeUser(tx, userFromResource(updated));
    await tx.insert(auditLog).values({
      actorId,
      action: ROLE_CHANGED_ACTION,
      targetType: 'user',
      targetId: userId,
      metadata: { from: previousRole, to: role },
    });
    return { userId, role, previousRole };
  });
}

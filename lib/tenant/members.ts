import 'server-only';
import { and, asc, count, eq, isNull, ne } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { memberships, users } from '@/lib/db/schema';
import { HttpError } from '@/lib/http/handler';
import { isOrgRole, type OrgRole } from '@/lib/auth/permissions';
import { notFound } from './errors';
import type { TenantScope } from './scope';

export interface Member {
  userId: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  role: OrgRole;
  joinedAt: Date;
}

const live = (orgId: string) => and(eq(memberships.organizationId, orgId), isNull(memberships.deletedAt));

/** The organization's members with their roles, from the app's mirror of Clerk. Admins first. */
export async function listMembers(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<Member[]> {
  const rows = await db
    .select({
      userId: memberships.userId,
      email: users.email,
      firstName: users.firstName,
      lastName: users.lastName,
      imageUrl: users.imageUrl,
      role: memberships.role,
      joinedAt: memberships.createdAt,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(live(scope.orgId), isNull(users.deletedAt)))
    .orderBy(asc(memberships.role), asc(users.email));
  return rows.map((row) => ({ ...row, role: isOrgRole(row.role) ? row.role : 'org:member' }));
}

/**
 * The last-admin rule, checked against the database before a role change
 * (`nextRole`) or a removal (`nextRole: null`) goes to Clerk: an organization
 * always keeps at least one admin. A user who is not a member here is not found.
 */
export async function assertKeepsAnAdmin(db: Database, scope: Pick<TenantScope, 'orgId'>, userId: string, nextRole: OrgRole | null): Promise<void> {
  const [target] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(live(scope.orgId), eq(memberships.userId, userId)));
  if (!target) throw notFound('Member');
  if (target.role !== 'org:admin' || nextRole === 'org:admin') return;

  const [others] = await db
    .select({ admins: count() })
    .from(memberships)
    .where(and(live(scope.orgId), eq(memberships.role, 'org:admin'), ne(memberships.userId, userId)));
  if (!others?.admins) {
    throw new HttpError(
      409,
      'last_admin',
      nextRole ? 'The last admin cannot be demoted. Make another member an admin first.' : 'The last admin cannot be removed. Make another member an admin first.',
    );
  }
}

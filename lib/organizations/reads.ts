import 'server-only';
import { and, asc, count, desc, eq, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { TenantScope } from '@/lib/auth/scope';
import { isOrgRole, orgRolesThatMay, type OrgRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { billingSubscriptionItems, invitations, memberships, organizations, users, type BillingSubscriptionItem } from '@/lib/db/schema';
import { AppError, notFound } from '@/lib/errors';
import type { Organization } from './schema';

/**
 * Reads come from the app's Postgres copy of Clerk (kept by the webhook, lib/sync):
 * no call to Clerk, so pages list members and invitations in one query.
 * Writes go to Clerk (./writes.ts).
 */

export type OrganizationRecord = Omit<Organization, 'role'>;

/** The organization from the app's mirror, or null while Clerk's webhook has not delivered it (or after it was deleted). */
export async function getOrganization(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<OrganizationRecord | null> {
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      imageUrl: organizations.imageUrl,
      createdAt: organizations.createdAt,
      membersCount:
        sql<number>`(select count(*) from ${memberships} where ${memberships.organizationId} = ${organizations.id} and ${memberships.deletedAt} is null)`.mapWith(
          Number,
        ),
    })
    .from(organizations)
    .where(and(eq(organizations.id, scope.orgId), isNull(organizations.deletedAt)));
  if (!row?.slug) return null;
  return { ...row, slug: row.slug, imageUrl: row.imageUrl ?? undefined };
}

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
 * always keeps at least one admin (a role that may manage members, in the matrix).
 * A user who is not a member here is not found.
 */
export async function assertKeepsAnAdmin(
  db: Database,
  scope: Pick<TenantScope, 'orgId'>,
  userId: string,
  nextRole: OrgRole | null,
): Promise<void> {
  const [target] = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(live(scope.orgId), eq(memberships.userId, userId)));
  if (!target) throw notFound('Member');
  const admins: string[] = orgRolesThatMay('members', 'update');
  if (!admins.includes(target.role) || (nextRole && admins.includes(nextRole))) return;

  const [others] = await db
    .select({ admins: count() })
    .from(memberships)
    .where(and(live(scope.orgId), inArray(memberships.role, admins), ne(memberships.userId, userId)));
  if (!others?.admins) {
    throw new AppError(
      'last_admin',
      nextRole
        ? 'The last admin cannot be demoted. Make another member an admin first.'
        : 'The last admin cannot be removed. Make another member an admin first.',
    );
  }
}

export interface PendingInvitation {
  id: string;
  email: string;
  role: OrgRole;
  createdAt: Date;
}

/** Invitations still waiting for an answer, newest first, from the app's mirror of Clerk. */
export async function listPendingInvitations(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<PendingInvitation[]> {
  const rows = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, scope.orgId), eq(invitations.status, 'pending'), isNull(invitations.deletedAt)))
    .orderBy(desc(invitations.createdAt));
  return rows.map((row) => ({ ...row, role: isOrgRole(row.role) ? row.role : 'org:member' }));
}

/** The organizations a user belongs to, from the app's mirror, with their role in each. */
export function listOrganizationsForUser(db: Database, userId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), isNull(memberships.deletedAt), isNull(organizations.deletedAt)))
    .orderBy(asc(organizations.name));
}

/** Items that describe what the organization has now or will have next (not ended, abandoned or incomplete). */
const CURRENT_STATUSES = ['active', 'canceled', 'past_due', 'upcoming'];

/**
 * The organization's current and upcoming subscription items from the mirror
 * (Clerk's billing webhooks), newest period first: no call to Clerk. A
 * `canceled` item still runs until its `periodEnd`; an `upcoming` one starts then.
 */
export function listSubscriptionItems(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<BillingSubscriptionItem[]> {
  return db
    .select()
    .from(billingSubscriptionItems)
    .where(and(eq(billingSubscriptionItems.organizationId, scope.orgId), inArray(billingSubscriptionItems.status, CURRENT_STATUSES)))
    .orderBy(desc(billingSubscriptionItems.periodStart), desc(billingSubscriptionItems.clerkUpdatedAt));
}

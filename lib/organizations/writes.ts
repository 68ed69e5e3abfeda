import 'server-only';
import { clerkClient, type OrganizationInvitation } from '@clerk/nextjs/server';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { recordAudit } from '@/lib/audit/log';
import type { TenantScope } from '@/lib/auth/scope';
import { AppError } from '@/lib/errors';
import { writeInvitation } from '@/lib/sync/invitations';
import { membershipFromResource, writeMembership } from '@/lib/sync/memberships';
import { organizationFromResource, writeOrganization } from '@/lib/sync/organizations';
import { rethrowClerkError } from './clerk-errors';
import { assertKeepsAnAdmin } from './reads';
import type {
  changeMemberRoleSchema,
  changeSlugSchema,
  declineInvitationSchema,
  deleteOrganizationSchema,
  inviteMemberSchema,
  removeMemberSchema,
  renameOrganizationSchema,
  revokeInvitationSchema,
} from './schema';

/**
 * Writes go to Clerk (the source of truth for
 * organizations, memberships and invitations); Clerk's webhook then brings
 * the app's database along. The organization is always the caller's scope.
 * Callers check the permission (lib/auth/guards) before calling; the one exception,
 * `declineInvitation`, acts for the invitee and checks that here, with Clerk.
 *
 * Read-your-writes: Clerk's answer to an update is applied to the mirror at
 * once, through lib/sync under the same `updated_at` rule as the webhook (which
 * then finds nothing newer to do, and an answer older than the mirror changes
 * nothing). Deletions wait for the webhook, which dates them; a removal is
 * tombstoned at once at the current time (the webhook's deletion, final for the
 * same membership id, at most dates it earlier), so the last-admin rule never
 * counts a member Clerk has already removed.
 */

type OrganizationsApi = Awaited<ReturnType<typeof clerkClient>>['organizations'];

const mirror = {
  organization: (db: Database, organization: Parameters<typeof organizationFromResource>[0]) =>
    db.transaction((tx) => writeOrganization(tx, organizationFromResource(organization))),
  membership: async (db: Database, membership: Parameters<typeof membershipFromResource>[0]) => {
    const snapshot = membershipFromResource(membership);
    if (snapshot) await db.transaction((tx) => writeMembership(tx, snapshot, { version: snapshot.updatedAt, deleted: false }));
  },
  invitation: (db: Database, invitation: OrganizationInvitation) =>
    db.transaction((tx) =>
      writeInvitation(tx, {
        id: invitation.id,
        organizationId: invitation.organizationId,
        email: invitation.emailAddress,
        role: invitation.role,
        status: invitation.status ?? 'pending',
        updatedAt: invitation.updatedAt,
      }),
    ),
};

async function clerk<T>(call: (organizations: OrganizationsApi) => Promise<T>): Promise<T> {
  const { organizations } = await clerkClient();
  try {
    return await call(organizations);
  } catch (error) {
    rethrowClerkError(error);
  }
}

/**
 * Role changes and removals in one organization run one at a time (a
 * transaction-scoped advisory lock), so two admins demoting themselves at once
 * cannot both pass the last-admin rule.
 */
function withMembersLock<T>(db: Database, scope: TenantScope, run: (tx: Database) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`org-members:${scope.orgId}`}))`);
    return run(tx);
  });
}

export async function changeMemberRole(db: Database, scope: TenantScope, input: z.output<typeof changeMemberRoleSchema>) {
  await withMembersLock(db, scope, async (tx) => {
    await assertKeepsAnAdmin(tx, scope, input.userId, input.role);
    const membership = await clerk((api) =>
      api.updateOrganizationMembership({ organizationId: scope.orgId, userId: input.userId, role: input.role }),
    );
    await mirror.membership(tx, membership);
  });
  await recordAudit(db, scope, 'member.role_changed', { type: 'member', id: input.userId }, { role: input.role });
}

export async function removeMember(db: Database, scope: TenantScope, input: z.output<typeof removeMemberSchema>) {
  await withMembersLock(db, scope, async (tx) => {
    await assertKeepsAnAdmin(tx, scope, input.userId, null);
    const removed = await clerk((api) => api.deleteOrganizationMembership({ organizationId: scope.orgId, userId: input.userId }));
    await writeMembership(
      tx,
      { organizationId: scope.orgId, userId: input.userId, role: removed.role, clerkId: removed.id, createdAt: removed.createdAt },
      // Final for this membership id whatever the clocks say; the webhook's deletion may only move the date earlier.
      { version: Date.now(), deleted: true },
    );
  });
  await recordAudit(db, scope, 'member.removed', { type: 'member', id: input.userId });
}

export async function inviteMember(db: Database, scope: TenantScope, input: z.output<typeof inviteMemberSchema>) {
  const invitation = await clerk((api) =>
    api.createOrganizationInvitation({
      organizationId: scope.orgId,
      emailAddress: input.email,
      role: input.role,
      inviterUserId: scope.userId,
    }),
  );
  await mirror.invitation(db, invitation);
  await recordAudit(db, scope, 'invitation.created', { type: 'invitation', id: invitation.id }, { email: input.email, role: input.role });
  return { id: invitation.id, email: invitation.emailAddress, role: input.role };
}

export async function revokeInvitation(db: Database, scope: TenantScope, input: z.output<typeof revokeInvitationSchema>) {
  const invitation = await clerk((api) =>
    api.revokeOrganizationInvitation({ organizationId: scope.orgId, invitationId: input.invitationId, requestingUserId: scope.userId }),
  );
  await mirror.invitation(db, invitation);
  await recordAudit(db, scope, 'invitation.revoked', { type: 'invitation', id: input.invitationId });
}

export async function renameOrganization(db: Database, scope: TenantScope, input: z.output<typeof renameOrganizationSchema>) {
  const organization = await clerk((api) => api.updateOrganization(scope.orgId, { name: input.name }));
  await mirror.organization(db, organization);
  await recordAudit(db, scope, 'organization.renamed', { type: 'organization', id: scope.orgId }, { name: organization.name });
  return { name: organization.name };
}

export async function changeOrganizationSlug(db: Database, scope: TenantScope, input: z.output<typeof changeSlugSchema>) {
  const organization = await clerk((api) => api.updateOrganization(scope.orgId, { slug: input.slug }));
  if (!organization.slug) throw new Error('Clerk returned an organization without a slug');
  await mirror.organization(db, organization);
  await recordAudit(db, scope, 'organization.slug_changed', { type: 'organization', id: scope.orgId }, { slug: organization.slug });
  return { slug: organization.slug };
}

/** Deletes only when the typed name matches the organization's current name in Clerk. */
export async function deleteOrganization(db: Database, scope: TenantScope, input: z.output<typeof deleteOrganizationSchema>) {
  const current = await clerk((api) => api.getOrganization({ organizationId: scope.orgId }));
  if (input.confirmName !== current.name) {
    throw new AppError('confirmation_mismatch', `Type the organization's name, ${current.name}, exactly to confirm.`);
  }
  await clerk((api) => api.deleteOrganization(scope.orgId));
  await recordAudit(db, scope, 'organization.deleted', { type: 'organization', id: scope.orgId }, { name: current.name });
}

const notYourInvitation = () =>
  new AppError('not_found', 'You have no pending invitation with that id: it is addressed to another email address, or it does not exist.');

/**
 * The invitee turns an invitation down. Clerk's Frontend API has no decline for
 * the invited user, so the server revokes it for them, once Clerk confirms it is
 * addressed to one of their verified email addresses. Someone else's invitation
 * and an unknown id get the same 404, which confirms nothing. Clerk then sends
 * `organizationInvitation.revoked`, as when an admin revokes it.
 */
export async function declineInvitation(db: Database, userId: string, input: z.output<typeof declineInvitationSchema>) {
  const { users } = await clerkClient();
  const [user, invitation] = await Promise.all([
    users.getUser(userId),
    clerk((api) => api.getOrganizationInvitation(input)).catch((error: unknown) => {
      throw error instanceof AppError && error.code === 'not_found' ? notYourInvitation() : error;
    }),
  ]);
  const verified = new Set(
    user.emailAddresses
      .filter((address) => address.verification?.status === 'verified')
      .map((address) => address.emailAddress.toLowerCase()),
  );
  if (!verified.has(invitation.emailAddress.toLowerCase())) throw notYourInvitation();
  if (invitation.status !== 'pending')
    throw new AppError(
      'invitation_not_pending',
      `This invitation is ${invitation.status ?? 'no longer pending'}; there is nothing to decline.`,
    );
  // No requesting user: Clerk would require an admin of the organization, which the invitee is not.
  const revoked = await clerk((api) =>
    api.revokeOrganizationInvitation({ organizationId: input.organizationId, invitationId: input.invitationId }),
  );
  await mirror.invitation(db, revoked);
  await recordAudit(db, { orgId: revoked.organizationId, userId }, 'invitation.declined', { type: 'invitation', id: revoked.id });
}

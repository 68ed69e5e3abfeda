import 'server-only';
import { clerkClient } from '@clerk/nextjs/server';
import type { z } from 'zod';
import type { Database } from '@/lib/db/client';
import { HttpError } from '@/lib/http/handler';
import { recordAudit } from '@/lib/tenant/audit';
import { assertKeepsAnAdmin } from '@/lib/tenant/members';
import type { TenantScope } from '@/lib/tenant/scope';
import { rethrowClerkError } from './clerk-errors';
import type {
  changeMemberRoleSchema,
  changeSlugSchema,
  deleteOrganizationSchema,
  inviteMemberSchema,
  removeMemberSchema,
  renameOrganizationSchema,
  revokeInvitationSchema,
} from './schema';

/**
 * Organization management: writes go to Clerk (the source of truth for
 * organizations, memberships and invitations); Clerk's webhook then brings
 * the app's database along. The organization is always the caller's scope.
 * Callers check the role (org:admin) before calling.
 */

type OrganizationsApi = Awaited<ReturnType<typeof clerkClient>>['organizations'];

async function clerk<T>(call: (organizations: OrganizationsApi) => Promise<T>): Promise<T> {
  const { organizations } = await clerkClient();
  try {
    return await call(organizations);
  } catch (error) {
    rethrowClerkError(error);
  }
}

export async function changeMemberRole(db: Database, scope: TenantScope, input: z.output<typeof changeMemberRoleSchema>) {
  await assertKeepsAnAdmin(db, scope, input.userId, input.role);
  await clerk((api) => api.updateOrganizationMembership({ organizationId: scope.orgId, userId: input.userId, role: input.role }));
  await recordAudit(db, scope, 'member.role_changed', { type: 'member', id: input.userId }, { role: input.role });
}

export async function removeMember(db: Database, scope: TenantScope, input: z.output<typeof removeMemberSchema>) {
  await assertKeepsAnAdmin(db, scope, input.userId, null);
  await clerk((api) => api.deleteOrganizationMembership({ organizationId: scope.orgId, userId: input.userId }));
  await recordAudit(db, scope, 'member.removed', { type: 'member', id: input.userId });
}

export async function inviteMember(db: Database, scope: TenantScope, input: z.output<typeof inviteMemberSchema>) {
  const invitation = await clerk((api) =>
    api.createOrganizationInvitation({ organizationId: scope.orgId, emailAddress: input.email, role: input.role, inviterUserId: scope.userId }),
  );
  await recordAudit(db, scope, 'invitation.created', { type: 'invitation', id: invitation.id }, { email: input.email, role: input.role });
  return { id: invitation.id, email: invitation.emailAddress, role: input.role };
}

export async function revokeInvitation(db: Database, scope: TenantScope, input: z.output<typeof revokeInvitationSchema>) {
  await clerk((api) =>
    api.revokeOrganizationInvitation({ organizationId: scope.orgId, invitationId: input.invitationId, requestingUserId: scope.userId }),
  );
  await recordAudit(db, scope, 'invitation.revoked', { type: 'invitation', id: input.invitationId });
}

export async function renameOrganization(db: Database, scope: TenantScope, input: z.output<typeof renameOrganizationSchema>) {
  const organization = await clerk((api) => api.updateOrganization(scope.orgId, { name: input.name }));
  await recordAudit(db, scope, 'organization.renamed', { type: 'organization', id: scope.orgId }, { name: organization.name });
  return { name: organization.name };
}

export async function changeOrganizationSlug(db: Database, scope: TenantScope, input: z.output<typeof changeSlugSchema>) {
  const organization = await clerk((api) => api.updateOrganization(scope.orgId, { slug: input.slug }));
  if (!organization.slug) throw new Error('Clerk returned an organization without a slug');
  await recordAudit(db, scope, 'organization.slug_changed', { type: 'organization', id: scope.orgId }, { slug: organization.slug });
  return { slug: organization.slug };
}

/** Deletes only when the typed name matches the organization's current name in Clerk. */
export async function deleteOrganization(db: Database, scope: TenantScope, input: z.output<typeof deleteOrganizationSchema>) {
  const current = await clerk((api) => api.getOrganization({ organizationId: scope.orgId }));
  if (input.confirmName !== current.name) {
    throw new HttpError(400, 'confirmation_mismatch', `Type the organization's name, ${current.name}, exactly to confirm.`);
  }
  await clerk((api) => api.deleteOrganization(scope.orgId));
  await recordAudit(db, scope, 'organization.deleted', { type: 'organization', id: scope.orgId }, { name: current.name });
}

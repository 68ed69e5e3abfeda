import { z } from 'zod';
import { ClerkApiError, parseInput } from '../errors';
import { page, queryList } from '../http';
import { deletedObjectJSON } from '../serializers/deleted-object';
import { frontendOrganizationInvitationJSON } from '../serializers/invitation';
import { frontendMembershipJSON } from '../serializers/membership';
import { frontendOrganizationJSON } from '../serializers/organization';
import { currentSession, requireMembership, sessionsChanged, withClient, type FapiContext, FapiRoutes } from './context';

/** Clerk's system permission for inviting, changing and removing members. */
const MANAGE_MEMBERSHIPS = 'org:sys_memberships:manage';

/** Clerk keeps at least one admin in an organization: the last one can neither leave nor be demoted or removed. */
function assertNotLastAdmin(ctx: FapiContext, organizationId: string, userId: string) {
  const admins = ctx.deps.store.memberships.list({ organizationId }).filter((membership) => membership.role === 'org:admin');
  if (admins.length === 1 && admins[0]!.userId === userId) {
    throw new ClerkApiError(
      400,
      'organization_minimum_permissions_needed',
      'There has to be at least one organization member with the administrator role.',
    );
  }
}

const invitationBody = z.object({ email_address: z.union([z.string(), z.array(z.string())]), role: z.string() });

/** Members who manage memberships invite by email (Clerk's invite screen after creating an organization). */
function inviteMembers(ctx: FapiContext, organizationId: string) {
  const { user, organization } = requireMembership(ctx, organizationId, MANAGE_MEMBERSHIPS);
  const { store } = ctx.deps;
  const { email_address, role } = parseInput(invitationBody, ctx.body);
  const orgRole = store.instance.parseOrgRole(role);
  return [email_address]
    .flat()
    .map((emailAddress) =>
      frontendOrganizationInvitationJSON(
        store,
        store.invitations.create({ organizationId: organization.id, emailAddress, role: orgRole, inviterUserId: user.id }),
      ),
    );
}

/** Organizations as their members see them: Clerk's organization list, switcher and profile. */
export const organizationRoutes = new FapiRoutes('fapi/organizations.ts')
  .on('POST', '/v1/organizations', (ctx) => {
    const { user } = currentSession(ctx);
    const { name, slug } = parseInput(z.object({ name: z.string().trim().min(1).max(256), slug: z.string().optional() }), ctx.body);
    const organization = ctx.deps.store.organizations.create({ name, slug: slug || null, createdBy: user.id });
    return withClient(ctx, frontendOrganizationJSON(ctx.deps.store, organization));
  })
  .on('GET', '/v1/organizations/:id', (ctx, { id }) =>
    withClient(ctx, frontendOrganizationJSON(ctx.deps.store, requireMembership(ctx, id!).organization)),
  )
  .on('PATCH', '/v1/organizations/:id', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!, 'org:sys_profile:manage');
    const { name, slug } = parseInput(
      z.object({ name: z.string().trim().min(1).max(256).optional(), slug: z.string().optional() }),
      ctx.body,
    );
    const updated = ctx.deps.store.organizations.update(organization.id, { ...(name && { name }), ...(slug && { slug }) });
    return withClient(ctx, frontendOrganizationJSON(ctx.deps.store, updated));
  })
  .on('DELETE', '/v1/organizations/:id', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!, 'org:sys_profile:delete');
    ctx.deps.store.organizations.delete(organization.id);
    sessionsChanged(ctx);
    return withClient(ctx, deletedObjectJSON('organization', organization.id));
  })
  .on('GET', '/v1/organizations/:id/memberships', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!);
    const { store } = ctx.deps;
    const roles = queryList(ctx.url.searchParams, 'role');
    const text = ctx.url.searchParams.get('query')?.toLowerCase();
    const memberships = store.memberships
      .list({ organizationId: organization.id })
      .filter((membership) => !roles.length || roles.includes(membership.role))
      .filter((membership) => {
        const user = store.users.require(membership.userId);
        return (
          !text || [user.firstName, user.lastName, store.users.primaryEmail(user)].some((value) => value?.toLowerCase().includes(text))
        );
      })
      .sort((a, b) => a.createdAt - b.createdAt);
    return withClient(
      ctx,
      page(ctx.url.searchParams, memberships, (membership) => frontendMembershipJSON(store, membership)),
    );
  })
  .on('PATCH', '/v1/organizations/:id/memberships/:userId', (ctx, { id, userId }) => {
    const { organization, user } = requireMembership(ctx, id!, MANAGE_MEMBERSHIPS);
    const role = ctx.deps.store.instance.parseOrgRole(parseInput(z.object({ role: z.string() }), ctx.body).role);
    if (role !== 'org:admin') assertNotLastAdmin(ctx, organization.id, userId!);
    const membership = ctx.deps.store.memberships.update(organization.id, userId!, { role });
    if (userId === user.id) sessionsChanged(ctx);
    return withClient(ctx, frontendMembershipJSON(ctx.deps.store, membership));
  })
  .on('DELETE', '/v1/organizations/:id/memberships/:userId', (ctx, { id, userId }) => {
    // Admins remove members; anyone may leave.
    const { organization, user } = requireMembership(ctx, id!, userId === currentSession(ctx).user.id ? undefined : MANAGE_MEMBERSHIPS);
    assertNotLastAdmin(ctx, organization.id, userId!);
    const json = frontendMembershipJSON(ctx.deps.store, ctx.deps.store.memberships.require(organization.id, userId!));
    ctx.deps.store.memberships.delete(organization.id, userId!);
    if (userId === user.id) sessionsChanged(ctx);
    return withClient(ctx, json);
  })
  .on('POST', '/v1/organizations/:id/invitations/:invitationId/revoke', (ctx, { id, invitationId }) => {
    const { organization } = requireMembership(ctx, id!, MANAGE_MEMBERSHIPS);
    return withClient(
      ctx,
      frontendOrganizationInvitationJSON(ctx.deps.store, ctx.deps.store.invitations.revoke(organization.id, invitationId!)),
    );
  })
  .on('GET', '/v1/organizations/:id/domains', (ctx, { id }) => {
    requireMembership(ctx, id!);
    return withClient(ctx, { data: [], total_count: 0 });
  })
  .on('GET', '/v1/organizations/:id/roles', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!);
    const { instance } = ctx.deps.store;
    const roles = instance.orgRoleKeys.map((key) => ({
      object: 'role',
      id: `role_${key.replace(':', '_')}`,
      key,
      name: instance.orgRole(key).name,
      description: instance.orgRole(key).description,
      permissions: [],
      // Whether the role could be given to an organization's creator: here, the instance's creator role.
      is_creator_eligible: key === instance.config.creatorOrgRole,
      // The instance's roles, as old as this organization as far as its members can tell.
      created_at: organization.createdAt,
      updated_at: organization.createdAt,
    }));
    return withClient(
      ctx,
      page(ctx.url.searchParams, roles, (role) => role),
    );
  })
  .on('GET', '/v1/organizations/:id/invitations', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!, MANAGE_MEMBERSHIPS);
    const statuses = queryList(ctx.url.searchParams, 'status');
    const invitations = ctx.deps.store.invitations
      .list({ organizationId: organization.id })
      .filter((invitation) => !statuses.length || statuses.includes(invitation.status))
      .sort((a, b) => b.createdAt - a.createdAt);
    return withClient(
      ctx,
      page(ctx.url.searchParams, invitations, (invitation) => frontendOrganizationInvitationJSON(ctx.deps.store, invitation)),
    );
  })
  .on('POST', '/v1/organizations/:id/invitations', (ctx, { id }) => withClient(ctx, inviteMembers(ctx, id!)[0]))
  .on('POST', '/v1/organizations/:id/invitations/bulk', (ctx, { id }) => withClient(ctx, inviteMembers(ctx, id!)));

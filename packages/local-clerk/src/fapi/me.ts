import { page, queryList } from '../http';
import { frontendInvitationJSON } from '../serializers/invitation';
import { frontendMembershipJSON } from '../serializers/membership';
import { frontendUserJSON } from '../serializers/user';
import { currentSession, withClient, FapiRoutes } from './context';

/** The signed-in user, their memberships and the invitations addressed to them. */
export const meRoutes = new FapiRoutes('fapi/me.ts')
  .on('GET', '/v1/me', (ctx) => withClient(ctx, frontendUserJSON(ctx.deps.store, currentSession(ctx).user)))
  .on('GET', '/v1/me/organization_memberships', (ctx) => {
    const { user } = currentSession(ctx);
    const memberships = ctx.deps.store.memberships.list({ userId: user.id }).sort((a, b) => b.createdAt - a.createdAt);
    return withClient(
      ctx,
      page(ctx.url.searchParams, memberships, (membership) => frontendMembershipJSON(ctx.deps.store, membership)),
    );
  })
  .on('GET', '/v1/me/organization_invitations', (ctx) => {
    const { user } = currentSession(ctx);
    const statuses = queryList(ctx.url.searchParams, 'status');
    const invitations = ctx.deps.store.invitations
      .list({ emailAddresses: ctx.deps.store.users.verifiedEmails(user) })
      .filter((invitation) => !statuses.length || statuses.includes(invitation.status))
      .sort((a, b) => b.createdAt - a.createdAt);
    return withClient(
      ctx,
      page(ctx.url.searchParams, invitations, (invitation) => frontendInvitationJSON(ctx.deps.store, invitation)),
    );
  })
  .on('POST', '/v1/me/organization_invitations/:id/accept', (ctx, { id }) => {
    const { user } = currentSession(ctx);
    ctx.deps.store.invitations.accept(id!, user.id);
    return withClient(ctx, frontendInvitationJSON(ctx.deps.store, ctx.deps.store.invitations.require(id!)));
  })
  .on('GET', '/v1/me/organization_suggestions', (ctx) => {
    currentSession(ctx);
    return withClient(ctx, { data: [], total_count: 0 });
  });

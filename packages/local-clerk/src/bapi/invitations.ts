/** Organization invitations: list, create, bulk, read, revoke. */
import { z } from 'zod';
import { parseInput } from '../errors';
import { queryList, Routes } from '../http';
import { backendInvitationJSON } from '../serializers/invitation';
import type { InvitationStatus } from '../store';
import { metadata, ok, page, sortBy, type BapiContext } from './context';

const invitationBody = z.object({
  email_address: z.email(),
  role: z.string().optional(),
  inviter_user_id: z.string().nullable().optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
});

function createInvitation({ store }: BapiContext, organizationId: string, body: z.infer<typeof invitationBody>) {
  if (body.inviter_user_id) store.users.require(body.inviter_user_id);
  return store.invitations.create({
    organizationId,
    emailAddress: body.email_address,
    role: body.role === undefined ? store.instance.config.defaultOrgRole : store.instance.parseOrgRole(body.role),
    inviterUserId: body.inviter_user_id ?? null,
    publicMetadata: body.public_metadata,
    privateMetadata: body.private_metadata,
  });
}

export const invitationRoutes = new Routes<BapiContext>('bapi/invitations.ts')
  .on('GET', '/v1/organizations/:id/invitations', ({ store, query }, { id }) => {
    const organization = store.organizations.require(id!);
    const status = queryList(query, 'status') as InvitationStatus[];
    const invitations = store.invitations.list({ organizationId: organization.id, status: status.length ? status : undefined });
    const sorted = sortBy(invitations, query.get('order_by'), { created_at: (invitation) => invitation.createdAt });
    return page(query, sorted, (invitation) => backendInvitationJSON(store, invitation));
  })
  .on('POST', '/v1/organizations/:id/invitations', (ctx, { id }) => {
    const organization = ctx.store.organizations.require(id!);
    return ok(backendInvitationJSON(ctx.store, createInvitation(ctx, organization.id, parseInput(invitationBody, ctx.body))));
  })
  .on('POST', '/v1/organizations/:id/invitations/bulk', (ctx, { id }) => {
    const organization = ctx.store.organizations.require(id!);
    const inputs = parseInput(z.array(invitationBody), ctx.body);
    const invitations = inputs.map((input) => createInvitation(ctx, organization.id, input));
    return ok({ data: invitations.map((invitation) => backendInvitationJSON(ctx.store, invitation)), total_count: invitations.length });
  })
  .on('GET', '/v1/organizations/:id/invitations/:invitationId', ({ store }, { id, invitationId }) =>
    ok(backendInvitationJSON(store, store.invitations.require(invitationId!, store.organizations.require(id!).id))),
  )
  .on('POST', '/v1/organizations/:id/invitations/:invitationId/revoke', ({ store }, { id, invitationId }) =>
    ok(backendInvitationJSON(store, store.invitations.revoke(id!, invitationId!))),
  );

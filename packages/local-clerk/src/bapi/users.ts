/** Users: list with filters, order and paging, count, create, read, update, delete, metadata, their memberships and invitations. */
import { z } from 'zod';
import { invalidParam, parseInput } from '../errors';
import { paginate, queryList, Routes } from '../http';
import { refuseAttributesOff } from '../instance';
import { hashPassword } from '../password';
import { deletedObjectJSON } from '../serializers/deleted-object';
import { backendInvitationJSON } from '../serializers/invitation';
import { backendMembershipJSON } from '../serializers/membership';
import { backendUserJSON } from '../serializers/user';
import { normalizeEmail, type InvitationStatus, type UserRecord } from '../store';
import { metadata, metadataBody, metadataChanges, ok, page, sortBy, type BapiContext } from './context';

function filterUsers({ store, query }: BapiContext): UserRecord[] {
  const ids = queryList(query, 'user_id');
  const emails = queryList(query, 'email_address').map(normalizeEmail);
  const organizationIds = queryList(query, 'organization_id');
  const text = query.get('query')?.toLowerCase();
  return store.users
    .list()
    .filter(
      (user) =>
        (!ids.length || ids.includes(user.id)) &&
        (!emails.length || user.emailAddresses.some((address) => emails.includes(address.emailAddress))) &&
        (!organizationIds.length || organizationIds.some((organizationId) => store.memberships.get(organizationId, user.id))) &&
        (!text ||
          [user.id, user.firstName, user.lastName, user.username, ...user.emailAddresses.map((address) => address.emailAddress)].some(
            (value) => value?.toLowerCase().includes(text),
          )),
    );
}

const USER_ORDER: Record<string, (user: UserRecord) => string | number | null> = {
  created_at: (user) => user.createdAt,
  updated_at: (user) => user.updatedAt,
  last_sign_in_at: (user) => user.lastSignInAt,
  last_active_at: (user) => user.lastActiveAt,
  first_name: (user) => user.firstName?.toLowerCase() ?? null,
  last_name: (user) => user.lastName?.toLowerCase() ?? null,
  email_address: (user) => user.emailAddresses[0]?.emailAddress ?? null,
};

/**
 * Clerk's cursor (`starting_after`: the last user of the previous page): the users after it.
 * Only with the `created_at` orderings, and without an offset, as Clerk requires.
 */
function after(query: URLSearchParams, users: UserRecord[], cursor: string): UserRecord[] {
  if (!/^[+-]?created_at$/.test(query.get('order_by') ?? 'created_at'))
    throw invalidParam('starting_after', 'form_param_value_invalid', 'starting_after requires ordering by created_at');
  if (Number(query.get('offset') ?? 0) > 0)
    throw invalidParam('starting_after', 'form_param_value_invalid', 'starting_after cannot be combined with offset');
  const index = users.findIndex((user) => user.id === cursor);
  if (index < 0) throw invalidParam('starting_after', 'form_param_value_invalid', 'starting_after is not a listed user');
  return users.slice(index + 1);
}

const userFields = {
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  external_id: z.string().nullable().optional(),
  password: z.string().min(8).optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  unsafe_metadata: metadata.optional(),
};

const createUserBody = z.object({ ...userFields, email_address: z.array(z.email()).min(1) });
const updateUserBody = z.object({ ...userFields, primary_email_address_id: z.string().optional() });

async function userChanges(body: z.infer<typeof updateUserBody>) {
  return {
    ...(body.first_name !== undefined && { firstName: body.first_name }),
    ...(body.last_name !== undefined && { lastName: body.last_name }),
    ...(body.external_id !== undefined && { externalId: body.external_id }),
    // A new password is no longer compromised.
    ...(body.password !== undefined && { passwordDigest: await hashPassword(body.password), passwordCompromised: false }),
    ...(body.primary_email_address_id !== undefined && { primaryEmailAddressId: body.primary_email_address_id }),
    ...(body.public_metadata !== undefined && { publicMetadata: body.public_metadata }),
    ...(body.private_metadata !== undefined && { privateMetadata: body.private_metadata }),
    ...(body.unsafe_metadata !== undefined && { unsafeMetadata: body.unsafe_metadata }),
  };
}

const setCompromisedBody = z.object({ revoke_all_sessions: z.boolean().nullable().optional() });

const updateMetadata = ({ store, body }: BapiContext, id: string, merge: boolean) =>
  ok(backendUserJSON(store, store.users.update(id, metadataChanges(store.users.require(id), parseInput(metadataBody, body), merge))));

export const userRoutes = new Routes<BapiContext>('bapi/users.ts')
  .on('GET', '/v1/users', (ctx) => {
    const users = sortBy(filterUsers(ctx), ctx.query.get('order_by'), USER_ORDER);
    const cursor = ctx.query.get('starting_after');
    return ok(paginate(ctx.query, cursor ? after(ctx.query, users, cursor) : users).map((user) => backendUserJSON(ctx.store, user)));
  })
  // Before `/v1/users/:id`, which would take `count` for an id.
  .on('GET', '/v1/users/count', (ctx) => ok({ object: 'total_count', total_count: filterUsers(ctx).length }))
  .on('POST', '/v1/users', async ({ store, body }) => {
    refuseAttributesOff(body);
    const input = parseInput(createUserBody, body);
    const user = store.users.create({
      emailAddresses: input.email_address,
      passwordDigest: input.password ? await hashPassword(input.password) : null,
      firstName: input.first_name,
      lastName: input.last_name,
      externalId: input.external_id,
      publicMetadata: input.public_metadata,
      privateMetadata: input.private_metadata,
      unsafeMetadata: input.unsafe_metadata,
    });
    return ok(backendUserJSON(store, user));
  })
  .on('GET', '/v1/users/:id', ({ store }, { id }) => ok(backendUserJSON(store, store.users.require(id!))))
  .on('PATCH', '/v1/users/:id', async ({ store, body }, { id }) => {
    refuseAttributesOff(body);
    return ok(backendUserJSON(store, store.users.update(id!, await userChanges(parseInput(updateUserBody, body)))));
  })
  .on('DELETE', '/v1/users/:id', ({ store }, { id }) => ok(deletedObjectJSON('user', store.users.delete(id!).id)))
  // Force password reset: the next sign-in with the password gets the `reset-password` session task.
  .on('POST', '/v1/users/:id/password/set_compromised', ({ store, body }, { id }) => {
    const { revoke_all_sessions: revokeAll } = parseInput(setCompromisedBody, body ?? {});
    const user = store.users.update(id!, { passwordCompromised: true });
    if (revokeAll) for (const session of store.sessions.activeOfUser(user.id)) store.sessions.end(session.id, 'revoked');
    return ok(backendUserJSON(store, user));
  })
  .on('POST', '/v1/users/:id/password/unset_compromised', ({ store }, { id }) =>
    ok(backendUserJSON(store, store.users.update(id!, { passwordCompromised: false }))),
  )
  .on('PATCH', '/v1/users/:id/metadata', (ctx, { id }) => updateMetadata(ctx, id!, true))
  .on('PUT', '/v1/users/:id/metadata', (ctx, { id }) => updateMetadata(ctx, id!, false))
  .on('GET', '/v1/users/:id/organization_memberships', ({ store, query }, { id }) => {
    store.users.require(id!);
    const memberships = sortBy(store.memberships.list({ userId: id }), null, { created_at: (membership) => membership.createdAt });
    return page(query, memberships, (membership) => backendMembershipJSON(store, membership));
  })
  .on('GET', '/v1/users/:id/organization_invitations', ({ store, query }, { id }) => {
    const user = store.users.require(id!);
    const status = queryList(query, 'status') as InvitationStatus[];
    const invitations = store.invitations.list({
      emailAddresses: store.users.verifiedEmails(user),
      status: status.length ? status : undefined,
    });
    const sorted = sortBy(invitations, null, { created_at: (invitation) => invitation.createdAt });
    return page(query, sorted, (invitation) => backendInvitationJSON(store, invitation));
  });

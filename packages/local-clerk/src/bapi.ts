/**
 * The Backend API stand-in: what @clerk/backend's `clerkClient` calls (users,
 * organizations, memberships, invitations, sessions, sign-in and testing tokens, JWKS; billing in
 * bapi-billing.ts). JSON in and out,
 * snake_case, bearer-authenticated with the local secret key.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { billingBackendRoutes } from './bapi-billing';
import { ClerkApiError, notFound, parseInput } from './errors';
import { errorResponse, isLoopbackAddress, page as pageOf, paginate, parseBody, queryList, readBody, Router, sendJson, type JsonResponse } from './http';
import type { LocalClerkKeys } from './keys';
import { hashPassword } from './password';
import {
  backendInvitationJSON,
  backendMembershipJSON,
  backendOrganizationJSON,
  backendSessionJSON,
  backendSignInTokenJSON,
  backendTestingTokenJSON,
  backendUserJSON,
  deletedObjectJSON,
} from './serializers';
import { mergeMetadata, normalizeEmail, type InvitationStatus, type LocalClerkStore, type Metadata, type UserRecord } from './store';
import { publicJwk } from './tokens';

export interface BackendApiDeps {
  store: LocalClerkStore;
  keys: LocalClerkKeys;
  log: (message: string) => void;
}

interface BapiContext {
  store: LocalClerkStore;
  keys: LocalClerkKeys;
  query: URLSearchParams;
  body: unknown;
}

// Input

const metadata = z.record(z.string(), z.unknown());

/** `order_by=-created_at` (descending), `+name` or `name` (ascending). */
function sortBy<T>(items: T[], orderBy: string | null, fields: Record<string, (item: T) => string | number | null>, fallback = '-created_at'): T[] {
  const spec = orderBy || fallback;
  const descending = spec.startsWith('-');
  const key = fields[spec.replace(/^[+-]/, '')] ?? fields[fallback.replace(/^[+-]/, '')]!;
  return [...items].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    const order = x === y ? 0 : x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return descending ? -order : order;
  });
}

const ok = (body: unknown): JsonResponse => ({ status: 200, body });
const page = <T, J>(query: URLSearchParams, items: T[], toJSON: (item: T) => J) => ok(pageOf(query, items, toJSON));

// Users

function filterUsers({ store, query }: BapiContext): UserRecord[] {
  const ids = queryList(query, 'user_id');
  const emails = queryList(query, 'email_address').map(normalizeEmail);
  const organizationIds = queryList(query, 'organization_id');
  const text = query.get('query')?.toLowerCase();
  return store.users.list().filter(
    (user) =>
      (!ids.length || ids.includes(user.id)) &&
      (!emails.length || user.emailAddresses.some((address) => emails.includes(address.emailAddress))) &&
      (!organizationIds.length || organizationIds.some((organizationId) => store.memberships.get(organizationId, user.id))) &&
      (!text ||
        [user.id, user.firstName, user.lastName, user.username, ...user.emailAddresses.map((address) => address.emailAddress)].some((value) =>
          value?.toLowerCase().includes(text),
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

const userFields = {
  first_name: z.string().nullable().optional(),
  last_name: z.string().nullable().optional(),
  username: z.string().nullable().optional(),
  external_id: z.string().nullable().optional(),
  password: z.string().min(8).optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  unsafe_metadata: metadata.optional(),
};

const createUserBody = z.object({ ...userFields, email_address: z.array(z.email()).min(1) });
const updateUserBody = z.object({ ...userFields, primary_email_address_id: z.string().optional() });
const metadataBody = z.object({ public_metadata: metadata.optional(), private_metadata: metadata.optional(), unsafe_metadata: metadata.optional() });

async function userChanges(body: z.infer<typeof updateUserBody>) {
  return {
    ...(body.first_name !== undefined && { firstName: body.first_name }),
    ...(body.last_name !== undefined && { lastName: body.last_name }),
    ...(body.username !== undefined && { username: body.username }),
    ...(body.external_id !== undefined && { externalId: body.external_id }),
    ...(body.password !== undefined && { passwordDigest: await hashPassword(body.password) }),
    ...(body.primary_email_address_id !== undefined && { primaryEmailAddressId: body.primary_email_address_id }),
    ...(body.public_metadata !== undefined && { publicMetadata: body.public_metadata }),
    ...(body.private_metadata !== undefined && { privateMetadata: body.private_metadata }),
    ...(body.unsafe_metadata !== undefined && { unsafeMetadata: body.unsafe_metadata }),
  };
}

/** Metadata updates: `merge` deep-merges (null removes a key), otherwise each given field is replaced whole. */
function metadataChanges(current: { publicMetadata: Metadata; privateMetadata: Metadata; unsafeMetadata?: Metadata }, body: z.infer<typeof metadataBody>, merge: boolean) {
  const apply = (existing: Metadata | undefined, patch: Metadata | undefined) => (patch === undefined ? existing : merge ? mergeMetadata(existing ?? {}, patch) : patch);
  return {
    publicMetadata: apply(current.publicMetadata, body.public_metadata)!,
    privateMetadata: apply(current.privateMetadata, body.private_metadata)!,
    ...(current.unsafeMetadata && { unsafeMetadata: apply(current.unsafeMetadata, body.unsafe_metadata)! }),
  };
}

// Organizations

const createOrganizationBody = z.object({
  name: z.string().trim().min(1),
  slug: z.string().optional(),
  created_by: z.string().optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  max_allowed_memberships: z.number().int().min(0).optional(),
});

const updateOrganizationBody = z.object({
  name: z.string().trim().min(1).optional(),
  slug: z.string().optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  max_allowed_memberships: z.number().int().min(0).optional(),
});

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

export const backendRoutes = new Router<BapiContext>()
  .on('GET', '/v1/jwks', ({ keys }) => ok({ keys: [publicJwk(keys)] }))

  .on('GET', '/v1/users', (ctx) => ok(paginate(ctx.query, sortBy(filterUsers(ctx), ctx.query.get('order_by'), USER_ORDER)).map((user) => backendUserJSON(ctx.store, user))))
  .on('GET', '/v1/users/count', (ctx) => ok({ object: 'total_count', total_count: filterUsers(ctx).length }))
  .on('POST', '/v1/users', async ({ store, body }) => {
    const input = parseInput(createUserBody, body);
    const user = store.users.create({
      emailAddresses: input.email_address,
      passwordDigest: input.password ? await hashPassword(input.password) : null,
      firstName: input.first_name,
      lastName: input.last_name,
      username: input.username,
      externalId: input.external_id,
      publicMetadata: input.public_metadata,
      privateMetadata: input.private_metadata,
      unsafeMetadata: input.unsafe_metadata,
    });
    return ok(backendUserJSON(store, user));
  })
  .on('GET', '/v1/users/:id', ({ store }, { id }) => ok(backendUserJSON(store, store.users.require(id!))))
  .on('PATCH', '/v1/users/:id', async ({ store, body }, { id }) => ok(backendUserJSON(store, store.users.update(id!, await userChanges(parseInput(updateUserBody, body))))))
  .on('DELETE', '/v1/users/:id', ({ store }, { id }) => ok(deletedObjectJSON('user', store.users.delete(id!).id)))
  .on('PATCH', '/v1/users/:id/metadata', ({ store, body }, { id }) =>
    ok(backendUserJSON(store, store.users.update(id!, metadataChanges(store.users.require(id!), parseInput(metadataBody, body), true)))),
  )
  .on('PUT', '/v1/users/:id/metadata', ({ store, body }, { id }) =>
    ok(backendUserJSON(store, store.users.update(id!, metadataChanges(store.users.require(id!), parseInput(metadataBody, body), false)))),
  )
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
    return page(query, sortBy(invitations, null, { created_at: (invitation) => invitation.createdAt }), (invitation) => backendInvitationJSON(store, invitation));
  })

  .on('GET', '/v1/organizations', ({ store, query }) => {
    const text = query.get('query')?.toLowerCase();
    const userIds = queryList(query, 'user_id');
    const organizations = store.organizations
      .list()
      .filter((organization) => !text || [organization.id, organization.name, organization.slug].some((value) => value.toLowerCase().includes(text)))
      .filter((organization) => !userIds.length || userIds.some((userId) => store.memberships.get(organization.id, userId)));
    const sorted = sortBy(organizations, query.get('order_by'), {
      created_at: (organization) => organization.createdAt,
      name: (organization) => organization.name.toLowerCase(),
      members_count: (organization) => store.memberships.list({ organizationId: organization.id }).length,
    });
    return page(query, sorted, (organization) => backendOrganizationJSON(store, organization));
  })
  .on('POST', '/v1/organizations', ({ store, body }) => {
    const input = parseInput(createOrganizationBody, body);
    const organization = store.organizations.create({
      name: input.name,
      slug: input.slug,
      createdBy: input.created_by,
      publicMetadata: input.public_metadata,
      privateMetadata: input.private_metadata,
      maxAllowedMemberships: input.max_allowed_memberships,
    });
    return ok(backendOrganizationJSON(store, organization));
  })
  .on('GET', '/v1/organizations/:id', ({ store }, { id }) => ok(backendOrganizationJSON(store, store.organizations.require(id!))))
  .on('PATCH', '/v1/organizations/:id', ({ store, body }, { id }) => {
    const input = parseInput(updateOrganizationBody, body);
    const organization = store.organizations.update(id!, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.public_metadata !== undefined && { publicMetadata: input.public_metadata }),
      ...(input.private_metadata !== undefined && { privateMetadata: input.private_metadata }),
      ...(input.max_allowed_memberships !== undefined && { maxAllowedMemberships: input.max_allowed_memberships }),
    });
    return ok(backendOrganizationJSON(store, organization));
  })
  .on('DELETE', '/v1/organizations/:id', ({ store }, { id }) => ok(deletedObjectJSON('organization', store.organizations.delete(id!).id)))
  .on('PATCH', '/v1/organizations/:id/metadata', ({ store, body }, { id }) =>
    ok(backendOrganizationJSON(store, store.organizations.update(id!, metadataChanges(store.organizations.require(id!), parseInput(metadataBody, body), true)))),
  )
  .on('PUT', '/v1/organizations/:id/metadata', ({ store, body }, { id }) =>
    ok(backendOrganizationJSON(store, store.organizations.update(id!, metadataChanges(store.organizations.require(id!), parseInput(metadataBody, body), false)))),
  )

  .on('GET', '/v1/organization_memberships', ({ store, query }) => {
    const memberships = sortBy(store.memberships.list(), query.get('order_by'), { created_at: (membership) => membership.createdAt });
    return page(query, memberships, (membership) => backendMembershipJSON(store, membership));
  })
  .on('GET', '/v1/organizations/:id/memberships', ({ store, query }, { id }) => {
    const organization = store.organizations.require(id!);
    const roles = queryList(query, 'role');
    const userIds = queryList(query, 'user_id');
    const memberships = store.memberships
      .list({ organizationId: organization.id })
      .filter((membership) => (!roles.length || roles.includes(membership.role)) && (!userIds.length || userIds.includes(membership.userId)));
    const sorted = sortBy(memberships, query.get('order_by'), {
      created_at: (membership) => membership.createdAt,
      role: (membership) => membership.role,
    });
    return page(query, sorted, (membership) => backendMembershipJSON(store, membership));
  })
  .on('POST', '/v1/organizations/:id/memberships', ({ store, body }, { id }) => {
    const input = parseInput(z.object({ user_id: z.string(), role: z.string() }), body);
    return ok(backendMembershipJSON(store, store.memberships.create(id!, input.user_id, store.instance.parseOrgRole(input.role))));
  })
  .on('PATCH', '/v1/organizations/:id/memberships/:userId', ({ store, body }, { id, userId }) => {
    const { role } = parseInput(z.object({ role: z.string() }), body);
    return ok(backendMembershipJSON(store, store.memberships.update(id!, userId!, { role: store.instance.parseOrgRole(role) })));
  })
  .on('PATCH', '/v1/organizations/:id/memberships/:userId/metadata', ({ store, body }, { id, userId }) => {
    const membership = store.memberships.require(store.organizations.require(id!).id, userId!);
    return ok(backendMembershipJSON(store, store.memberships.update(id!, userId!, metadataChanges(membership, parseInput(metadataBody, body), true))));
  })
  .on('DELETE', '/v1/organizations/:id/memberships/:userId', ({ store }, { id, userId }) => {
    const membership = store.memberships.require(store.organizations.require(id!).id, userId!);
    const json = backendMembershipJSON(store, membership);
    store.memberships.delete(id!, userId!);
    return ok(json);
  })

  .on('GET', '/v1/organizations/:id/invitations', ({ store, query }, { id }) => {
    const organization = store.organizations.require(id!);
    const status = queryList(query, 'status') as InvitationStatus[];
    const invitations = store.invitations.list({ organizationId: organization.id, status: status.length ? status : undefined });
    return page(query, sortBy(invitations, query.get('order_by'), { created_at: (invitation) => invitation.createdAt }), (invitation) =>
      backendInvitationJSON(store, invitation),
    );
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
  )

  .on('GET', '/v1/sessions', ({ store, query }) => {
    const userId = query.get('user_id');
    const clientId = query.get('client_id');
    const status = query.get('status');
    const sessions = store.sessions
      .list()
      .filter((session) => (!userId || session.userId === userId) && (!clientId || session.clientId === clientId) && (!status || session.status === status));
    return ok(paginate(query, sortBy(sessions, null, { created_at: (session) => session.createdAt })).map((session) => backendSessionJSON(store, session)));
  })
  .on('GET', '/v1/sessions/:id', ({ store }, { id }) => {
    const session = store.sessions.get(id!);
    if (!session) throw notFound('session');
    return ok(backendSessionJSON(store, session));
  })
  .on('POST', '/v1/sessions/:id/revoke', ({ store }, { id }) => ok(backendSessionJSON(store, store.sessions.end(id!, 'revoked'))))

  .on('POST', '/v1/sign_in_tokens', ({ store, body }) => {
    const input = parseInput(z.object({ user_id: z.string(), expires_in_seconds: z.number().int().positive().optional() }), body);
    return ok(backendSignInTokenJSON(store, store.tickets.createSignInToken(input.user_id, input.expires_in_seconds)));
  })
  .on('POST', '/v1/sign_in_tokens/:id/revoke', ({ store }, { id }) => ok(backendSignInTokenJSON(store, store.tickets.revokeSignInToken(id!))))
  .on('POST', '/v1/testing_tokens', ({ store }) => ok(backendTestingTokenJSON(store.tickets.createTestingToken())));
billingBackendRoutes(backendRoutes);

function authorized(req: IncomingMessage, secretKey: string): boolean {
  const presented = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${secretKey}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export function createBackendApiHandler({ store, keys, log }: BackendApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    let response: JsonResponse;
    try {
      if (!isLoopbackAddress(req.socket.remoteAddress)) {
        throw new ClerkApiError(403, 'forbidden', 'Local mode answers loopback requests only');
      }
      if (!authorized(req, keys.secretKey)) {
        throw new ClerkApiError(401, 'authentication_invalid', 'Unauthorized request', 'The secret key is missing or is not the local secret key.');
      }
      const url = new URL(req.url ?? '/', 'http://local-clerk.invalid');
      const method = req.method ?? 'GET';
      const route = backendRoutes.match(method, url.pathname);
      if (!route) {
        log(`Backend API: ${method} ${url.pathname} is not part of local mode; answered 404`);
        throw new ClerkApiError(404, 'local_mode_unsupported', 'Not available in local mode', `${method} ${url.pathname} is not part of local mode's Clerk stand-in.`);
      }
      const body = await parseBody(await readBody(req), req.headers['content-type'] ?? 'application/json');
      response = await route.handler({ store, keys, query: url.searchParams, body }, route.params);
    } catch (error) {
      response = errorResponse(error, log);
    }
    sendJson(res, response);
  };
}

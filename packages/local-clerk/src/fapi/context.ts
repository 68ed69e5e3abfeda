import { ClerkApiError, notFound } from '../errors';
import { Routes, serializeCookie, type JsonResponse } from '../http';
import type { ImageStore } from '../images';
import type { LocalClerkKeys } from '../keys';
import { frontendClientJSON } from '../serializers/client';
import { frontendSessionJSON } from '../serializers/session';
import type { ClientRecord, LocalClerkStore, SessionRecord, UserRecord } from '../store';
import { mintSessionToken } from '../tokens';

/** The browser's identity at this Frontend API: an HttpOnly cookie only the stand-in reads. */
export const CLIENT_COOKIE = '__local_clerk_client';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

export interface FrontendApiDeps {
  store: LocalClerkStore;
  keys: LocalClerkKeys;
  /** Uploaded avatars and logos. */
  images: ImageStore;
  /** The app's origin, for requests that arrive without forwarding headers. */
  appUrl: string;
  /** Every app origin that may use this stand-in, `appUrl`'s first (browsers reach the Frontend API directly, not through a proxy). */
  appOrigins: string[];
  log: (message: string) => void;
}

/** One request: what every route reads and writes. */
export interface FapiContext {
  deps: FrontendApiDeps;
  url: URL;
  body: Record<string, unknown>;
  /** The app's public origin, as the proxy forwards it; reached directly, the calling app's (or the first app's). */
  origin: string;
  /** The origins this request may come from and send browsers back to: the app's (or apps'), and the Account Portal's own. */
  allowedOrigins: string[];
  /** This Frontend API as the browser reaches it (through the proxy: the app's origin and mount path). */
  frontendApiUrl: string;
  client: ClientRecord | null;
  setCookies: string[];
}

/** One Frontend API file's routes. */
export class FapiRoutes extends Routes<FapiContext> {}

export function ensureClient(ctx: FapiContext): ClientRecord {
  if (!ctx.client) {
    ctx.client = ctx.deps.store.clients.create();
    ctx.setCookies.push(serializeCookie(CLIENT_COOKIE, ctx.client.cookie, { httpOnly: true, maxAge: YEAR_SECONDS }));
  }
  return ctx.client;
}

function organizationClaim(store: LocalClerkStore, session: SessionRecord, organizationId: string | null) {
  const organization = organizationId ? store.organizations.get(organizationId) : undefined;
  const membership = organization ? store.memberships.get(organization.id, session.userId) : undefined;
  return organization && membership
    ? {
        id: organization.id,
        slug: organization.slug,
        role: membership.role,
        permissions: store.instance.orgRole(membership.role).permissions,
      }
    : null;
}

/** The user's plan and the organization's, as the token states them (billing on for that payer only). */
function planClaims(store: LocalClerkStore, userId: string, organizationId: string | null) {
  const claim = (plan: { slug: string; features: Array<{ slug: string }> } | undefined) =>
    plan && { slug: plan.slug, features: plan.features.map((feature) => feature.slug) };
  return {
    user: claim(store.billing.currentPlan({ type: 'user', id: userId })),
    org: organizationId ? claim(store.billing.currentPlan({ type: 'org', id: organizationId })) : undefined,
  };
}

export function sessionToken(ctx: FapiContext, session: SessionRecord, organizationId = session.lastActiveOrganizationId): string {
  const { store, keys } = ctx.deps;
  const organization = organizationClaim(store, session, organizationId);
  return mintSessionToken(keys, {
    userId: session.userId,
    sessionId: session.id,
    origin: ctx.origin,
    publicMetadata: store.users.require(session.userId).publicMetadata,
    organization,
    firstFactorVerifiedAt: session.firstFactorVerifiedAt,
    secondFactorVerifiedAt: store.sessions.secondFactorVerifiedAt(session),
    plans: planClaims(store, session.userId, organization?.id ?? null),
    status: store.sessions.statusOf(session) === 'pending' ? 'pending' : 'active',
    actor: session.actor ?? null,
    lifetimeSeconds: store.instance.config.sessionTokenLifetimeSeconds,
  });
}

export const sessionJSON = (ctx: FapiContext, session: SessionRecord) =>
  frontendSessionJSON(ctx.deps.store, session, ctx.deps.store.sessions.isActive(session) ? sessionToken(ctx, session) : null);

export const clientJSON = (ctx: FapiContext) =>
  ctx.client ? frontendClientJSON(ctx.deps.store, ctx.client, (session) => sessionJSON(ctx, session)) : null;

/** `{ response, client }`: clerk-js refreshes its client from every such answer. */
export const withClient = (ctx: FapiContext, response: unknown): JsonResponse => ({
  status: 200,
  body: { response, client: clientJSON(ctx) },
});

/**
 * `__client_uat` (seconds, never after the token's `iat`) and `__session`,
 * set whenever the client's sessions change: with a production key clerk-js
 * never writes `__client_uat`, and @clerk/backend handshakes when the two disagree.
 */
export function authCookieValues(ctx: FapiContext): Array<{ name: string; value: string; maxAge: number }> {
  const { store } = ctx.deps;
  const client = ctx.client;
  const session = client?.lastActiveSessionId ? store.sessions.get(client.lastActiveSessionId) : undefined;
  if (!client || !session || !store.sessions.isActive(session)) {
    return [
      { name: '__session', value: '', maxAge: 0 },
      { name: '__client_uat', value: '0', maxAge: YEAR_SECONDS },
    ];
  }
  const token = sessionToken(ctx, session);
  const clientUat = Math.min(Math.floor(client.updatedAt / 1000), Math.floor(Date.now() / 1000));
  return [
    { name: '__session', value: token, maxAge: YEAR_SECONDS },
    { name: '__client_uat', value: String(clientUat), maxAge: YEAR_SECONDS },
  ];
}

export const authCookies = (ctx: FapiContext) =>
  authCookieValues(ctx).map(({ name, value, maxAge }) => serializeCookie(name, value, { maxAge }));

export const sessionsChanged = (ctx: FapiContext) => ctx.setCookies.push(...authCookies(ctx));

const signedOut = () => new ClerkApiError(401, 'signed_out', 'Signed out', 'You are signed out.');

export function requireClientSession(ctx: FapiContext, sessionId: string): SessionRecord {
  const session = ctx.deps.store.sessions.get(sessionId);
  if (!ctx.client || !session || session.clientId !== ctx.client.id || !ctx.deps.store.sessions.isActive(session)) throw signedOut();
  return session;
}

/** The signed-in user of `/me` and organization requests: `_clerk_session_id`, else the client's last active session. */
export function currentSession(ctx: FapiContext): { session: SessionRecord; user: UserRecord } {
  const sessionId = ctx.url.searchParams.get('_clerk_session_id') ?? ctx.client?.lastActiveSessionId;
  if (!sessionId) throw signedOut();
  const session = requireClientSession(ctx, sessionId);
  return { session, user: ctx.deps.store.users.require(session.userId) };
}

/**
 * The signed-in user's membership of an organization (404 for non-members, as
 * Clerk hides them); `permission` (a system permission such as
 * `org:sys_memberships:manage`) must be among the role's.
 */
export function requireMembership(ctx: FapiContext, organizationId: string, permission?: string) {
  const { user } = currentSession(ctx);
  const organization = ctx.deps.store.organizations.require(organizationId);
  const membership = ctx.deps.store.memberships.get(organization.id, user.id);
  if (!membership) throw notFound('organization');
  if (permission && !ctx.deps.store.instance.membershipPermissions(membership.role).includes(permission)) {
    throw new ClerkApiError(403, 'not_allowed_access', 'Not allowed', `Your role in the organization lacks the ${permission} permission.`);
  }
  return { user, organization, membership };
}

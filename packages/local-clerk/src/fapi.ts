/**
 * The Frontend API stand-in: what clerk-js and Clerk's components call, behind
 * the app's same-origin proxy (`/clerk-fapi`). Wire format as Clerk's: form
 * bodies, `?_method=` for PATCH/PUT/DELETE, `{ response, client }` answers.
 *
 * Covered: environment, client, sign-in (password, email code), sign-up
 * (email code), sessions (touch, tokens, sign-out), the handshake, the user's
 * memberships and invitations, creating organizations, and the organization
 * profile's general and members pages. Not covered (404 in Clerk's error
 * format): the user profile's endpoints (`/v1/me/...` beyond the above).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ClientJSON } from '@clerk/nextjs/types';
import { serveAsset } from './assets';
import { environmentJSON } from './environment';
import { ClerkApiError, invalidParam, missingParam, notFound, parseInput } from './errors';
import { errorResponse, isLoopbackAddress, page, parseBody, parseCookies, queryList, readBody, Router, sendJson, serializeCookie, type JsonResponse } from './http';
import type { LocalClerkKeys } from './keys';
import { hashPassword, verifyPassword } from './password';
import { ORG_ROLES as ORG_ROLE_KEYS, isOrgRole, type OrgRole } from '@/lib/auth/permissions';
import { ORG_ROLES } from './roles';
import { LOCAL_VERIFICATION_CODE } from './seed';
import {
  deletedObjectJSON,
  frontendInvitationJSON,
  frontendMembershipJSON,
  frontendOrganizationInvitationJSON,
  frontendOrganizationJSON,
  frontendSessionJSON,
  frontendSignInJSON,
  frontendSignUpJSON,
  frontendUserJSON,
  signUpMissingFields,
} from './serializers';
import { normalizeEmail, type ClientRecord, type LocalClerkStore, type SessionRecord, type SignInRecord, type SignUpRecord, type UserRecord } from './store';
import { mintHandshakeToken, mintSessionToken } from './tokens';

/** The browser's identity at this Frontend API: an HttpOnly cookie only the stand-in reads. */
const CLIENT_COOKIE = '__local_clerk_client';

const YEAR_SECONDS = 365 * 24 * 60 * 60;
const CODE_LIFETIME = 10 * 60_000;

export interface FrontendApiDeps {
  store: LocalClerkStore;
  keys: LocalClerkKeys;
  /** The app's origin, for requests that arrive without forwarding headers. */
  appUrl: string;
  applicationName: string;
  log: (message: string) => void;
}

interface FapiContext {
  deps: FrontendApiDeps;
  url: URL;
  body: Record<string, unknown>;
  /** The app's public origin, as the proxy forwards it. */
  origin: string;
  client: ClientRecord | null;
  setCookies: string[];
}

// Context helpers

function ensureClient(ctx: FapiContext): ClientRecord {
  if (!ctx.client) {
    ctx.client = ctx.deps.store.createClient();
    ctx.setCookies.push(serializeCookie(CLIENT_COOKIE, ctx.client.cookie, { httpOnly: true, maxAge: YEAR_SECONDS }));
  }
  return ctx.client;
}

function organizationClaim(store: LocalClerkStore, session: SessionRecord, organizationId: string | null) {
  const organization = organizationId ? store.getOrganization(organizationId) : undefined;
  const membership = organization ? store.getMembership(organization.id, session.userId) : undefined;
  return organization && membership ? { id: organization.id, slug: organization.slug, role: membership.role } : null;
}

function sessionToken(ctx: FapiContext, session: SessionRecord, organizationId = session.lastActiveOrganizationId): string {
  const { store, keys } = ctx.deps;
  return mintSessionToken(keys, {
    userId: session.userId,
    sessionId: session.id,
    origin: ctx.origin,
    publicMetadata: store.requireUser(session.userId).publicMetadata,
    organization: organizationClaim(store, session, organizationId),
    firstFactorVerifiedAt: session.firstFactorVerifiedAt,
  });
}

const sessionJSON = (ctx: FapiContext, session: SessionRecord) =>
  frontendSessionJSON(ctx.deps.store, session, ctx.deps.store.isSessionActive(session) ? sessionToken(ctx, session) : null);

function clientJSON(ctx: FapiContext): ClientJSON | null {
  const { store } = ctx.deps;
  const client = ctx.client;
  if (!client) return null;
  const signIn = client.signInId ? store.getSignIn(client.signInId) : undefined;
  const signUp = client.signUpId ? store.getSignUp(client.signUpId) : undefined;
  return {
    object: 'client',
    id: client.id,
    sessions: store.activeSessions(client.id).map((session) => sessionJSON(ctx, session)),
    sign_in: signIn ? frontendSignInJSON(store, signIn) : null,
    sign_up: signUp ? frontendSignUpJSON(signUp) : null,
    last_active_session_id: client.lastActiveSessionId,
    last_authentication_strategy: null,
    cookie_expires_at: null,
    captcha_bypass: true,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

/** `{ response, client }`: clerk-js refreshes its client from every such answer. */
const withClient = (ctx: FapiContext, response: unknown): JsonResponse => ({
  status: 200,
  body: { response, client: clientJSON(ctx) },
});

/**
 * `__client_uat` (seconds, never after the token's `iat`) and `__session`,
 * set whenever the client's sessions change: with a production key clerk-js
 * never writes `__client_uat`, and @clerk/backend handshakes when the two disagree.
 */
function authCookieValues(ctx: FapiContext): Array<{ name: string; value: string; maxAge: number }> {
  const { store } = ctx.deps;
  const client = ctx.client;
  const session = client?.lastActiveSessionId ? store.getSession(client.lastActiveSessionId) : undefined;
  if (!client || !session || !store.isSessionActive(session)) {
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

const authCookies = (ctx: FapiContext) => authCookieValues(ctx).map(({ name, value, maxAge }) => serializeCookie(name, value, { maxAge }));

const sessionsChanged = (ctx: FapiContext) => ctx.setCookies.push(...authCookies(ctx));

const signedOut = () => new ClerkApiError(401, 'signed_out', 'Signed out', 'You are signed out.');

function requireClientSession(ctx: FapiContext, sessionId: string): SessionRecord {
  const session = ctx.deps.store.getSession(sessionId);
  if (!ctx.client || !session || session.clientId !== ctx.client.id || !ctx.deps.store.isSessionActive(session)) throw signedOut();
  return session;
}

/** The signed-in user of `/me` and organization requests: `_clerk_session_id`, else the client's last active session. */
function currentSession(ctx: FapiContext): { session: SessionRecord; user: UserRecord } {
  const sessionId = ctx.url.searchParams.get('_clerk_session_id') ?? ctx.client?.lastActiveSessionId;
  if (!sessionId) throw signedOut();
  const session = requireClientSession(ctx, sessionId);
  return { session, user: ctx.deps.store.requireUser(session.userId) };
}

/** The signed-in user's membership of an organization (404 for non-members, as Clerk hides them); `role` requires that role. */
function requireMembership(ctx: FapiContext, organizationId: string, role?: OrgRole) {
  const { user } = currentSession(ctx);
  const organization = ctx.deps.store.requireOrganization(organizationId);
  const membership = ctx.deps.store.getMembership(organization.id, user.id);
  if (!membership) throw notFound('organization');
  if (role && membership.role !== role) {
    throw new ClerkApiError(403, 'not_allowed_access', 'Not allowed', `Only ${ORG_ROLES[role].name.toLowerCase()}s of the organization can do this.`);
  }
  return { user, organization, membership };
}

// Sign-in

function requireSignIn(ctx: FapiContext, id: string): SignInRecord {
  const signIn = ctx.deps.store.getSignIn(id);
  if (!signIn || signIn.clientId !== ctx.client?.id) throw notFound('sign in');
  return signIn;
}

function completeSignIn(ctx: FapiContext, signIn: SignInRecord, user: UserRecord) {
  const { store } = ctx.deps;
  const session = store.createSession(ensureClient(ctx).id, user.id);
  store.recordSignIn(user.id);
  signIn.createdSessionId = session.id;
  store.saveAttempt(signIn);
  store.finishAttempt(signIn);
  sessionsChanged(ctx);
}

async function attemptPassword(ctx: FapiContext, signIn: SignInRecord, password: string | undefined) {
  const user = signIn.userId ? ctx.deps.store.getUser(signIn.userId) : undefined;
  if (!user) throw missingParam('identifier');
  if (!password) throw missingParam('password');
  if (!user.passwordDigest || !(await verifyPassword(password, user.passwordDigest))) {
    throw invalidParam('password', 'form_password_incorrect', 'Password is incorrect. Try again, or use another method.');
  }
  signIn.firstFactorVerification = { strategy: 'password', status: 'verified', attempts: 1, expireAt: Date.now() + CODE_LIFETIME };
  completeSignIn(ctx, signIn, user);
}

function attemptCode(verification: SignInRecord['firstFactorVerification'], code: string | undefined) {
  if (!verification || verification.strategy !== 'email_code' || verification.status !== 'unverified') {
    throw new ClerkApiError(400, 'verification_missing', 'Verification not prepared', 'Request a code first.');
  }
  if (!code) throw missingParam('code');
  verification.attempts += 1;
  if (code !== LOCAL_VERIFICATION_CODE) {
    throw invalidParam('code', 'form_code_incorrect', 'Incorrect code', `Incorrect code. In local mode the code is always ${LOCAL_VERIFICATION_CODE}.`);
  }
  verification.status = 'verified';
}

function logCode(ctx: FapiContext, email: string | null) {
  ctx.deps.log(`email verification code for ${email ?? 'unknown'}: ${LOCAL_VERIFICATION_CODE} (local mode sends no email)`);
}

const signInCreateBody = z.object({ identifier: z.string().optional(), password: z.string().optional(), strategy: z.string().optional() });
const firstFactorBody = z.object({ strategy: z.string(), password: z.string().optional(), code: z.string().optional() });

// Sign-up

const signUpBody = z.object({
  email_address: z.string().optional(),
  password: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  unsafe_metadata: z.string().optional(),
});

function requireSignUp(ctx: FapiContext, id: string): SignUpRecord {
  const signUp = ctx.deps.store.getSignUp(id);
  if (!signUp || signUp.clientId !== ctx.client?.id) throw notFound('sign up');
  return signUp;
}

async function applySignUpFields(ctx: FapiContext, signUp: SignUpRecord, fields: z.infer<typeof signUpBody>) {
  if (fields.email_address !== undefined) {
    const email = normalizeEmail(fields.email_address);
    if (!z.email().safeParse(email).success) {
      throw invalidParam('email_address', 'form_param_format_invalid', 'Email address must be a valid email address.');
    }
    if (ctx.deps.store.findUserByEmail(email)) {
      throw invalidParam('email_address', 'form_identifier_exists', 'That email address is taken. Please try another.');
    }
    if (email !== signUp.emailAddress) signUp.emailVerification = null;
    signUp.emailAddress = email;
  }
  if (fields.password !== undefined) {
    if (fields.password.length < 8) {
      throw invalidParam('password', 'form_password_length_too_short', 'Passwords must be 8 characters or more.');
    }
    signUp.passwordDigest = await hashPassword(fields.password);
  }
  if (fields.first_name !== undefined) signUp.firstName = fields.first_name || null;
  if (fields.last_name !== undefined) signUp.lastName = fields.last_name || null;
  if (fields.unsafe_metadata) signUp.unsafeMetadata = JSON.parse(fields.unsafe_metadata) as Record<string, unknown>;
}

/** With the email verified and nothing missing, the sign-up becomes a user and a session. */
function completeSignUpIfReady(ctx: FapiContext, signUp: SignUpRecord) {
  const { store } = ctx.deps;
  if (signUp.emailVerification?.status !== 'verified' || signUpMissingFields(signUp).length || signUp.createdUserId) return;
  const user = store.createUser({
    emailAddresses: [signUp.emailAddress!],
    passwordDigest: signUp.passwordDigest,
    firstName: signUp.firstName,
    lastName: signUp.lastName,
    unsafeMetadata: signUp.unsafeMetadata,
  });
  const session = store.createSession(ensureClient(ctx).id, user.id);
  store.recordSignIn(user.id);
  Object.assign(signUp, { createdUserId: user.id, createdSessionId: session.id });
  store.saveAttempt(signUp);
  store.finishAttempt(signUp);
  sessionsChanged(ctx);
}

/**
 * Organization sync (`organizationSyncOptions`): the middleware's handshake
 * names the organization the URL asks for (id or slug; empty for the personal
 * account) and the handshake activates it if the user is a member.
 */
function activateRequestedOrganization(ctx: FapiContext) {
  const requested = ctx.url.searchParams.get('organization_id');
  const { store } = ctx.deps;
  const session = ctx.client?.lastActiveSessionId ? store.getSession(ctx.client.lastActiveSessionId) : undefined;
  if (requested === null || !session || !store.isSessionActive(session)) return;
  const organization = requested ? store.getOrganization(requested) : null;
  if (organization === undefined || (organization && !store.getMembership(organization.id, session.userId))) return;
  store.setActiveOrganization(session.id, organization?.id ?? null);
}

/** Clerk keeps at least one admin in an organization: the last one can neither leave nor be demoted or removed. */
function assertNotLastAdmin(ctx: FapiContext, organizationId: string, userId: string) {
  const admins = ctx.deps.store.listMemberships({ organizationId }).filter((membership) => membership.role === 'org:admin');
  if (admins.length === 1 && admins[0]!.userId === userId) {
    throw new ClerkApiError(400, 'organization_minimum_permissions_needed', 'There has to be at least one organization member with the administrator role.');
  }
}

const invitationBody = z.object({ email_address: z.union([z.string(), z.array(z.string())]), role: z.string().refine(isOrgRole) });

/** Organization admins invite by email (Clerk's invite screen after creating an organization). */
function inviteMembers(ctx: FapiContext, organizationId: string) {
  const { user, organization } = requireMembership(ctx, organizationId, 'org:admin');
  const { email_address, role } = parseInput(invitationBody, ctx.body);
  return [email_address].flat().map((emailAddress) =>
    frontendOrganizationInvitationJSON(ctx.deps.store.createInvitation({ organizationId: organization.id, emailAddress, role, inviterUserId: user.id })),
  );
}

// Routes

const unsupported = (ctx: FapiContext, method: string, pathname: string): JsonResponse => {
  ctx.deps.log(`Frontend API: ${method} ${pathname} is not part of local mode; answered 404`);
  return {
    status: 404,
    body: new ClerkApiError(
      404,
      'local_mode_unsupported',
      'Not available in local mode',
      `${method} ${pathname} is not part of local mode's Clerk stand-in. Use a Clerk development instance for this feature.`,
    ).toJSON(),
  };
};

const routes = new Router<FapiContext>()
  .on('GET', '/v1/environment', (ctx) => ({ status: 200, body: environmentJSON({ applicationName: ctx.deps.applicationName, origin: ctx.origin }) }))
  .on('PATCH', '/v1/environment', (ctx) => ({ status: 200, body: environmentJSON({ applicationName: ctx.deps.applicationName, origin: ctx.origin }) }))

  .on('GET', '/v1/client', (ctx) => withClient(ctx, clientJSON(ctx)))
  .on('PUT', '/v1/client', (ctx) => {
    ensureClient(ctx);
    return withClient(ctx, clientJSON(ctx));
  })
  .on('DELETE', '/v1/client', (ctx) => {
    for (const session of ctx.client ? ctx.deps.store.activeSessions(ctx.client.id) : []) ctx.deps.store.endSession(session.id, 'ended');
    sessionsChanged(ctx);
    ctx.client = null;
    ctx.setCookies.push(serializeCookie(CLIENT_COOKIE, '', { httpOnly: true, maxAge: 0 }));
    return withClient(ctx, null);
  })

  .on('POST', '/v1/client/sign_ins', async (ctx) => {
    const body = parseInput(signInCreateBody, ctx.body);
    const user = body.identifier ? ctx.deps.store.findUserByEmail(body.identifier) : undefined;
    if (body.identifier && !user) {
      throw invalidParam('identifier', 'form_identifier_not_found', "Couldn't find your account.");
    }
    const signIn = ctx.deps.store.createSignIn(ensureClient(ctx).id);
    Object.assign(signIn, { identifier: body.identifier ?? null, userId: user?.id ?? null });
    ctx.deps.store.saveAttempt(signIn);
    if (body.strategy === 'password') await attemptPassword(ctx, signIn, body.password);
    return withClient(ctx, frontendSignInJSON(ctx.deps.store, signIn));
  })
  .on('GET', '/v1/client/sign_ins/:id', (ctx, { id }) => withClient(ctx, frontendSignInJSON(ctx.deps.store, requireSignIn(ctx, id!))))
  .on('POST', '/v1/client/sign_ins/:id/prepare_first_factor', (ctx, { id }) => {
    const signIn = requireSignIn(ctx, id!);
    const { strategy } = parseInput(firstFactorBody, ctx.body);
    if (strategy !== 'email_code') throw invalidParam('strategy', 'strategy_for_user_invalid', `${strategy} is not available in local mode`);
    signIn.firstFactorVerification = { strategy, status: 'unverified', attempts: 0, expireAt: Date.now() + CODE_LIFETIME };
    ctx.deps.store.saveAttempt(signIn);
    logCode(ctx, signIn.identifier);
    return withClient(ctx, frontendSignInJSON(ctx.deps.store, signIn));
  })
  .on('POST', '/v1/client/sign_ins/:id/attempt_first_factor', async (ctx, { id }) => {
    const signIn = requireSignIn(ctx, id!);
    const body = parseInput(firstFactorBody, ctx.body);
    if (body.strategy === 'password') {
      await attemptPassword(ctx, signIn, body.password);
    } else if (body.strategy === 'email_code') {
      try {
        attemptCode(signIn.firstFactorVerification, body.code);
      } finally {
        ctx.deps.store.saveAttempt(signIn);
      }
      completeSignIn(ctx, signIn, ctx.deps.store.requireUser(signIn.userId!));
    } else {
      throw invalidParam('strategy', 'strategy_for_user_invalid', `${body.strategy} is not available in local mode`);
    }
    return withClient(ctx, frontendSignInJSON(ctx.deps.store, signIn));
  })

  .on('POST', '/v1/client/sign_ups', async (ctx) => {
    const body = parseInput(signUpBody, ctx.body);
    const signUp = ctx.deps.store.createSignUp(ensureClient(ctx).id);
    await applySignUpFields(ctx, signUp, body);
    ctx.deps.store.saveAttempt(signUp);
    return withClient(ctx, frontendSignUpJSON(signUp));
  })
  .on('GET', '/v1/client/sign_ups/:id', (ctx, { id }) => withClient(ctx, frontendSignUpJSON(requireSignUp(ctx, id!))))
  .on('PATCH', '/v1/client/sign_ups/:id', async (ctx, { id }) => {
    const signUp = requireSignUp(ctx, id!);
    await applySignUpFields(ctx, signUp, parseInput(signUpBody, ctx.body));
    ctx.deps.store.saveAttempt(signUp);
    completeSignUpIfReady(ctx, signUp);
    return withClient(ctx, frontendSignUpJSON(signUp));
  })
  .on('POST', '/v1/client/sign_ups/:id/prepare_verification', (ctx, { id }) => {
    const signUp = requireSignUp(ctx, id!);
    const { strategy } = parseInput(z.object({ strategy: z.string() }), ctx.body);
    if (strategy !== 'email_code') throw invalidParam('strategy', 'strategy_for_user_invalid', `${strategy} is not available in local mode`);
    if (!signUp.emailAddress) throw missingParam('email_address');
    signUp.emailVerification = { strategy, status: 'unverified', attempts: 0, expireAt: Date.now() + CODE_LIFETIME };
    ctx.deps.store.saveAttempt(signUp);
    logCode(ctx, signUp.emailAddress);
    return withClient(ctx, frontendSignUpJSON(signUp));
  })
  .on('POST', '/v1/client/sign_ups/:id/attempt_verification', (ctx, { id }) => {
    const signUp = requireSignUp(ctx, id!);
    const { code } = parseInput(z.object({ strategy: z.string(), code: z.string().optional() }), ctx.body);
    try {
      attemptCode(signUp.emailVerification, code);
    } finally {
      ctx.deps.store.saveAttempt(signUp);
    }
    completeSignUpIfReady(ctx, signUp);
    return withClient(ctx, frontendSignUpJSON(signUp));
  })

  .on('POST', '/v1/client/sessions/:id/touch', (ctx, { id }) => {
    const session = requireClientSession(ctx, id!);
    const { active_organization_id: requested } = parseInput(z.object({ active_organization_id: z.string().optional() }), ctx.body);
    let organizationId = session.lastActiveOrganizationId;
    if (requested !== undefined) {
      const organization = requested ? ctx.deps.store.getOrganization(requested) : undefined;
      if (requested && (!organization || !ctx.deps.store.getMembership(organization.id, session.userId))) throw notFound('organization');
      organizationId = organization?.id ?? null;
    }
    ctx.deps.store.setActiveOrganization(session.id, organizationId);
    sessionsChanged(ctx);
    return withClient(ctx, sessionJSON(ctx, session));
  })
  .on('POST', '/v1/client/sessions/:id/tokens', (ctx, { id }) => {
    const session = requireClientSession(ctx, id!);
    // Mint for the organization asked for, but never change the active one here: only touch does.
    const requested = ctx.body.organization_id;
    const organizationId = typeof requested === 'string' ? requested || null : session.lastActiveOrganizationId;
    return { status: 200, body: { object: 'token', jwt: sessionToken(ctx, session, organizationId) } };
  })
  .on('POST', '/v1/client/sessions/:id/end', (ctx, { id }) => {
    const session = ctx.deps.store.endSession(requireClientSession(ctx, id!).id, 'ended');
    sessionsChanged(ctx);
    return withClient(ctx, sessionJSON(ctx, session));
  })
  .on('POST', '/v1/client/sessions/:id/remove', (ctx, { id }) => {
    const session = ctx.deps.store.endSession(requireClientSession(ctx, id!).id, 'removed');
    sessionsChanged(ctx);
    return withClient(ctx, sessionJSON(ctx, session));
  })
  .on('DELETE', '/v1/client/sessions', (ctx) => {
    for (const session of ctx.client ? ctx.deps.store.activeSessions(ctx.client.id) : []) ctx.deps.store.endSession(session.id, 'removed');
    sessionsChanged(ctx);
    return withClient(ctx, clientJSON(ctx));
  })

  .on('GET', '/v1/client/handshake', (ctx) => {
    const redirectUrl = ctx.url.searchParams.get('redirect_url') ?? '';
    let target: URL;
    try {
      target = new URL(redirectUrl);
    } catch {
      throw invalidParam('redirect_url', 'form_param_format_invalid', 'redirect_url must be an absolute URL');
    }
    if (target.origin !== ctx.origin) throw invalidParam('redirect_url', 'redirect_url_invalid', 'redirect_url must be on the app origin');
    activateRequestedOrganization(ctx);
    target.searchParams.set('__clerk_handshake', mintHandshakeToken(ctx.deps.keys, authCookies(ctx)));
    return { status: 307, body: undefined, headers: { Location: target.toString() } };
  })

  .on('GET', '/v1/me', (ctx) => withClient(ctx, frontendUserJSON(ctx.deps.store, currentSession(ctx).user)))
  .on('GET', '/v1/me/organization_memberships', (ctx) => {
    const { user } = currentSession(ctx);
    const memberships = ctx.deps.store.listMemberships({ userId: user.id }).sort((a, b) => b.createdAt - a.createdAt);
    return withClient(ctx, page(ctx.url.searchParams, memberships, (membership) => frontendMembershipJSON(ctx.deps.store, membership)));
  })
  .on('GET', '/v1/me/organization_invitations', (ctx) => {
    const { user } = currentSession(ctx);
    const statuses = queryList(ctx.url.searchParams, 'status');
    const invitations = ctx.deps.store
      .listInvitations({ emailAddresses: user.emailAddresses.map((address) => address.emailAddress) })
      .filter((invitation) => !statuses.length || statuses.includes(invitation.status))
      .sort((a, b) => b.createdAt - a.createdAt);
    return withClient(ctx, page(ctx.url.searchParams, invitations, (invitation) => frontendInvitationJSON(ctx.deps.store, invitation)));
  })
  .on('POST', '/v1/me/organization_invitations/:id/accept', (ctx, { id }) => {
    const { user } = currentSession(ctx);
    ctx.deps.store.acceptInvitation(id!, user.id);
    return withClient(ctx, frontendInvitationJSON(ctx.deps.store, ctx.deps.store.requireInvitation(id!)));
  })
  .on('GET', '/v1/me/organization_suggestions', (ctx) => {
    currentSession(ctx);
    return withClient(ctx, { data: [], total_count: 0 });
  })

  .on('POST', '/v1/organizations', (ctx) => {
    const { user } = currentSession(ctx);
    const { name, slug } = parseInput(z.object({ name: z.string().trim().min(1).max(256), slug: z.string().optional() }), ctx.body);
    const organization = ctx.deps.store.createOrganization({ name, slug: slug || null, createdBy: user.id });
    return withClient(ctx, frontendOrganizationJSON(ctx.deps.store, organization));
  })
  .on('GET', '/v1/organizations/:id', (ctx, { id }) => withClient(ctx, frontendOrganizationJSON(ctx.deps.store, requireMembership(ctx, id!).organization)))
  .on('PATCH', '/v1/organizations/:id', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!, 'org:admin');
    const { name, slug } = parseInput(z.object({ name: z.string().trim().min(1).max(256).optional(), slug: z.string().optional() }), ctx.body);
    const updated = ctx.deps.store.updateOrganization(organization.id, { ...(name && { name }), ...(slug && { slug }) });
    return withClient(ctx, frontendOrganizationJSON(ctx.deps.store, updated));
  })
  .on('DELETE', '/v1/organizations/:id', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!, 'org:admin');
    ctx.deps.store.deleteOrganization(organization.id);
    sessionsChanged(ctx);
    return withClient(ctx, deletedObjectJSON('organization', organization.id));
  })
  .on('GET', '/v1/organizations/:id/memberships', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!);
    const { store } = ctx.deps;
    const roles = queryList(ctx.url.searchParams, 'role');
    const text = ctx.url.searchParams.get('query')?.toLowerCase();
    const memberships = store
      .listMemberships({ organizationId: organization.id })
      .filter((membership) => !roles.length || roles.includes(membership.role))
      .filter((membership) => {
        const user = store.requireUser(membership.userId);
        return !text || [user.firstName, user.lastName, store.primaryEmail(user)].some((value) => value?.toLowerCase().includes(text));
      })
      .sort((a, b) => a.createdAt - b.createdAt);
    return withClient(ctx, page(ctx.url.searchParams, memberships, (membership) => frontendMembershipJSON(store, membership)));
  })
  .on('PATCH', '/v1/organizations/:id/memberships/:userId', (ctx, { id, userId }) => {
    const { organization, user } = requireMembership(ctx, id!, 'org:admin');
    const { role } = parseInput(z.object({ role: z.string().refine(isOrgRole) }), ctx.body);
    if (role !== 'org:admin') assertNotLastAdmin(ctx, organization.id, userId!);
    const membership = ctx.deps.store.updateMembership(organization.id, userId!, { role });
    if (userId === user.id) sessionsChanged(ctx);
    return withClient(ctx, frontendMembershipJSON(ctx.deps.store, membership));
  })
  .on('DELETE', '/v1/organizations/:id/memberships/:userId', (ctx, { id, userId }) => {
    // Admins remove members; anyone may leave.
    const { organization, user } = requireMembership(ctx, id!, userId === currentSession(ctx).user.id ? undefined : 'org:admin');
    assertNotLastAdmin(ctx, organization.id, userId!);
    const json = frontendMembershipJSON(ctx.deps.store, ctx.deps.store.requireMembership(organization.id, userId!));
    ctx.deps.store.deleteMembership(organization.id, userId!);
    if (userId === user.id) sessionsChanged(ctx);
    return withClient(ctx, json);
  })
  .on('POST', '/v1/organizations/:id/invitations/:invitationId/revoke', (ctx, { id, invitationId }) => {
    const { organization } = requireMembership(ctx, id!, 'org:admin');
    return withClient(ctx, frontendOrganizationInvitationJSON(ctx.deps.store.revokeInvitation(organization.id, invitationId!)));
  })
  .on('GET', '/v1/organizations/:id/domains', (ctx, { id }) => {
    requireMembership(ctx, id!);
    return withClient(ctx, { data: [], total_count: 0 });
  })
  .on('GET', '/v1/organizations/:id/roles', (ctx, { id }) => {
    requireMembership(ctx, id!);
    const roles = ORG_ROLE_KEYS.map((key) => ({
      object: 'role',
      id: `role_${key.replace(':', '_')}`,
      key,
      name: ORG_ROLES[key].name,
      description: ORG_ROLES[key].description,
      permissions: [],
      created_at: 0,
      updated_at: 0,
    }));
    return withClient(ctx, page(ctx.url.searchParams, roles, (role) => role));
  })
  .on('GET', '/v1/organizations/:id/invitations', (ctx, { id }) => {
    const { organization } = requireMembership(ctx, id!, 'org:admin');
    const statuses = queryList(ctx.url.searchParams, 'status');
    const invitations = ctx.deps.store
      .listInvitations({ organizationId: organization.id })
      .filter((invitation) => !statuses.length || statuses.includes(invitation.status))
      .sort((a, b) => b.createdAt - a.createdAt);
    return withClient(ctx, page(ctx.url.searchParams, invitations, frontendOrganizationInvitationJSON));
  })
  .on('POST', '/v1/organizations/:id/invitations', (ctx, { id }) => withClient(ctx, inviteMembers(ctx, id!)[0]))
  .on('POST', '/v1/organizations/:id/invitations/bulk', (ctx, { id }) => withClient(ctx, inviteMembers(ctx, id!)));

// Test and developer helpers (loopback only, never through the app's proxy)

const localSessionBody = z.object({ email: z.string(), orgSlug: z.string().optional() });

function createLocalSession(ctx: FapiContext): JsonResponse {
  const { email, orgSlug } = parseInput(localSessionBody, ctx.body);
  const { store } = ctx.deps;
  const user = store.findUserByEmail(email);
  if (!user) throw invalidParam('email', 'form_identifier_not_found', `No user with email ${email}`);
  const organization = orgSlug ? store.requireOrganization(orgSlug) : null;
  if (organization && !store.getMembership(organization.id, user.id)) {
    throw invalidParam('orgSlug', 'not_a_member_in_organization', `${email} is not a member of ${orgSlug}`);
  }
  const client = store.createClient();
  const session = store.createSession(client.id, user.id, organization?.id ?? null);
  store.recordSignIn(user.id);
  const cookies = [{ name: CLIENT_COOKIE, value: client.cookie }, ...authCookieValues({ ...ctx, client }).map(({ name, value }) => ({ name, value }))];
  return { status: 200, body: { cookies, userId: user.id, sessionId: session.id } };
}

// The handler

export interface LocalEndpoints {
  pendingWebhooks: () => number;
}

/** The app's public origin, as the proxy forwards it; the configured app URL otherwise. */
function publicOrigin(req: IncomingMessage, appUrl: string): string {
  const host = req.headers['x-forwarded-host'];
  const proto = req.headers['x-forwarded-proto'];
  if (typeof host === 'string' && host) return `${typeof proto === 'string' && proto ? proto.split(',')[0]!.trim() : 'http'}://${host.split(',')[0]!.trim()}`;
  return new URL(appUrl).origin;
}

export function createFrontendApiHandler(deps: FrontendApiDeps, local: LocalEndpoints) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    if (!isLoopbackAddress(req.socket.remoteAddress)) {
      sendJson(res, { status: 403, body: new ClerkApiError(403, 'forbidden', 'Local mode answers loopback requests only').toJSON() });
      return;
    }
    const url = new URL(req.url ?? '/', 'http://local-clerk.invalid');
    const method = (req.method === 'POST' && url.searchParams.get('_method')?.toUpperCase()) || req.method || 'GET';
    const viaProxy = Boolean(req.headers['x-forwarded-host']);

    if ((method === 'GET' || method === 'HEAD') && url.pathname.startsWith('/npm/') && serveAsset(url.pathname.slice('/npm/'.length), req, res)) return;

    const ctx: FapiContext = {
      deps,
      url,
      body: {},
      origin: publicOrigin(req, deps.appUrl),
      client: null,
      setCookies: [],
    };
    let response: JsonResponse;
    try {
      const origin = req.headers.origin;
      if (method !== 'GET' && origin && origin !== ctx.origin) {
        throw new ClerkApiError(403, 'origin_invalid', 'Invalid origin', `Requests from ${origin} are not allowed.`);
      }
      ctx.body = parseBody(await readBody(req), req.headers['content-type']);
      const cookie = parseCookies(req.headers.cookie)[CLIENT_COOKIE];
      ctx.client = (cookie && deps.store.findClientByCookie(cookie)) || null;

      if (url.pathname.startsWith('/__local/')) {
        if (viaProxy) throw notFound();
        if (method === 'GET' && url.pathname === '/__local/health') response = { status: 200, body: { ok: true } };
        else if (method === 'GET' && url.pathname === '/__local/webhooks/pending') response = { status: 200, body: { pending: local.pendingWebhooks() } };
        else if (method === 'POST' && url.pathname === '/__local/sessions') response = createLocalSession(ctx);
        else throw notFound();
      } else {
        const route = routes.match(method, url.pathname);
        response = route ? await route.handler(ctx, route.params) : unsupported(ctx, method, url.pathname);
      }
    } catch (error) {
      response = errorResponse(error, deps.log);
    }
    const setCookie = [...ctx.setCookies, ...[response.headers?.['Set-Cookie'] ?? []].flat()];
    sendJson(res, { ...response, headers: { ...response.headers, ...(setCookie.length ? { 'Set-Cookie': setCookie } : {}) } });
  };
}

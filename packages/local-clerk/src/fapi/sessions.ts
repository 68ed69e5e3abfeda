import { z } from 'zod';
import { invalidParam, notFound, parseInput } from '../errors';
import { serializeCookie } from '../http';
import { HANDSHAKE_TOKEN_SECONDS, mintHandshakeToken } from '../tokens';
import {
  authCookies,
  CLIENT_COOKIE,
  clientJSON,
  ensureClient,
  requireClientSession,
  sessionJSON,
  sessionsChanged,
  sessionToken,
  withClient,
  type FapiContext,
  FapiRoutes,
} from './context';
import { DEV_BROWSER_PARAM, handshakeDevBrowser, isDevelopment } from './dev-browser';

/**
 * Organization sync (`organizationSyncOptions`): the middleware's handshake
 * names the organization the URL asks for (id or slug; empty for the personal
 * account) and the handshake activates it if the user is a member.
 */
function activateRequestedOrganization(ctx: FapiContext) {
  const requested = ctx.url.searchParams.get('organization_id');
  const { store } = ctx.deps;
  const session = ctx.client?.lastActiveSessionId ? store.sessions.get(ctx.client.lastActiveSessionId) : undefined;
  if (requested === null || !session || !store.sessions.isActive(session)) return;
  const organization = requested ? store.organizations.get(requested) : null;
  if (organization === undefined || (organization && !store.memberships.get(organization.id, session.userId))) return;
  store.sessions.setActiveOrganization(session.id, organization?.id ?? null);
}

const HANDSHAKE = '__clerk_handshake';

/** The client and its sessions: switching organization, token refresh, sign-out and the server handshake. */
export const sessionRoutes = new FapiRoutes('fapi/sessions.ts')
  .on('GET', '/v1/client', (ctx) => withClient(ctx, clientJSON(ctx)))
  .on('PUT', '/v1/client', (ctx) => {
    ensureClient(ctx);
    return withClient(ctx, clientJSON(ctx));
  })
  .on('DELETE', '/v1/client', (ctx) => {
    for (const session of ctx.client ? ctx.deps.store.sessions.activeOf(ctx.client.id) : [])
      ctx.deps.store.sessions.end(session.id, 'ended');
    sessionsChanged(ctx);
    ctx.client = null;
    ctx.setCookies.push(serializeCookie(CLIENT_COOKIE, '', { httpOnly: true, maxAge: 0 }));
    return withClient(ctx, null);
  })

  .on('POST', '/v1/client/sessions/:id/touch', (ctx, { id }) => {
    const session = requireClientSession(ctx, id!);
    const { active_organization_id: requested } = parseInput(z.object({ active_organization_id: z.string().optional() }), ctx.body);
    let organizationId = session.lastActiveOrganizationId;
    if (requested !== undefined) {
      const organization = requested ? ctx.deps.store.organizations.get(requested) : undefined;
      if (requested && (!organization || !ctx.deps.store.memberships.get(organization.id, session.userId))) throw notFound('organization');
      organizationId = organization?.id ?? null;
    }
    ctx.deps.store.sessions.setActiveOrganization(session.id, organizationId);
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
    const session = ctx.deps.store.sessions.end(requireClientSession(ctx, id!).id, 'ended');
    sessionsChanged(ctx);
    return withClient(ctx, sessionJSON(ctx, session));
  })
  .on('POST', '/v1/client/sessions/:id/remove', (ctx, { id }) => {
    const session = ctx.deps.store.sessions.end(requireClientSession(ctx, id!).id, 'removed');
    sessionsChanged(ctx);
    return withClient(ctx, sessionJSON(ctx, session));
  })
  .on('DELETE', '/v1/client/sessions', (ctx) => {
    for (const session of ctx.client ? ctx.deps.store.sessions.activeOf(ctx.client.id) : [])
      ctx.deps.store.sessions.end(session.id, 'removed');
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
    if (!ctx.allowedOrigins.includes(target.origin))
      throw invalidParam('redirect_url', 'redirect_url_invalid', 'redirect_url must be on the app origin');
    // The session token goes to the app the browser returns to (`azp`).
    ctx.origin = target.origin;
    const devBrowser = isDevelopment(ctx) ? handshakeDevBrowser(ctx) : null;
    activateRequestedOrganization(ctx);
    const cookies = authCookies(ctx);
    if (devBrowser) {
      // A development instance shares no cookie with the app: the payload, and the dev browser, travel in the URL.
      cookies.push(devBrowser.cookie);
      target.searchParams.set(DEV_BROWSER_PARAM, devBrowser.token);
      target.searchParams.set(HANDSHAKE, mintHandshakeToken(ctx.deps.keys, cookies));
    } else {
      // A production instance's Frontend API shares the app's domain (its subdomain, or the proxy): the payload travels
      // in a cookie and the browser returns to the very URL it left; the payload's first directive clears that cookie.
      const token = mintHandshakeToken(ctx.deps.keys, [serializeCookie(HANDSHAKE, '', { maxAge: 0 }), ...cookies]);
      ctx.setCookies.push(serializeCookie(HANDSHAKE, token, { httpOnly: true, maxAge: HANDSHAKE_TOKEN_SECONDS }));
    }
    return { status: 307, body: undefined, headers: { Location: target.toString() } };
  });

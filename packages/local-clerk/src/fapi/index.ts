/**
 * The Frontend API stand-in: what clerk-js and Clerk's components call, behind
 * the app's same-origin proxy. Wire format as Clerk's: form bodies, `?_method=`
 * for PATCH/PUT/DELETE, `{ response, client }` answers. One file per resource:
 * sign-in, sign-up, sessions (with the client and the handshake), the user
 * (`/v1/me`), organizations and Clerk Billing (`billing.ts`).
 *
 * Uploaded images (`/v1/images/<id>`) are served as files.
 *
 * Anything else answers 404 in Clerk's error format (`local_mode_unsupported`).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveAsset } from '../assets';
import { environmentJSON } from '../environment';
import { ClerkApiError, notFound } from '../errors';
import { frontendApiHostOf, instanceTypeOf } from '../keys';
import type { BackendApiRequestCounts } from '../request-counter';
import { errorResponse, isLoopbackAddress, parseBody, parseCookies, readBody, Router, sendJson, type JsonResponse } from '../http';
import { CLIENT_COOKIE, FapiRoutes, type FapiContext, type FrontendApiDeps } from './context';
import { apiKeyRoutes } from './api-keys';
import { billingRoutes } from './billing';
import { devBrowserClient, devBrowserRoutes } from './dev-browser';
import { changeLocalInstanceSettings, createLocalSession, limitBackendApi, subscribeLocally, type BackendApiLimit } from './local';
import { enterpriseSsoRoutes } from './enterprise-sso';
import { hostedPageRoutes } from './hosted-pages';
import { meRoutes } from './me';
import { meAccountRoutes } from './me-account';
import { meSecurityRoutes } from './me-security';
import { meExternalAccountRoutes } from './me-external-accounts';
import { meMfaRoutes } from './me-mfa';
import { oauthRoutes } from './oauth';
import { organizationRoutes } from './organizations';
import { sessionRoutes } from './sessions';
import { signInRoutes } from './sign-in';
import { reverificationRoutes } from './reverification';
import { signUpRoutes } from './sign-up';
import { uploadRoutes } from './uploads';

export type { FrontendApiDeps } from './context';

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

const environment = (ctx: FapiContext): JsonResponse => ({
  status: 200,
  body: environmentJSON({
    config: ctx.deps.store.instance.config,
    origin: ctx.origin,
    instanceType: instanceTypeOf(ctx.deps.keys),
    accountPortalUrl: ctx.frontendApiUrl,
  }),
});

const environmentRoutes = new FapiRoutes('fapi/index.ts')
  .on('GET', '/v1/environment', environment)
  .on('PATCH', '/v1/environment', environment);

export const frontendRoutes = new Router<FapiContext>([
  environmentRoutes,
  devBrowserRoutes,
  sessionRoutes,
  signInRoutes,
  signUpRoutes,
  meRoutes,
  meAccountRoutes,
  meSecurityRoutes,
  meMfaRoutes,
  meExternalAccountRoutes,
  organizationRoutes,
  uploadRoutes,
  reverificationRoutes,
  oauthRoutes,
  enterpriseSsoRoutes,
  billingRoutes,
  hostedPageRoutes,
  apiKeyRoutes,
]);

export interface LocalEndpoints {
  pendingWebhooks: () => number;
  backendApiRequests: () => BackendApiRequestCounts;
  /** After `after` more Backend API requests, the next `requests` answer 429 with this `Retry-After`. */
  limitBackendApi: (limit: BackendApiLimit) => void;
}

/** The app's public origin, as the proxy forwards it; the configured app URL otherwise. */
function publicOrigin(req: IncomingMessage, appUrl: string): string {
  const host = req.headers['x-forwarded-host'];
  const proto = req.headers['x-forwarded-proto'];
  if (typeof host === 'string' && host)
    return `${typeof proto === 'string' && proto ? proto.split(',')[0]!.trim() : 'http'}://${host.split(',')[0]!.trim()}`;
  return new URL(appUrl).origin;
}

/** The browser's address: the first hop the proxy forwards, else the peer (IPv4 without its IPv6 mapping). */
function clientAddress(req: IncomingMessage): string {
  const forwarded = req.headers['x-forwarded-for'];
  const address = (typeof forwarded === 'string' && forwarded.split(',')[0]!.trim()) || req.socket.remoteAddress || '';
  return address.replace(/^::ffff:/, '');
}

/** The proxy's mount path (`x-forwarded-prefix`), so links to the Frontend API go through it. */
function forwardedPrefix(req: IncomingMessage): string {
  const prefix = req.headers['x-forwarded-prefix'];
  return typeof prefix === 'string' && /^\/[\w\-/]*$/.test(prefix) ? prefix.replace(/\/$/, '') : '';
}

/**
 * Reached directly at its own host (a development instance's Frontend API is
 * never the app's origin), the browser calls it cross-origin with credentials,
 * as it calls Clerk's: the app's origins are allowed (and the Account Portal's), no other
 * page may read an answer, and the origin check below still applies to writes.
 */
function corsHeaders(req: IncomingMessage, allowedOrigins: string[] | null): Record<string, string> {
  const origin = req.headers.origin;
  if (!allowedOrigins || !origin || !allowedOrigins.includes(origin)) return {};
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
    'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'content-type',
    'Access-Control-Expose-Headers': 'Clerk-Db-Jwt, x-country',
    Vary: 'Origin',
  };
}

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * This Frontend API as the browser reached it directly: at the public URL (the recipe's proxy URL,
 * `http://localhost:<port>`); a development instance's elsewhere at the key's host (the browser
 * routes it there), a production instance's at the host it asked for.
 */
function directUrl(req: IncomingMessage, deps: FrontendApiDeps): string {
  const host = req.headers.host ?? '127.0.0.1';
  const publicUrl = deps.store.instance.publicFrontendApiUrl;
  if (publicUrl && URL.canParse(publicUrl) && new URL(publicUrl).host === host) return publicUrl.replace(/\/$/, '');
  return instanceTypeOf(deps.keys) === 'development' ? `https://${frontendApiHostOf(deps.keys.publishableKey)}` : `http://${host}`;
}

/**
 * Reached directly, the app that calls is the one its `Origin` names, when it is one of the
 * instance's apps; any other caller (the Account Portal's pages, a navigation) acts for the first app.
 * Writes may come from those apps and from this host's own pages, when the host is a loopback name
 * (not a rebound DNS name): anything else is 403 `origin_invalid`, as Clerk refuses other origins.
 */
function directOrigins(req: IncomingMessage, deps: FrontendApiDeps): { origin: string; allowedOrigins: string[] } {
  const requested = req.headers.origin;
  const origin = requested && deps.appOrigins.includes(requested) ? requested : new URL(deps.appUrl).origin;
  const host = req.headers.host;
  const own =
    host && URL.canParse(`http://${host}`) && LOOPBACK_HOSTNAMES.has(new URL(`http://${host}`).hostname) ? [`http://${host}`] : [];
  return { origin, allowedOrigins: [...new Set([...deps.appOrigins, ...own])] };
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
    const origins = viaProxy
      ? { origin: publicOrigin(req, deps.appUrl), allowedOrigins: [publicOrigin(req, deps.appUrl)] }
      : directOrigins(req, deps);
    // Through the proxy the browser calls its own origin: no CORS.
    const cors = corsHeaders(req, viaProxy ? null : origins.allowedOrigins);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }

    const frontendApiUrl = viaProxy ? `${publicOrigin(req, deps.appUrl)}${forwardedPrefix(req)}` : directUrl(req, deps);
    if (
      (method === 'GET' || method === 'HEAD') &&
      url.pathname.startsWith('/npm/') &&
      serveAsset(url.pathname.slice('/npm/'.length), req, res, frontendApiUrl)
    )
      return;
    if (method === 'GET' && url.pathname.startsWith('/v1/images/')) {
      const image = deps.images.read(url.pathname.slice('/v1/images/'.length));
      if (image) {
        res.writeHead(200, {
          'Content-Type': image.type,
          'Content-Length': image.data.length,
          'Cache-Control': 'public, max-age=31536000, immutable',
          'X-Content-Type-Options': 'nosniff',
        });
        res.end(image.data);
        return;
      }
    }

    const ctx: FapiContext = {
      deps,
      url,
      body: {},
      ...origins,
      frontendApiUrl,
      client: null,
      setCookies: [],
    };
    let response: JsonResponse;
    try {
      const origin = req.headers.origin;
      if (method !== 'GET' && origin && !ctx.allowedOrigins.includes(origin)) {
        throw new ClerkApiError(403, 'origin_invalid', 'Invalid origin', `Requests from ${origin} are not allowed.`);
      }
      const testingToken = url.searchParams.get('__clerk_testing_token');
      if (testingToken !== null && !deps.store.tickets.isValidTestingToken(testingToken)) {
        // Clerk's testing tokens let automated browsers past bot protection (which the stand-in has not); a wrong one is a broken test setup.
        throw new ClerkApiError(
          401,
          'testing_token_invalid',
          'Invalid testing token',
          'The __clerk_testing_token is unknown or expired. Fetch a new one (POST /v1/testing_tokens, or clerkSetup()).',
        );
      }
      ctx.body = await parseBody(await readBody(req), req.headers['content-type']);
      const cookie = parseCookies(req.headers.cookie)[CLIENT_COOKIE];
      ctx.client = devBrowserClient(ctx) ?? ((cookie && deps.store.clients.findByCookie(cookie)) || null);
      if (ctx.client)
        deps.store.clients.recordActivity(ctx.client.id, { userAgent: req.headers['user-agent'] ?? '', ipAddress: clientAddress(req) });

      if (url.pathname.startsWith('/__local/')) {
        if (viaProxy) throw notFound();
        if (method === 'GET' && url.pathname === '/__local/health') response = { status: 200, body: { ok: true } };
        else if (method === 'GET' && url.pathname === '/__local/webhooks/pending')
          response = { status: 200, body: { pending: local.pendingWebhooks() } };
        else if (method === 'GET' && url.pathname === '/__local/backend-api/requests')
          response = { status: 200, body: local.backendApiRequests() };
        else if (method === 'POST' && url.pathname === '/__local/sessions') response = createLocalSession(ctx);
        else if (method === 'POST' && url.pathname === '/__local/instance') response = changeLocalInstanceSettings(ctx);
        else if (method === 'POST' && url.pathname === '/__local/backend-api/rate-limit') response = limitBackendApi(ctx, local);
        else if (method === 'POST' && url.pathname === '/__local/billing/subscriptions') response = subscribeLocally(ctx);
        else throw notFound();
      } else {
        const route = frontendRoutes.match(method, url.pathname);
        response = route ? await route.handler(ctx, route.params) : unsupported(ctx, method, url.pathname);
      }
    } catch (error) {
      response = errorResponse(error, deps.log);
    }
    const setCookie = [...ctx.setCookies, ...[response.headers?.['Set-Cookie'] ?? []].flat()];
    sendJson(res, { ...response, headers: { ...cors, ...response.headers, ...(setCookie.length ? { 'Set-Cookie': setCookie } : {}) } });
  };
}

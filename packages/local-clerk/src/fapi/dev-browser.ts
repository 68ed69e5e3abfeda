/**
 * Development instances (`pk_test_` keys): the browser's identity is a dev
 * browser token, not a cookie of the Frontend API's own domain (which a
 * development instance never shares with the app). clerk-js asks for one with
 * `POST /v1/dev_browser`, keeps it in the app's `__clerk_db_jwt` cookie and sends
 * it on every request as the `__clerk_db_jwt` query parameter; the server's
 * handshake carries it too. Here the token names the client it belongs to.
 */
import { ClerkApiError } from '../errors';
import { serializeCookie, type JsonResponse } from '../http';
import { instanceTypeOf } from '../keys';
import type { ClientRecord } from '../store';
import { FapiRoutes, type FapiContext } from './context';
import { isHostedPage } from './hosted-pages';

export const DEV_BROWSER_PARAM = '__clerk_db_jwt';

const YEAR_SECONDS = 365 * 24 * 60 * 60;

export const isDevelopment = (ctx: FapiContext) => instanceTypeOf(ctx.deps.keys) === 'development';

/** Clerk's answer to an unknown token: clerk-js then asks for a new dev browser. */
const unauthenticated = () =>
  new ClerkApiError(
    401,
    'dev_browser_unauthenticated',
    'Browser unauthenticated',
    'Unable to authenticate this browser for your development instance.',
  );

/** The client a request's `__clerk_db_jwt` names, on a development instance; undefined when it sends none. */
export function devBrowserClient(ctx: FapiContext): ClientRecord | undefined {
  const token = ctx.url.searchParams.get(DEV_BROWSER_PARAM);
  if (!isDevelopment(ctx) || !token) return undefined;
  const client = ctx.deps.store.clients.findByCookie(token);
  if (client) return client;
  // A handshake with a stale token starts a new dev browser; the Account Portal's pages leave the token to clerk-js on
  // the page; any other request asks clerk-js for one.
  if (ctx.url.pathname === '/v1/client/handshake' || isHostedPage(ctx.url.pathname)) return undefined;
  throw unauthenticated();
}

/** The dev browser of a handshake: the one it names, else a new one (a first visit). */
export function handshakeDevBrowser(ctx: FapiContext): { token: string; cookie: string } {
  ctx.client ??= ctx.deps.store.clients.create();
  return { token: ctx.client.cookie, cookie: serializeCookie(DEV_BROWSER_PARAM, ctx.client.cookie, { maxAge: YEAR_SECONDS }) };
}

const createDevBrowser = (ctx: FapiContext): JsonResponse => {
  if (!isDevelopment(ctx))
    throw new ClerkApiError(
      400,
      'dev_browser_unsupported',
      'Not a development instance',
      'Dev browsers exist on development instances (pk_test_ keys) only.',
    );
  const client = ctx.deps.store.clients.create();
  return { status: 200, body: { object: 'dev_browser', id: client.cookie } };
};

export const devBrowserRoutes = new FapiRoutes('fapi/dev-browser.ts').on('POST', '/v1/dev_browser', createDevBrowser);

/**
 * The app's same-origin proxy to the stand-in's Frontend API, for a route
 * handler mounted at the `proxyUrl` clerk-js is given. Web APIs only.
 */
export interface FrontendApiProxyOptions {
  /** The path the route is mounted at on the app's origin, e.g. `/clerk-fapi`. */
  mountPath: string;
  /** The stand-in's Frontend API URL, read on each request; none means the stand-in is off (404). */
  upstream: () => string | undefined;
}

/**
 * What clerk-js calls (`v1/...`; its API keys module `api_keys...`, without a version) and the bundles it
 * loads (`npm/...`); the stand-in's `/__local` helpers stay unreachable.
 */
const FORWARDED_PATH = /^\/(?:(?:v1|npm)\/|api_keys(?:\/|$))/;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * The peer address the server saw. A route handler cannot see the socket, and Next fills
 * `x-forwarded-for` from it only when the client sent none, so headers are the client's word,
 * like `Host`. The launcher's loopback guard (scripts/launch/loopback-guard.mjs) writes the
 * socket's address here, replacing any the client sent; without the guard it is missing: refused.
 */
const PEER_HEADER = 'x-local-mode-peer';
const LOOPBACK_ADDRESS = /^(::ffff:)?127(\.\d{1,3}){3}$|^::1$/i;

const isLoopbackPeer = (headers: Headers) => LOOPBACK_ADDRESS.test(headers.get(PEER_HEADER) ?? '');

/** Hop-by-hop and length headers, and the guard's, that must not be copied across. */
const DROPPED_HEADERS = [
  ...['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'content-encoding', 'host'],
  PEER_HEADER,
];

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

const notFound = () => Response.json({ errors: [{ code: 'resource_not_found', message: 'not found' }] }, { status: 404 });

function hostname(host: string | null): string | null {
  if (!host) return null;
  try {
    return new URL(`http://${host}`).hostname;
  } catch {
    return null;
  }
}

function copyHeaders(source: Headers): Headers {
  const headers = new Headers(source);
  for (const name of DROPPED_HEADERS) headers.delete(name);
  return headers;
}

/**
 * A handler that forwards a request to the Frontend API stand-in and returns
 * its answer unchanged (status, body, every Set-Cookie; redirects not
 * followed). It answers 404 while the stand-in is off, and 403 when the Host
 * is not loopback (a DNS-rebinding page) or the peer is not (a network client).
 */
export const createFrontendApiProxy = ({ mountPath, upstream }: FrontendApiProxyOptions) =>
  async function proxyToFrontendApi(request: Request): Promise<Response> {
    const fapiUrl = upstream();
    if (!fapiUrl) return notFound();

    const host = request.headers.get('host');
    if (!LOOPBACK_HOSTS.has(hostname(host) ?? '') || !isLoopbackPeer(request.headers)) {
      const message = 'The local Clerk stand-in answers loopback hosts and peers only';
      return Response.json({ errors: [{ code: 'forbidden', message }] }, { status: 403 });
    }

    const url = new URL(request.url);
    const path = url.pathname.startsWith(mountPath) ? url.pathname.slice(mountPath.length) : url.pathname;
    if (!FORWARDED_PATH.test(path)) return notFound();

    const headers = copyHeaders(request.headers);
    headers.set('x-forwarded-host', host!);
    headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
    headers.set('x-forwarded-prefix', mountPath);
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const answer = await fetch(new URL(`${path}${url.search}`, fapiUrl), {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: 'manual',
    });
    return new Response(NULL_BODY_STATUSES.has(answer.status) ? null : answer.body, {
      status: answer.status,
      headers: copyHeaders(answer.headers),
    });
  };

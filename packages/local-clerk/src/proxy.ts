/**
 * The app's same-origin proxy to local mode's Frontend API (mounted at
 * `/clerk-fapi` by `app/clerk-fapi/[[...path]]/route.ts`). Web APIs only.
 */
const LOCAL_FAPI_PROXY_PATH = '/clerk-fapi';

/** What clerk-js calls (`v1/...`) and the bundles it loads (`npm/...`); the stand-in's `/__local` helpers stay unreachable. */
const FORWARDED_PATH = /^\/(v1|npm)\//;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Hop-by-hop and length headers that must not be copied across. */
const DROPPED_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length', 'content-encoding', 'host'];

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
 * Forwards a request to the Frontend API stand-in and returns its answer
 * unchanged (status, body, every Set-Cookie; redirects not followed). Answers
 * 404 unless local mode is on, and 403 when the Host is not loopback, so a
 * DNS-rebinding page cannot reach it.
 */
export async function proxyToLocalFrontendApi(request: Request, env: Record<string, string | undefined> = process.env): Promise<Response> {
  const fapiUrl = env.CLERK_LOCAL_FAPI_URL;
  if (env.CLERK_LOCAL_MODE !== '1' || !fapiUrl) return notFound();

  const host = request.headers.get('host');
  if (!LOOPBACK_HOSTS.has(hostname(host) ?? '')) {
    return Response.json({ errors: [{ code: 'forbidden', message: 'Local mode answers loopback hosts only' }] }, { status: 403 });
  }

  const url = new URL(request.url);
  const path = url.pathname.startsWith(LOCAL_FAPI_PROXY_PATH) ? url.pathname.slice(LOCAL_FAPI_PROXY_PATH.length) : url.pathname;
  if (!FORWARDED_PATH.test(path)) return notFound();

  const headers = copyHeaders(request.headers);
  headers.set('x-forwarded-host', host!);
  headers.set('x-forwarded-proto', url.protocol.slice(0, -1));
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const upstream = await fetch(new URL(`${path}${url.search}`, fapiUrl), {
    method: request.method,
    headers,
    body: hasBody ? await request.arrayBuffer() : undefined,
    redirect: 'manual',
  });
  return new Response(NULL_BODY_STATUSES.has(upstream.status) ? null : upstream.body, {
    status: upstream.status,
    headers: copyHeaders(upstream.headers),
  });
}

/** A browser on the app's origin for tests: Frontend API calls through the app's proxy, cookies kept, redirects not followed. */
import { createFrontendApiProxy } from '../src/proxy';

export const APP_ORIGIN = 'http://localhost:3000';

export function proxyBrowser(fapiUrl: () => string) {
  const jar = new Map<string, string>();
  const proxy = createFrontendApiProxy({ mountPath: '/clerk-fapi', upstream: fapiUrl });
  async function call(method: 'GET' | 'POST', url: string, form?: Record<string, string>) {
    const response = await proxy(
      new Request(new URL(url, APP_ORIGIN), {
        method,
        headers: {
          host: 'localhost:3000',
          // What the launcher's loopback guard sets from a loopback socket.
          'x-local-mode-peer': '127.0.0.1',
          origin: APP_ORIGIN,
          cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(form && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        body: form ? new URLSearchParams(form) : undefined,
      }),
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      jar.set(pair!.slice(0, pair!.indexOf('=')), decodeURIComponent(pair!.slice(pair!.indexOf('=') + 1)));
    }
    return response;
  }
  return { call };
}

export type ProxyBrowser = ReturnType<typeof proxyBrowser>;

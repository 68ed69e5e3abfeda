/**
 * Vercel's auto-proxy, through this app's own middleware: with a production key on a
 * *.vercel.app host, clerkMiddleware answers /__clerk/* itself by forwarding to Clerk's
 * Frontend API (here a stand-in named by CLERK_FAPI_URL, which @clerk/backend's proxy reads).
 * The matcher test (middleware-matcher.test.ts) shows those paths reach the middleware;
 * production-start.test.ts shows the built app points clerk-js at /__clerk.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest, type NextFetchEvent } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { realFormatKeys } from '../support/real-keys';

const keys = realFormatKeys('live');
const seen: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
const fapi = http.createServer((request, response) => {
  seen.push({ url: request.url!, headers: request.headers });
  response.writeHead(200, { 'content-type': 'text/plain' }).end(`clerk: ${request.url}`);
});
let middleware: (request: NextRequest, event: NextFetchEvent) => Promise<Response>;

beforeAll(async () => {
  await new Promise<void>((resolve) => fapi.listen(0, '127.0.0.1', resolve));
  // @clerk/nextjs reads CLERK_SECRET_KEY when it loads: set before importing the middleware.
  vi.stubEnv('NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY', keys.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  vi.stubEnv('CLERK_SECRET_KEY', keys.CLERK_SECRET_KEY);
  vi.stubEnv('CLERK_JWT_KEY', keys.CLERK_JWT_KEY);
  vi.stubEnv('CLERK_FAPI_URL', `http://127.0.0.1:${(fapi.address() as AddressInfo).port}`);
  middleware = (await import('@/middleware')).default as unknown as typeof middleware;
});

afterAll(async () => {
  vi.unstubAllEnvs();
  await new Promise((resolve) => fapi.close(resolve));
});

const get = (url: string) => middleware(new NextRequest(url), { waitUntil() {} } as unknown as NextFetchEvent);

describe("Clerk's auto-proxy through the middleware", () => {
  it('on *.vercel.app, /__clerk/* (scripts included) is forwarded to the Frontend API with the proxy headers', async () => {
    seen.length = 0;
    for (const path of ['/v1/environment?_clerk_js_version=6', '/npm/@clerk/clerk-js@6/dist/clerk.browser.js']) {
      const response = await get(`https://saas-starter.vercel.app/__clerk${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe(`clerk: ${path}`);
    }
    expect(seen.map((request) => request.url)).toEqual([
      '/v1/environment?_clerk_js_version=6',
      '/npm/@clerk/clerk-js@6/dist/clerk.browser.js',
    ]);
    for (const { headers } of seen) {
      expect(headers['clerk-proxy-url']).toBe('https://saas-starter.vercel.app/__clerk');
      expect(headers['clerk-secret-key']).toBe(keys.CLERK_SECRET_KEY);
    }
  });

  it('on any other host (a custom domain: Clerk is reached at clerk.<domain>) nothing is proxied', async () => {
    seen.length = 0;
    const response = await get('https://app.example.test/__clerk/v1/environment');
    expect(response.status).toBe(307); // the access policy's sign-in redirect: /__clerk is no page of the app
    expect(seen).toEqual([]);
  });

  it('CLERK_DISABLE_AUTO_PROXY turns it off', async () => {
    seen.length = 0;
    vi.stubEnv('CLERK_DISABLE_AUTO_PROXY', '1');
    try {
      const response = await get('https://saas-starter.vercel.app/__clerk/v1/environment');
      expect(response.status).toBe(307);
      expect(seen).toEqual([]);
    } finally {
      vi.stubEnv('CLERK_DISABLE_AUTO_PROXY', '');
    }
  });
});

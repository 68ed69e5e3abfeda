/**
 * A development instance (`pk_test_` keys), reached the way a browser reaches
 * Clerk's: at the Frontend API's own host, cross-origin, identified by the dev
 * browser token (`__clerk_db_jwt`) rather than a cookie; and the server's
 * handshake, resolved by the real @clerk/backend. Also the CDN script paths
 * and the Backend API request counter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKeys, instanceTypeOf, type LocalClerkKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { backendApiRequests } from '../src/testing';
import { CONFIGURED, PASSWORD } from './fixtures';

const appOrigin = 'http://localhost:3000';
const FAPI_HOST = 'happy-otter-42.clerk.accounts.invalid';
let keys: LocalClerkKeys;
let server: LocalClerkServer;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-dev-'));
  keys = await ensureLocalKeys(dataDir, { frontendApiHost: FAPI_HOST, instanceType: 'development' });
  server = await startLocalClerk({ dataDir, keys, appUrl: appOrigin, ...CONFIGURED });
});

afterAll(() => server?.close());

/** A call as clerk-js makes it on a development instance: cross-origin from the app, the dev browser in the query. */
async function fapi(method: 'GET' | 'POST', pathname: string, devBrowser?: string, form?: Record<string, string>) {
  const url = new URL(pathname, server.fapiUrl);
  if (devBrowser) url.searchParams.set('__clerk_db_jwt', devBrowser);
  return fetch(url, {
    method,
    headers: { origin: appOrigin, ...(form && { 'content-type': 'application/x-www-form-urlencoded' }) },
    body: form ? new URLSearchParams(form) : undefined,
    redirect: 'manual',
  });
}

const newDevBrowser = async () => ((await (await fapi('POST', '/v1/dev_browser')).json()) as { id: string }).id;

describe('development instance (pk_test_)', () => {
  it('generates development keys naming the Frontend API host', () => {
    expect(keys.publishableKey).toMatch(/^pk_test_/);
    expect(keys.secretKey).toMatch(/^sk_test_/);
    expect(Buffer.from(keys.publishableKey.slice('pk_test_'.length), 'base64').toString()).toBe(`${FAPI_HOST}$`);
    expect(instanceTypeOf(keys)).toBe('development');
  });

  it('says so in the environment, and answers the app origin cross-origin with credentials', async () => {
    const environment = await fapi('GET', '/v1/environment');
    expect((await environment.json()).display_config.instance_environment_type).toBe('development');
    expect(environment.headers.get('access-control-allow-origin')).toBe(appOrigin);
    expect(environment.headers.get('access-control-allow-credentials')).toBe('true');
    const preflight = await fetch(new URL('/v1/client/sign_ins', server.fapiUrl), {
      method: 'OPTIONS',
      headers: { origin: appOrigin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(appOrigin);
  });

  it('identifies the browser by its dev browser token: sign-in, then the client, with no cookie', async () => {
    const devBrowser = await newDevBrowser();
    expect(devBrowser).toBeTruthy();
    const signIn = await fapi('POST', '/v1/client/sign_ins', devBrowser, {
      identifier: 'admin@acme.test',
      password: PASSWORD,
      strategy: 'password',
    });
    expect((await signIn.json()).response.status).toBe('complete');
    const client = (await (await fapi('GET', '/v1/client', devBrowser)).json()).response;
    expect(client.sessions[0].user.email_addresses[0].email_address).toBe('admin@acme.test');
    expect((await (await fapi('GET', '/v1/client', await newDevBrowser())).json()).response.sessions).toEqual([]);

    const unknown = await fapi('GET', '/v1/client', 'not-a-dev-browser');
    expect(unknown.status).toBe(401);
    expect((await unknown.json()).errors[0].code).toBe('dev_browser_unauthenticated');
  });

  it("runs the SDK's handshake: a first visit gets a dev browser, a signed-in one its session", async () => {
    const clerk = createClerkClient({ secretKey: keys.secretKey, publishableKey: keys.publishableKey });
    const options = { jwtKey: keys.jwtPublicKey, publishableKey: keys.publishableKey, secretKey: keys.secretKey };
    const document = (url: string, cookie = '') =>
      new Request(url, { headers: { cookie, accept: 'text/html', 'sec-fetch-dest': 'document' } });

    // No dev browser yet: the middleware sends the browser to the Frontend API's handshake.
    const first = await clerk.authenticateRequest(document(`${appOrigin}/dashboard`), options);
    expect(first.status).toBe('handshake');
    const handshakeUrl = new URL(first.headers.get('location')!);
    expect(handshakeUrl.host).toBe(FAPI_HOST);

    // The stand-in answers it with a new dev browser, in the URL and among the cookies to set.
    const answer = await fapi('GET', `${handshakeUrl.pathname}${handshakeUrl.search}`);
    expect(answer.status).toBe(307);
    const back = new URL(answer.headers.get('location')!);
    expect(back.origin + back.pathname).toBe(`${appOrigin}/dashboard`);
    const devBrowser = back.searchParams.get('__clerk_db_jwt')!;
    expect(devBrowser).toBeTruthy();
    const resolved = await clerk.authenticateRequest(document(back.toString()), options);
    expect(resolved.status).toBe('signed-out');
    expect(resolved.headers.getSetCookie().some((cookie) => cookie.startsWith(`__clerk_db_jwt=${devBrowser}`))).toBe(true);
    expect(resolved.headers.get('location')).toBe(`${appOrigin}/dashboard`);

    // Signed in through that dev browser, a handshake hands the app its session.
    await fapi('POST', '/v1/client/sign_ins', devBrowser, { identifier: 'member@acme.test', password: PASSWORD, strategy: 'password' });
    const again = await fapi('GET', `/v1/client/handshake?redirect_url=${encodeURIComponent(`${appOrigin}/dashboard`)}`, devBrowser);
    const signedIn = await clerk.authenticateRequest(document(again.headers.get('location')!, `__clerk_db_jwt=${devBrowser}`), options);
    expect(signedIn.status).toBe('signed-in');
    expect(signedIn.toAuth()).toMatchObject({ sessionClaims: { metadata: { role: 'member' } } });
  });

  it("serves the Account Portal's pages with the dev browser clerk-js passes in their URL, which the page's clerk-js then keeps", async () => {
    // clerk-js adds its dev browser to a link to another origin (buildUrlWithAuth); the page must load whatever it is.
    for (const devBrowser of [await newDevBrowser(), 'not-a-dev-browser']) {
      const page = await fapi('GET', `/sign-in?redirect_url=${encodeURIComponent(`${appOrigin}/dashboard`)}`, devBrowser);
      expect(page.status).toBe(200);
      const html = await page.text();
      // Reached at the key's host, clerk-js finds the Frontend API there: no proxy URL.
      expect(html).toContain(
        `<script src="https://${FAPI_HOST}/npm/clerk.browser.js" data-clerk-publishable-key="${keys.publishableKey}" defer>`,
      );
    }
  });

  it('refuses dev browsers on a production instance', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-prod-'));
    const production = await startLocalClerk({ dataDir, keys: await ensureLocalKeys(dataDir), appUrl: appOrigin, ...CONFIGURED });
    try {
      const response = await fetch(new URL('/v1/dev_browser', production.fapiUrl), { method: 'POST', headers: { origin: appOrigin } });
      expect(response.status).toBe(400);
    } finally {
      await production.close();
    }
  });
});

describe('scripts at the CDN paths of the key host', () => {
  it('serves the installed clerk-js and @clerk/ui whatever version the SDK asks for', async () => {
    for (const pathname of ['/npm/@clerk/clerk-js@6/dist/clerk.browser.js', '/npm/@clerk/ui@1.41.0/dist/ui.browser.js']) {
      const response = await fetch(new URL(pathname, server.fapiUrl));
      expect(response.status, pathname).toBe(200);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    }
    expect((await fetch(new URL('/npm/@clerk/ui@1/dist/clerk.browser.js', server.fapiUrl))).status).toBe(404);
    expect((await fetch(new URL('/npm/@clerk/backend@3/dist/index.js', server.fapiUrl))).status).toBe(404);
  });
});

describe('Backend API request counter', () => {
  it('counts each request by method and route, ids folded', async () => {
    const clerk = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
    const before = await backendApiRequests(server.fapiUrl);
    const [user] = (await clerk.users.getUserList({ emailAddress: ['admin@acme.test'] })).data;
    await clerk.users.getUser(user!.id);
    await clerk.users.getUser(user!.id);
    const after = await backendApiRequests(server.fapiUrl);
    // getUserList is two requests: the page and the count.
    expect(after.total - before.total).toBe(4);
    expect((after.byRoute['GET /v1/users/count'] ?? 0) - (before.byRoute['GET /v1/users/count'] ?? 0)).toBe(1);
    expect((after.byRoute['GET /v1/users/:id'] ?? 0) - (before.byRoute['GET /v1/users/:id'] ?? 0)).toBe(2);
  });
});

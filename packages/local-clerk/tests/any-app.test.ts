/**
 * The stand-in for any Clerk app, reached from a plain browser at `http://localhost:<port>`
 * (the recipe's proxy URL, no proxy of the app's): the Account Portal's pages and the
 * environment that names them, several app origins, the app's variables, and the refusal
 * of attributes the instance has off, which writes nothing.
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTES_OFF } from '../src/instance';
import { ensureLocalKeys, type LocalClerkKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { PASSWORD, SEED } from './fixtures';

const APP = 'http://localhost:3000';
const OTHER_APP = 'http://localhost:3001';
let keys: LocalClerkKeys;
let server: LocalClerkServer;
/** The Frontend API as the browser reaches it: `http://localhost:<port>`. */
let portal: string;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-any-app-'));
  keys = await ensureLocalKeys(dataDir);
  // A new instance's paths: no page of the app's own for signing in or up.
  server = await startLocalClerk({ dataDir, keys, appUrl: APP, otherAppUrls: [OTHER_APP], seed: SEED });
  portal = server.publicFrontendApiUrl;
});

afterAll(() => server?.close());

/** A request as a browser sends it to the Frontend API: `Host` and `Origin` as given, cookies as kept. */
function request(
  method: string,
  pathAndQuery: string,
  {
    origin,
    host = new URL(portal).host,
    form,
    cookie = '',
  }: { origin?: string; host?: string; form?: Record<string, string>; cookie?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const body = form ? new URLSearchParams(form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(pathAndQuery, server.fapiUrl),
      {
        method,
        headers: {
          host,
          cookie,
          ...(origin && { origin }),
          ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
      },
    );
    req.once('error', reject);
    req.end(body);
  });
}

const errorCode = (body: string) => (JSON.parse(body) as { errors: Array<{ code: string; meta?: { param_name?: string } }> }).errors[0];
const cookiesOf = (headers: http.IncomingHttpHeaders) => (headers['set-cookie'] ?? []).map((cookie) => cookie.split(';')[0]).join('; ');
const sessionCookie = (headers: http.IncomingHttpHeaders) =>
  (headers['set-cookie'] ?? []).map((cookie) => /^__session=([^;]+)/.exec(cookie)?.[1]).find(Boolean);

describe('the Account Portal', () => {
  it('is where the environment sends sign-in, sign-up, the profile and new organizations, on the host the browser reached', async () => {
    expect(portal).toMatch(/^http:\/\/localhost:\d+$/);
    const environment = JSON.parse((await request('GET', '/v1/environment', { origin: APP })).body);
    expect(environment.display_config).toMatchObject({
      sign_in_url: `${portal}/sign-in`,
      sign_up_url: `${portal}/sign-up`,
      user_profile_url: `${portal}/user`,
      create_organization_url: `${portal}/create-organization`,
      home_url: `${APP}/`,
      after_sign_in_url: `${APP}/`,
    });
    // The second app's own pages after signing in.
    const other = JSON.parse((await request('GET', '/v1/environment', { origin: OTHER_APP })).body);
    expect([other.display_config.sign_in_url, other.display_config.after_sign_in_url]).toEqual([`${portal}/sign-in`, `${OTHER_APP}/`]);
  });

  it("serves each page: the stand-in's clerk-js and @clerk/ui, the key, the proxy URL, Clerk's component, the app to return to", async () => {
    const back = `${OTHER_APP}/dashboard`;
    for (const [page, mount, props] of [
      ['/sign-in', 'mountSignIn', { routing: 'hash', fallbackRedirectUrl: back }],
      ['/sign-up', 'mountSignUp', { routing: 'hash', fallbackRedirectUrl: back }],
      ['/user', 'mountUserProfile', { routing: 'hash' }],
      ['/create-organization', 'mountCreateOrganization', { routing: 'hash', afterCreateOrganizationUrl: back }],
    ] as const) {
      const response = await request('GET', `${page}?redirect_url=${encodeURIComponent(`${OTHER_APP}/dashboard`)}`);
      expect(response.status, page).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(response.body).toContain(`<script src="${portal}/npm/ui.browser.js" defer></script>`);
      expect(response.body).toContain(
        `<script src="${portal}/npm/clerk.browser.js" data-clerk-publishable-key="${keys.publishableKey}" data-clerk-proxy-url="${portal}" defer>`,
      );
      const config = JSON.parse(/<script type="application\/json" id="account-portal">(.*?)<\/script>/.exec(response.body)![1]!);
      expect(config).toEqual({
        mount,
        props,
        redirectUrl: back,
        homeUrl: `${APP}/`,
        allowedRedirectOrigins: [APP, OTHER_APP, portal],
        signedInOnly: page === '/user' || page === '/create-organization',
      });
      expect(response.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    }
  });

  it('never sends the browser to an origin that is not an app of the instance', async () => {
    const response = await request('GET', `/sign-in?redirect_url=${encodeURIComponent('https://elsewhere.test/steal')}`);
    const config = JSON.parse(/id="account-portal">(.*?)<\/script>/.exec(response.body)![1]!);
    expect(config.redirectUrl).toBeNull();
    expect(response.body).not.toContain('elsewhere.test');
  });

  it("signs in from the page's own origin: the session cookie is the app's too (cookies ignore the port)", async () => {
    const response = await request('POST', '/v1/client/sign_ins', {
      origin: portal,
      form: { identifier: 'member@acme.test', password: PASSWORD, strategy: 'password' },
    });
    expect(response.status).toBe(200);
    const claims = await verifyToken(sessionCookie(response.headers)!, { jwtKey: keys.jwtPublicKey, authorizedParties: [APP] });
    expect(claims.sub).toMatch(/^user_/);
  });
});

describe('several app origins', () => {
  it("take writes from each app, whose tokens name it; other origins get 403 origin_invalid, a rebound host's too", async () => {
    const form = { identifier: 'admin@acme.test', password: PASSWORD, strategy: 'password' };
    const other = await request('POST', '/v1/client/sign_ins', { origin: OTHER_APP, form });
    expect(other.status).toBe(200);
    await verifyToken(sessionCookie(other.headers)!, { jwtKey: keys.jwtPublicKey, authorizedParties: [OTHER_APP] });

    const stranger = await request('POST', '/v1/client/sign_ins', { origin: 'http://localhost:4000', form });
    expect([stranger.status, errorCode(stranger.body)?.code]).toEqual([403, 'origin_invalid']);
    // Nor may another page read an answer (the client, its session tokens): CORS names the instance's origins only.
    const read = async (origin: string) =>
      (await request('GET', '/v1/client', { origin, cookie: cookiesOf(other.headers) })).headers['access-control-allow-origin'];
    expect([await read(APP), await read(OTHER_APP), await read(portal)]).toEqual([APP, OTHER_APP, portal]);
    expect(await read('http://localhost:4000')).toBeUndefined();
    // A page of another name rebound to this machine is not the stand-in's own page.
    const rebound = await request('POST', '/v1/client/sign_ins', { origin: 'http://evil.test:80', host: 'evil.test:80', form });
    expect([rebound.status, errorCode(rebound.body)?.code]).toEqual([403, 'origin_invalid']);
  });

  it("runs the handshake back to the app that asked, and no other origin's", async () => {
    const signedIn = await request('POST', '/v1/client/sign_ins', {
      origin: APP,
      form: { identifier: 'manager@acme.test', password: PASSWORD, strategy: 'password' },
    });
    const cookie = cookiesOf(signedIn.headers);
    const back = await request('GET', `/v1/client/handshake?redirect_url=${encodeURIComponent(`${OTHER_APP}/page`)}`, { cookie });
    expect(back.status).toBe(307);
    expect(new URL(back.headers.location!).origin).toBe(OTHER_APP);
    const refused = await request('GET', `/v1/client/handshake?redirect_url=${encodeURIComponent('http://localhost:4000/page')}`, {
      cookie,
    });
    expect([refused.status, errorCode(refused.body)?.code]).toEqual([422, 'redirect_url_invalid']);
  });
});

describe("the app's variables", () => {
  it('point a plain browser at the stand-in on localhost, and the sign-in and sign-up buttons at the Account Portal', () => {
    expect(server.appEnvironment()).toEqual({
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: keys.publishableKey,
      CLERK_SECRET_KEY: keys.secretKey,
      NEXT_PUBLIC_CLERK_PROXY_URL: portal,
      NEXT_PUBLIC_CLERK_JS_URL: `${portal}/npm/clerk.browser.js`,
      NEXT_PUBLIC_CLERK_UI_URL: `${portal}/npm/ui.browser.js`,
      NEXT_PUBLIC_CLERK_SIGN_IN_URL: `${portal}/sign-in`,
      NEXT_PUBLIC_CLERK_SIGN_UP_URL: `${portal}/sign-up`,
      CLERK_API_URL: server.bapiUrl,
      CLERK_JWT_KEY: keys.jwtPublicKey.trim(),
    });
  });
});

describe('attributes the instance has off', () => {
  it('are off in the environment clerk-js reads, so its forms never ask for them', async () => {
    const { auth_config: authConfig, user_settings: settings } = JSON.parse((await request('GET', '/v1/environment')).body);
    for (const attribute of ATTRIBUTES_OFF) {
      expect(authConfig[attribute], attribute).toBe('off');
      expect(settings.attributes[attribute].enabled, attribute).toBe(false);
    }
  });

  it('are refused by the Backend API with 422 form_param_unknown, and nothing is stored', async () => {
    const clerk = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
    const email = 'phone.user@example.test';
    await expect(clerk.users.createUser({ emailAddress: [email], phoneNumber: ['+15555550100'] })).rejects.toMatchObject({
      status: 422,
      errors: [{ code: 'form_param_unknown', meta: { paramName: 'phone_number' } }],
    });
    await expect(clerk.users.createUser({ emailAddress: [email], username: 'phone_user' })).rejects.toMatchObject({
      status: 422,
      errors: [{ code: 'form_param_unknown', meta: { paramName: 'username' } }],
    });
    expect((await clerk.users.getUserList({ emailAddress: [email] })).data).toEqual([]);

    const [member] = (await clerk.users.getUserList({ emailAddress: ['member@acme.test'] })).data;
    await expect(clerk.users.updateUser(member!.id, { username: 'mia', firstName: 'Changed' })).rejects.toMatchObject({ status: 422 });
    const unchanged = await clerk.users.getUser(member!.id);
    expect([unchanged.username, unchanged.firstName]).toEqual([null, 'Mia']);
  });

  it('are refused by the Frontend API on sign-up and the profile, and no sign-up or change is made', async () => {
    const signUp = await request('POST', '/v1/client/sign_ups', {
      origin: APP,
      form: { email_address: 'sign.up@example.test', password: 'a-long-password-1', phone_number: '+15555550100' },
    });
    expect([signUp.status, errorCode(signUp.body)]).toEqual([422, expect.objectContaining({ code: 'form_param_unknown' })]);
    expect(cookiesOf(signUp.headers)).toBe('');

    const signedIn = await request('POST', '/v1/client/sign_ins', {
      origin: APP,
      form: { identifier: 'outsider@globex.test', password: PASSWORD, strategy: 'password' },
    });
    const profile = await request('POST', '/v1/me?_method=PATCH', {
      origin: APP,
      cookie: cookiesOf(signedIn.headers),
      form: { first_name: 'Changed', phone_number: '+15555550100' },
    });
    expect([profile.status, errorCode(profile.body)?.meta?.param_name]).toEqual([422, 'phone_number']);
    const me = JSON.parse((await request('GET', '/v1/me', { origin: APP, cookie: cookiesOf(signedIn.headers) })).body);
    expect(me.response.first_name).toBe('Olga');
  });
});

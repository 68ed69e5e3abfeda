import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, verifyToken } from '@clerk/backend';
import type { ClientJSON, SignInJSON } from '@clerk/nextjs/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKeys, type LocalClerkKeys } from '../src/keys';
import { createFrontendApiProxy } from '../src/proxy';
import { createLocalClerk, startLocalClerk, type LocalClerkServer } from '../src/server';
import { createLocalSession } from '../src/testing';
import { CONFIGURED, PASSWORD, VERIFICATION_CODE } from './fixtures';

const appOrigin = 'http://localhost:3000';
let keys: LocalClerkKeys;
let dataDir: string;
let server: LocalClerkServer;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-fapi-'));
  keys = await ensureLocalKeys(dataDir);
  server = await startLocalClerk({ dataDir, keys, appUrl: 'http://127.0.0.1:9', ...CONFIGURED });
});

afterAll(() => server?.close());

/** A browser talking to the Frontend API through the app's proxy: it keeps its cookies. */
function browser() {
  const jar = new Map<string, string>();
  const proxy = createFrontendApiProxy({ mountPath: '/clerk-fapi', upstream: () => server.fapiUrl });
  async function call(method: string, pathAndQuery: string, form?: Record<string, string> | FormData) {
    const [pathname, query = ''] = pathAndQuery.split('?');
    const search = new URLSearchParams(query);
    search.set('__clerk_api_version', '2026-08-20');
    if (method !== 'GET' && method !== 'POST') search.set('_method', method);
    const response = await proxy(
      new Request(`${appOrigin}/clerk-fapi${pathname}?${search}`, {
        method: method === 'GET' ? 'GET' : 'POST',
        headers: {
          host: 'localhost:3000',
          // What the launcher's loopback guard sets from a loopback socket.
          'x-local-mode-peer': '127.0.0.1',
          origin: appOrigin,
          cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
          ...(form && !(form instanceof FormData) && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
        body: form instanceof FormData ? form : form ? new URLSearchParams(form) : undefined,
        redirect: 'manual',
      }),
    );
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), decodeURIComponent(pair!.slice(pair!.indexOf('=') + 1))];
      if (/Max-Age=0/.test(cookie)) jar.delete(name);
      else jar.set(name, value);
    }
    return response;
  }
  return { call, jar };
}

const claimsOf = (jwt: string) => verifyToken(jwt, { jwtKey: keys.jwtPublicKey });

async function signIn(b: ReturnType<typeof browser>, email = 'admin@acme.test') {
  const response = await b.call('POST', '/v1/client/sign_ins', { identifier: email, password: PASSWORD, strategy: 'password' });
  expect(response.status).toBe(200);
  return (await response.json()) as { response: SignInJSON; client: ClientJSON };
}

describe('local Frontend API (through the /clerk-fapi proxy)', () => {
  it('serves the environment: email + password, organizations, the app as sign-in URL', async () => {
    const env = await (await browser().call('GET', '/v1/environment')).json();
    expect(env.display_config.sign_in_url).toBe(`${appOrigin}/sign-in`);
    expect(env.display_config.instance_environment_type).toBe('production');
    expect(env.user_settings.attributes.email_address).toMatchObject({
      enabled: true,
      used_for_first_factor: true,
      verify_at_sign_up: true,
    });
    expect(env.user_settings.attributes.password.enabled).toBe(true);
    expect(env.organization_settings.enabled).toBe(true);
  });

  it('signs in with identifier + password in one form POST and sets the auth cookies', async () => {
    const b = browser();
    const { response, client } = await signIn(b);
    expect(response.status).toBe('complete');
    expect(client.sign_in).toBeNull();
    const session = client.sessions[0]!;
    expect(session).toMatchObject({
      id: response.created_session_id,
      status: 'active',
      user: { email_addresses: [{ email_address: 'admin@acme.test' }] },
    });

    const claims = await claimsOf(session.last_active_token.jwt);
    expect(claims).toMatchObject({ sub: session.user.id, sid: session.id, azp: appOrigin, metadata: { role: 'admin' } });
    expect(b.jar.get('__local_clerk_client')).toBeTruthy();
    const sessionCookie = await claimsOf(b.jar.get('__session')!);
    expect(Number(b.jar.get('__client_uat'))).toBeGreaterThan(0);
    expect(Number(b.jar.get('__client_uat'))).toBeLessThanOrEqual(sessionCookie.iat);

    const again = await (await b.call('GET', '/v1/client')).json();
    expect(again.response.sessions[0].id).toBe(session.id);
  });

  it('signs in in two steps: identifier, then the password as first factor', async () => {
    const b = browser();
    const created = await (await b.call('POST', '/v1/client/sign_ins', { identifier: 'member@acme.test' })).json();
    expect(created.response.status).toBe('needs_first_factor');
    expect(created.response.supported_first_factors.map((factor: { strategy: string }) => factor.strategy)).toContain('password');
    const done = await (
      await b.call('POST', `/v1/client/sign_ins/${created.response.id}/attempt_first_factor`, { strategy: 'password', password: PASSWORD })
    ).json();
    expect(done.response.status).toBe('complete');
  });

  it('signs in with an emailed code (always 424242) as the alternative first factor', async () => {
    const b = browser();
    const created = await (await b.call('POST', '/v1/client/sign_ins', { identifier: 'member@acme.test' })).json();
    const factor = created.response.supported_first_factors.find((f: { strategy: string }) => f.strategy === 'email_code');
    expect(factor.safe_identifier).toBe('m***@acme.test');
    await b.call('POST', `/v1/client/sign_ins/${created.response.id}/prepare_first_factor`, {
      strategy: 'email_code',
      email_address_id: factor.email_address_id,
    });
    const done = await (
      await b.call('POST', `/v1/client/sign_ins/${created.response.id}/attempt_first_factor`, {
        strategy: 'email_code',
        code: VERIFICATION_CODE,
      })
    ).json();
    expect(done.response.status).toBe('complete');
  });

  it("answers a wrong password or unknown account in Clerk's error format", async () => {
    const b = browser();
    const wrong = await b.call('POST', '/v1/client/sign_ins', { identifier: 'admin@acme.test', password: 'nope', strategy: 'password' });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).errors[0]).toMatchObject({ code: 'form_password_incorrect', meta: { param_name: 'password' } });
    const unknown = await b.call('POST', '/v1/client/sign_ins', { identifier: 'nobody@example.test' });
    expect((await unknown.json()).errors[0].code).toBe('form_identifier_not_found');
  });

  it('signs in with a ticket (a Backend API sign-in token) once; used, revoked, expired and unknown tickets get 4xx', async () => {
    const bapi = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
    const [user] = (await bapi.users.getUserList({ emailAddress: ['member@acme.test'] })).data;
    const ticket = await bapi.signInTokens.createSignInToken({ userId: user!.id, expiresInSeconds: 300 });
    expect(ticket).toMatchObject({
      userId: user!.id,
      status: 'pending',
      url: `http://127.0.0.1:9/sign-in?__clerk_ticket=${ticket.token}&__clerk_status=sign_in`,
    });

    const b = browser();
    const done = await b.call('POST', '/v1/client/sign_ins', { strategy: 'ticket', ticket: ticket.token });
    expect(done.status).toBe(200);
    const { response, client } = (await done.json()) as { response: SignInJSON; client: ClientJSON };
    expect(response.status).toBe('complete');
    expect(client.sessions[0]!.user.id).toBe(user!.id);

    const codeOf = async (form: Record<string, string>) => {
      const answer = await browser().call('POST', '/v1/client/sign_ins', form);
      return [answer.status, (await answer.json()).errors[0].code];
    };
    expect(await codeOf({ strategy: 'ticket', ticket: ticket.token })).toEqual([422, 'ticket_invalid_code']);
    expect(await codeOf({ strategy: 'ticket', ticket: 'not-a-ticket' })).toEqual([422, 'ticket_invalid_code']);
    const revoked = await bapi.signInTokens.createSignInToken({ userId: user!.id, expiresInSeconds: 300 });
    expect((await bapi.signInTokens.revokeSignInToken(revoked.id)).status).toBe('revoked');
    expect(await codeOf({ strategy: 'ticket', ticket: revoked.token })).toEqual([422, 'ticket_invalid_code']);
    const expiring = await bapi.signInTokens.createSignInToken({ userId: user!.id, expiresInSeconds: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await codeOf({ strategy: 'ticket', ticket: expiring.token })).toEqual([422, 'ticket_expired_code']);
  });

  it("an invitation's link (Clerk's `url`) signs the invitee up into the organization once, without an email code", async () => {
    const bapi = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
    const [acme] = (await bapi.organizations.getOrganizationList({ query: 'acme' })).data;
    const email = `invitee-${Date.now()}@example.test`;
    const invitation = await bapi.organizations.createOrganizationInvitation({
      organizationId: acme!.id,
      emailAddress: email,
      role: 'org:member',
    });
    const link = new URL(invitation.url!);
    expect(link.pathname).toBe('/sign-up');
    expect(link.searchParams.get('__clerk_status')).toBe('sign_up');
    const ticket = link.searchParams.get('__clerk_ticket')!;

    const b = browser();
    const created = await (await b.call('POST', '/v1/client/sign_ups', { strategy: 'ticket', ticket })).json();
    expect(created.response).toMatchObject({ email_address: email, status: 'missing_requirements', unverified_fields: [] });
    const done = await (
      await b.call('PATCH', `/v1/client/sign_ups/${created.response.id}`, {
        password: 'a-long-password-1',
        first_name: 'Ivy',
        last_name: 'Invitee',
      })
    ).json();
    expect(done.response.status).toBe('complete');
    const memberships = await bapi.users.getOrganizationMembershipList({ userId: done.response.created_user_id });
    expect(memberships.data.map((membership) => [membership.organization.slug, membership.role])).toEqual([['acme', 'org:member']]);
    expect((await bapi.organizations.getOrganizationInvitation({ organizationId: acme!.id, invitationId: invitation.id })).status).toBe(
      'accepted',
    );

    const again = await browser().call('POST', '/v1/client/sign_ups', { strategy: 'ticket', ticket });
    expect((await again.json()).errors[0].code).toBe('ticket_invalid_code');
  });

  it("an invitation's link signs an existing account in and into the organization", async () => {
    const bapi = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
    const [globex] = (await bapi.organizations.getOrganizationList({ query: 'globex' })).data;
    const invitation = await bapi.organizations.createOrganizationInvitation({
      organizationId: globex!.id,
      emailAddress: 'manager@acme.test',
      role: 'org:member',
    });
    const link = new URL(invitation.url!);
    expect([link.pathname, link.searchParams.get('__clerk_status')]).toEqual(['/sign-in', 'sign_in']);
    const done = await (
      await browser().call('POST', '/v1/client/sign_ins', { strategy: 'ticket', ticket: link.searchParams.get('__clerk_ticket')! })
    ).json();
    expect(done.response.status).toBe('complete');
    expect(
      done.client.sessions[0].user.organization_memberships.map(
        (membership: { organization: { slug: string } }) => membership.organization.slug,
      ),
    ).toContain('globex');
  });

  it('stores an organization logo and a profile image, serves them, and links them as image_url', async () => {
    const b = browser();
    await signIn(b, 'outsider@globex.test');
    const me = (await (await b.call('GET', '/v1/me')).json()).response;
    const globex = me.organization_memberships.find(
      (membership: { organization: { slug: string } }) => membership.organization.slug === 'globex',
    ).organization;
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
    const form = (type: string) => {
      const data = new FormData();
      data.append('file', new Blob([new Uint8Array(png)], { type }), 'logo.png');
      return data;
    };

    const logo = await b.call('PUT', `/v1/organizations/${globex.id}/logo`, form('image/png'));
    expect(logo.status).toBe(200);
    const organization = (await logo.json()).response;
    expect(organization.has_image).toBe(true);
    expect(organization.image_url).toMatch(new RegExp(`^${server.fapiUrl}/v1/images/img_`));
    const served = await fetch(organization.image_url);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);

    const avatar = await b.call('POST', '/v1/me/profile_image', form('image/png'));
    const image = (await avatar.json()).response;
    expect(image).toMatchObject({ object: 'image', public_url: expect.stringMatching(/\/v1\/images\/img_/) });
    expect((await (await b.call('GET', '/v1/me')).json()).response).toMatchObject({ image_url: image.public_url, has_image: true });

    const refused = await b.call('PUT', `/v1/organizations/${globex.id}/logo`, form('text/html'));
    expect(refused.status).toBe(422);
    expect((await refused.json()).errors[0].meta.param_name).toBe('file');
    const removed = (await (await b.call('DELETE', `/v1/organizations/${globex.id}/logo`)).json()).response;
    expect(removed.has_image).toBe(false);
    expect((await fetch(organization.image_url)).status).toBe(404);

    const removedAvatar = (await (await b.call('DELETE', '/v1/me/profile_image')).json()).response;
    expect(removedAvatar).toEqual({ object: 'image', id: image.id, deleted: true });
    expect((await (await b.call('GET', '/v1/me')).json()).response.has_image).toBe(false);
    expect((await fetch(image.public_url)).status).toBe(404);
  });

  it("reverifies a session with the password (Clerk's session verification) and restarts the fva claim", async () => {
    const b = browser();
    const local = await createLocalSession(server.fapiUrl, 'admin@acme.test', { verifiedMinutesAgo: 30 });
    for (const { name, value } of local.cookies) b.jar.set(name, value);
    const tokenOf = async () => (await (await b.call('POST', `/v1/client/sessions/${local.sessionId}/tokens`)).json()).jwt as string;
    expect((await claimsOf(await tokenOf())).fva).toEqual([30, -1]);

    const started = (await (await b.call('POST', `/v1/client/sessions/${local.sessionId}/verify`, { level: 'second_factor' })).json())
      .response;
    expect(started).toMatchObject({
      object: 'session_reverification',
      status: 'needs_first_factor',
      level: 'second_factor',
      session: { id: local.sessionId },
    });
    expect(started.supported_first_factors.map((factor: { strategy: string }) => factor.strategy)).toEqual(['password', 'email_code']);

    const wrong = await b.call('POST', `/v1/client/sessions/${local.sessionId}/verify/attempt_first_factor`, {
      strategy: 'password',
      password: 'nope',
    });
    expect((await wrong.json()).errors[0].code).toBe('form_password_incorrect');
    expect((await claimsOf(await tokenOf())).fva).toEqual([30, -1]);

    const done = (
      await (
        await b.call('POST', `/v1/client/sessions/${local.sessionId}/verify/attempt_first_factor`, {
          strategy: 'password',
          password: PASSWORD,
        })
      ).json()
    ).response;
    expect(done.status).toBe('complete');
    expect(done.session.factor_verification_age).toEqual([0, -1]);
    expect((await claimsOf(b.jar.get('__session')!)).fva).toEqual([0, -1]);
    expect((await claimsOf(await tokenOf())).fva).toEqual([0, -1]);
  });

  it('answers a strategy it does not know with a 4xx, never a silent needs_identifier', async () => {
    const answer = await browser().call('POST', '/v1/client/sign_ins', { strategy: 'oauth_google' });
    expect(answer.status).toBe(422);
    expect((await answer.json()).errors[0]).toMatchObject({ code: 'strategy_for_user_invalid', meta: { param_name: 'strategy' } });
  });

  it('accepts the testing tokens its Backend API issues as __clerk_testing_token, and refuses others', async () => {
    const issued = await fetch(`${server.bapiUrl}/v1/testing_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${keys.secretKey}` },
    });
    const { object, token, expires_at } = await issued.json();
    expect(object).toBe('testing_token');
    expect(expires_at * 1000).toBeGreaterThan(Date.now());
    expect((await browser().call('GET', `/v1/environment?__clerk_testing_token=${token}`)).status).toBe(200);
    const refused = await browser().call('GET', '/v1/environment?__clerk_testing_token=made-up');
    expect(refused.status).toBe(401);
    expect((await refused.json()).errors[0].code).toBe('testing_token_invalid');
  });

  it('switches organization on touch; tokens mint for the organization asked for without switching', async () => {
    const b = browser();
    const { client } = await signIn(b);
    const session = client.sessions[0]!;
    const acme = session.user.organization_memberships[0]!.organization;
    expect(acme.slug).toBe('acme');

    const touched = await (
      await b.call('POST', `/v1/client/sessions/${session.id}/touch`, { active_organization_id: acme.id, intent: 'select_org' })
    ).json();
    expect(touched.response.last_active_organization_id).toBe(acme.id);
    expect(await claimsOf(touched.response.last_active_token.jwt)).toMatchObject({ o: { id: acme.id, slg: 'acme', rol: 'admin' } });
    expect((await claimsOf(b.jar.get('__session')!)).o).toMatchObject({ id: acme.id });

    const personal = await (await b.call('POST', `/v1/client/sessions/${session.id}/tokens`, { organization_id: '' })).json();
    expect(personal.object).toBe('token');
    expect((await claimsOf(personal.jwt)).o).toBeUndefined();
    const active = await (await b.call('POST', `/v1/client/sessions/${session.id}/tokens`)).json();
    expect((await claimsOf(active.jwt)).o).toMatchObject({ id: acme.id });

    const globex = await b.call('POST', `/v1/client/sessions/${session.id}/touch`, { active_organization_id: 'globex' });
    expect(globex.status).toBe(404);
  });

  it('signs out: sessions removed, __client_uat 0, tokens refused with 401', async () => {
    const b = browser();
    const { client } = await signIn(b);
    const out = await (await b.call('DELETE', '/v1/client/sessions')).json();
    expect(out.response.sessions).toEqual([]);
    expect(b.jar.get('__client_uat')).toBe('0');
    expect(b.jar.has('__session')).toBe(false);
    expect((await b.call('POST', `/v1/client/sessions/${client.sessions[0]!.id}/tokens`)).status).toBe(401);
  });

  it('signs up with an emailed code (always 424242) into a user and a session', async () => {
    const b = browser();
    const created = await (
      await b.call('POST', '/v1/client/sign_ups', {
        email_address: 'Nia@Example.test',
        password: 'a-long-password',
        first_name: 'Nia',
        last_name: 'New',
      })
    ).json();
    expect(created.response).toMatchObject({ status: 'missing_requirements', missing_fields: [], unverified_fields: ['email_address'] });
    const id = created.response.id;
    await b.call('POST', `/v1/client/sign_ups/${id}/prepare_verification`, { strategy: 'email_code' });
    const wrong = await b.call('POST', `/v1/client/sign_ups/${id}/attempt_verification`, { strategy: 'email_code', code: '000000' });
    expect((await wrong.json()).errors[0].code).toBe('form_code_incorrect');
    const done = await (
      await b.call('POST', `/v1/client/sign_ups/${id}/attempt_verification`, { strategy: 'email_code', code: VERIFICATION_CODE })
    ).json();
    expect(done.response).toMatchObject({ status: 'complete', email_address: 'nia@example.test' });
    expect(done.client.sessions[0].user).toMatchObject({ id: done.response.created_user_id, first_name: 'Nia' });
  });

  it('creates an organization with its creator as admin, and lists the memberships', async () => {
    const b = browser();
    const { client } = await signIn(b, 'member@acme.test');
    const created = await (await b.call('POST', '/v1/organizations', { name: 'Hooli' })).json();
    expect(created.response).toMatchObject({ object: 'organization', name: 'Hooli', slug: 'hooli' });
    const memberships = await (
      await b.call('GET', `/v1/me/organization_memberships?paginated=true&limit=10&offset=0&_clerk_session_id=${client.sessions[0]!.id}`)
    ).json();
    expect(memberships.response.total_count).toBe(2);
    expect(memberships.response.data.find((m: { organization: { slug: string } }) => m.organization.slug === 'hooli').role).toBe(
      'org:admin',
    );
  });

  it("serves the organization profile's members page: list, change role, remove, keep one admin", async () => {
    const b = browser();
    const { client } = await signIn(b, 'outsider@globex.test');
    const sid = `_clerk_session_id=${client.sessions[0]!.id}`;
    const globex = client.sessions[0]!.user.organization_memberships[0]!.organization;
    const other = await (await b.call('POST', '/v1/organizations', { name: 'Vandelay' })).json();
    const orgId = other.response.id as string;
    const me = client.sessions[0]!.user.id;

    const invite = await (
      await b.call('POST', `/v1/organizations/${orgId}/invitations`, { email_address: 'member@acme.test', role: 'org:member' })
    ).json();
    expect((await b.call('POST', `/v1/organizations/${orgId}/invitations/${invite.response.id}/revoke`)).status).toBe(200);

    const members = await (await b.call('GET', `/v1/organizations/${orgId}/memberships?paginated=true&limit=10&offset=0&${sid}`)).json();
    expect(members.response.data.map((m: { public_user_data: { user_id: string } }) => m.public_user_data.user_id)).toEqual([me]);
    const demote = await b.call('PATCH', `/v1/organizations/${orgId}/memberships/${me}`, { role: 'org:member' });
    expect((await demote.json()).errors[0].code).toBe('organization_minimum_permissions_needed');
    expect((await b.call('DELETE', `/v1/organizations/${orgId}/memberships/${me}`)).status).toBe(400);

    expect((await (await b.call('PATCH', `/v1/organizations/${orgId}`, { name: 'Vandelay Industries' })).json()).response.name).toBe(
      'Vandelay Industries',
    );
    expect((await (await b.call('DELETE', `/v1/organizations/${orgId}`)).json()).response).toMatchObject({ id: orgId, deleted: true });
    expect((await b.call('GET', `/v1/organizations/${globex.id}/domains?${sid}`)).status).toBe(200);
  });

  it("answers a production instance's handshake with the payload in a cookie, back to the very URL, activating the organization asked for", async () => {
    const b = browser();
    await signIn(b);
    const response = await b.call(
      'GET',
      `/v1/client/handshake?redirect_url=${encodeURIComponent(`${appOrigin}/org/acme/members`)}&organization_id=acme`,
    );
    expect(response.status).toBe(307);
    // No query parameter for the app to strip: with one, a page could render at (and keep) the handshake's URL.
    expect(response.headers.get('location')).toBe(`${appOrigin}/org/acme/members`);
    const handshake = b.jar.get('__clerk_handshake')!;
    expect(handshake.length).toBeLessThan(4096);

    // The SDK resolves it as @clerk/nextjs's middleware does: signed in, the organization active, the cookie cleared.
    const clerk = createClerkClient({ secretKey: keys.secretKey, publishableKey: keys.publishableKey });
    const state = await clerk.authenticateRequest(
      new Request(`${appOrigin}/org/acme/members`, {
        headers: { accept: 'text/html', 'sec-fetch-dest': 'document', cookie: `__clerk_handshake=${handshake}` },
      }),
      { jwtKey: keys.jwtPublicKey },
    );
    expect(state.status).toBe('signed-in');
    expect(state.toAuth()).toMatchObject({ orgSlug: 'acme' });
    expect(state.headers.get('location')).toBeNull();
    const setCookies = state.headers.getSetCookie();
    expect(setCookies).toContainEqual(expect.stringMatching(/^__clerk_handshake=;.*Max-Age=0/));
    expect(setCookies).toContainEqual(expect.stringMatching(/^__session=ey/));

    const offsite = await b.call('GET', `/v1/client/handshake?redirect_url=${encodeURIComponent('https://evil.test/')}`);
    expect(offsite.status).toBe(422);
  });

  it('answers unknown endpoints with a Clerk-format 404 instead of hanging', async () => {
    const response = await browser().call('GET', '/v1/me/totp');
    expect(response.status).toBe(404);
    expect((await response.json()).errors[0].code).toBe('local_mode_unsupported');
  });

  it('signs a test user in directly (loopback helper) with cookies the SDK accepts', async () => {
    const { cookies, userId } = await createLocalSession(server.fapiUrl, 'outsider@globex.test', { orgSlug: 'globex' });
    expect(cookies.map((cookie) => cookie.name)).toEqual(['__local_clerk_client', '__session', '__client_uat']);
    const claims = await claimsOf(cookies.find((cookie) => cookie.name === '__session')!.value);
    expect(claims).toMatchObject({ sub: userId, o: { slg: 'globex', rol: 'admin' } });
    await expect(createLocalSession(server.fapiUrl, 'outsider@globex.test', { orgSlug: 'acme' })).rejects.toThrow(/not a member/);
  });

  it('serves the clerk-js and @clerk/ui bundles, and nothing else', async () => {
    const b = browser();
    const ui = await b.call('GET', '/npm/ui.browser.js');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toMatch(/javascript/);
    expect((await b.call('GET', '/npm/clerk.browser.js')).status).toBe(200);
    expect((await b.call('GET', '/npm/package.json')).status).toBe(404);
    expect((await b.call('GET', '/npm/..%2Fpackage.json')).status).toBe(404);
  });
});

describe('loopback only', () => {
  /** Calls a handler as if the request came from another machine. */
  async function fromRemote(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>, headers: Record<string, string> = {}) {
    let status = 0;
    const req = { socket: { remoteAddress: '192.168.1.20' }, url: '/v1/users', method: 'GET', headers } as unknown as IncomingMessage;
    const res = {
      writeHead(code: number) {
        status = code;
        return this;
      },
      end() {},
    } as unknown as ServerResponse;
    await handler(req, res);
    return status;
  }

  it('the Frontend API and Backend API refuse non-loopback peers', async () => {
    const { fapi, bapi, outbox } = await createLocalClerk({
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-remote-')),
      keys,
      appUrl: 'http://127.0.0.1:9',
      ...CONFIGURED,
    });
    expect(await fromRemote(fapi)).toBe(403);
    expect(await fromRemote(bapi, { authorization: `Bearer ${keys.secretKey}` })).toBe(403);
    expect(outbox).toBeNull();
  });

  it('the proxy refuses non-loopback Host headers and peers, and is off while the stand-in is', async () => {
    const proxy = createFrontendApiProxy({ mountPath: '/clerk-fapi', upstream: () => server.fapiUrl });
    const off = createFrontendApiProxy({ mountPath: '/clerk-fapi', upstream: () => undefined });
    const loopback = { 'x-local-mode-peer': '127.0.0.1' };
    const rebinding = new Request('http://attacker.test/clerk-fapi/v1/client', { headers: { host: 'attacker.test', ...loopback } });
    expect((await proxy(rebinding)).status).toBe(403);
    const local = new Request('http://localhost:3000/clerk-fapi/v1/client', { headers: { host: 'localhost:3000', ...loopback } });
    expect((await off(local)).status).toBe(404);
    expect((await proxy(local)).status).toBe(200);
    // The issue's probe: a loopback Host from a network peer. x-forwarded-for is the client's word and counts for nothing.
    for (const peer of [undefined, '192.0.2.7', '::ffff:192.0.2.7', '127.0.0.1, 192.0.2.7', 'localhost']) {
      const headers = { host: 'localhost:3000', 'x-forwarded-for': '127.0.0.1', ...(peer && { 'x-local-mode-peer': peer }) };
      const remote = new Request('http://localhost:3000/clerk-fapi/v1/client', { headers });
      expect((await proxy(remote)).status, String(peer)).toBe(403);
    }
    const helper = new Request('http://localhost:3000/clerk-fapi/__local/health', { headers: { host: 'localhost:3000', ...loopback } });
    expect((await proxy(helper)).status).toBe(404);
  });
});

/** `<UserProfile>`'s endpoints: the account page (names, email addresses) and the security page (password, devices, deleting the account). */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Instance } from '../src/instance';
import { ensureLocalKeys } from '../src/keys';
import { hashPassword } from '../src/password';
import { applySeed } from '../src/seed';
import { createLocalClerk } from '../src/server';
import { LocalClerkStore, type StoreEventType } from '../src/store';
import { createLocalSession } from '../src/testing';
import { describeUserAgent } from '../src/user-agent';
import { INSTANCE, PASSWORD, SEED, VERIFICATION_CODE } from './fixtures';

const APP_ORIGIN = 'http://localhost:3000';
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const FIREFOX_ANDROID = 'Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0';

describe('the store: email addresses added in the profile', () => {
  const seeded = async () => {
    const store = LocalClerkStore.open(null, new Instance(INSTANCE));
    await applySeed(store, SEED);
    return { store, admin: store.users.findByEmail('admin@acme.test')!, member: store.users.findByEmail('member@acme.test')! };
  };

  it('adds an address unverified: it claims nothing and cannot become primary until verified', async () => {
    const { store, admin, member } = await seeded();
    const address = store.users.addEmailAddress(admin.id, 'Ada.New@acme.test');
    expect(address).toMatchObject({ emailAddress: 'ada.new@acme.test', verification: null });
    expect(store.users.findByEmail('ada.new@acme.test')).toBeUndefined();
    expect(() => store.users.update(admin.id, { primaryEmailAddressId: address.id })).toThrow(/invalid/);
    // Another user may add it too: whoever verifies first has it.
    const competing = store.users.addEmailAddress(member.id, 'ada.new@acme.test');

    address.verification = { strategy: 'email_code', status: 'verified', attempts: 1, expireAt: Date.now() };
    store.users.saveEmailVerification(admin.id, address);
    expect(store.users.findByEmail('ada.new@acme.test')?.id).toBe(admin.id);
    expect(store.users.update(admin.id, { primaryEmailAddressId: address.id }).primaryEmailAddressId).toBe(address.id);

    competing.verification = { strategy: 'email_code', status: 'verified', attempts: 1, expireAt: Date.now() };
    expect(() => store.users.saveEmailVerification(member.id, competing)).toThrow(/taken/);
    expect(competing.verification).toBeNull();
  });

  it('refuses an address the user has or another user verified, and removing the primary one', async () => {
    const { store, admin } = await seeded();
    expect(() => store.users.addEmailAddress(admin.id, 'ADMIN@acme.test')).toThrow(/taken/);
    expect(() => store.users.addEmailAddress(admin.id, 'member@acme.test')).toThrow(/taken/);
    expect(() => store.users.removeEmailAddress(admin.id, admin.primaryEmailAddressId!)).toThrow(/primary/);
  });

  it('an unverified address neither lists nor accepts the invitations sent to it', async () => {
    const { store, member } = await seeded();
    const invitation = store.invitations.create({
      organizationId: store.organizations.require('globex').id,
      emailAddress: 'someone.else@globex.test',
      role: 'org:member',
    });
    const address = store.users.addEmailAddress(member.id, 'someone.else@globex.test');
    expect(store.users.verifiedEmails(store.users.require(member.id))).not.toContain('someone.else@globex.test');
    expect(() => store.invitations.accept(invitation.id, member.id)).toThrow(/not found/);
    address.verification = { strategy: 'email_code', status: 'verified', attempts: 1, expireAt: Date.now() };
    store.users.saveEmailVerification(member.id, address);
    expect(store.invitations.accept(invitation.id, member.id).role).toBe('org:member');
  });

  it('revokes the other sessions of a user, not the current one nor other users', async () => {
    const { store, admin, member } = await seeded();
    const [current, other] = [store.clients.create(), store.clients.create()].map((client) => store.sessions.create(client.id, admin.id));
    const members = store.sessions.create(store.clients.create().id, member.id);
    const events: StoreEventType[] = [];
    store.subscribe((event) => events.push(event.type));
    expect(store.sessions.revokeOthers(current!.id).map((session) => session.id)).toEqual([other!.id]);
    expect(events).toEqual(['session.revoked']);
    expect(store.sessions.activeOfUser(admin.id).map((session) => session.id)).toEqual([current!.id]);
    expect(store.sessions.isActive(members)).toBe(true);
  });
});

describe('describeUserAgent', () => {
  it('names the browser, its version and the device', () => {
    expect(describeUserAgent(CHROME)).toEqual({ browserName: 'Chrome', browserVersion: '140.0.0.0', deviceType: 'Linux', isMobile: false });
    expect(describeUserAgent(FIREFOX_ANDROID)).toEqual({
      browserName: 'Firefox',
      browserVersion: '128.0',
      deviceType: 'Android',
      isMobile: true,
    });
    expect(describeUserAgent('curl/8.0')).toEqual({ browserName: '', browserVersion: '', deviceType: '', isMobile: false });
  });
});

describe('the Frontend API for <UserProfile>', () => {
  let dataDir: string;
  let fapiUrl: string;
  let server: http.Server;
  let store: LocalClerkStore;
  let events: StoreEventType[] = [];

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-profile-'));
    const parts = await createLocalClerk({
      dataDir,
      keys: await ensureLocalKeys(dataDir),
      appUrl: APP_ORIGIN,
      instance: INSTANCE,
      seed: SEED,
    });
    store = parts.store;
    store.subscribe((event) => events.push(event.type));
    server = http.createServer(parts.fapi);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    fapiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** A browser signed in as `email` (its first factor verified `verifiedMinutesAgo` ago): form bodies, `_method` for PATCH/DELETE, as clerk-js sends them. */
  async function signedIn(
    email: string,
    { verifiedMinutesAgo, userAgent = CHROME }: { verifiedMinutesAgo?: number; userAgent?: string } = {},
  ) {
    const { cookies, sessionId, userId } = await createLocalSession(fapiUrl, email, { verifiedMinutesAgo });
    // Only what the profile's requests cause counts.
    events = [];
    const jar = new Map(cookies.map(({ name, value }) => [name, value]));
    async function call(method: string, pathname: string, form: Record<string, string> = {}) {
      const search = new URLSearchParams({ __clerk_api_version: '2026-05-12', _clerk_session_id: sessionId });
      if (method !== 'GET' && method !== 'POST') search.set('_method', method);
      const response = await fetch(`${fapiUrl}${pathname}?${search}`, {
        method: method === 'GET' ? 'GET' : 'POST',
        headers: {
          origin: APP_ORIGIN,
          'user-agent': userAgent,
          cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; '),
        },
        body: method === 'GET' ? undefined : new URLSearchParams(form),
      });
      const setCookies = response.headers.getSetCookie();
      for (const cookie of setCookies) {
        const [pair] = cookie.split(';');
        jar.set(pair!.slice(0, pair!.indexOf('=')), decodeURIComponent(pair!.slice(pair!.indexOf('=') + 1)));
      }
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read the answers' fields
      return { status: response.status, body: (await response.json()) as any, setCookies };
    }
    return { call, sessionId, userId, jar };
  }

  const errorCode = (body: { errors?: Array<{ code: string }> }) => body.errors?.[0]?.code;

  it('renames the user (PATCH /v1/me) and announces user.updated; usernames are off', async () => {
    const { call } = await signedIn('manager@acme.test');
    const renamed = await call('PATCH', '/v1/me', { first_name: 'Maxime', last_name: 'Managère' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.response).toMatchObject({ object: 'user', first_name: 'Maxime', last_name: 'Managère' });
    expect(renamed.body.client.sessions[0].user.first_name).toBe('Maxime');
    expect(events).toEqual(['user.updated']);
    const username = await call('PATCH', '/v1/me', { username: 'max' });
    expect([username.status, errorCode(username.body)]).toEqual([422, 'form_param_unknown']);
  });

  it('adds an email address, verifies it with the code, makes it primary and removes the old one', async () => {
    const { call } = await signedIn('member@acme.test');
    const added = await call('POST', '/v1/me/email_addresses/', { email_address: 'mia.new@acme.test' });
    expect(added.status).toBe(200);
    expect(added.body.response).toMatchObject({ object: 'email_address', email_address: 'mia.new@acme.test', verification: null });
    const id: string = added.body.response.id;
    const early = await call('PATCH', '/v1/me', { primary_email_address_id: id });
    expect([early.status, errorCode(early.body)]).toEqual([422, 'form_param_value_invalid']);

    const prepared = await call('POST', `/v1/me/email_addresses/${id}/prepare_verification`, { strategy: 'email_code' });
    expect(prepared.body.response.verification).toMatchObject({ object: 'verification_otp', status: 'unverified', strategy: 'email_code' });
    const wrong = await call('POST', `/v1/me/email_addresses/${id}/attempt_verification`, { code: '000000' });
    expect([wrong.status, errorCode(wrong.body)]).toEqual([422, 'form_code_incorrect']);
    const verified = await call('POST', `/v1/me/email_addresses/${id}/attempt_verification`, { code: VERIFICATION_CODE });
    expect(verified.body.response.verification).toMatchObject({ status: 'verified', attempts: 2 });

    const oldPrimary: string = verified.body.client.sessions[0].user.primary_email_address_id;
    const primary = await call('PATCH', '/v1/me', { primary_email_address_id: id });
    expect(primary.body.response.primary_email_address_id).toBe(id);
    const removed = await call('DELETE', `/v1/me/email_addresses/${oldPrimary}`);
    expect(removed.body.response).toEqual({ object: 'email_address', id: oldPrimary, deleted: true });
    expect(removed.body.client.sessions[0].user.email_addresses.map((address: { email_address: string }) => address.email_address)).toEqual(
      ['mia.new@acme.test'],
    );
    expect(events).toEqual(['user.updated', 'user.updated', 'user.updated', 'user.updated']);
    expect(store.users.findByEmail('member@acme.test')).toBeUndefined();
    expect(store.users.findByEmail('mia.new@acme.test')?.primaryEmailAddressId).toBe(id);
  });

  it("answers an address another user has, and an invalid one, with Clerk's errors", async () => {
    const { call } = await signedIn('outsider@globex.test');
    const taken = await call('POST', '/v1/me/email_addresses', { email_address: 'admin@acme.test' });
    expect([taken.status, errorCode(taken.body)]).toEqual([422, 'form_identifier_exists']);
    const invalid = await call('POST', '/v1/me/email_addresses', { email_address: 'not-an-address' });
    expect([invalid.status, errorCode(invalid.body)]).toEqual([422, 'form_param_format_invalid']);
    expect(events).toEqual([]);
  });

  it('changes the password: the current one must be right; other devices can be signed out', async () => {
    store.users.create({ emailAddresses: ['pat@acme.test'], passwordDigest: await hashPassword(PASSWORD) });
    const device = await signedIn('pat@acme.test');
    const other = await signedIn('pat@acme.test', { userAgent: FIREFOX_ANDROID });
    const wrong = await device.call('POST', '/v1/me/change_password', {
      current_password: 'not-it',
      new_password: 'brand-new-password',
      sign_out_of_other_sessions: 'true',
    });
    expect([wrong.status, errorCode(wrong.body), wrong.body.errors[0].meta.param_name]).toEqual([
      422,
      'form_password_incorrect',
      'current_password',
    ]);
    const short = await device.call('POST', '/v1/me/change_password', { current_password: PASSWORD, new_password: 'short' });
    expect([short.status, errorCode(short.body)]).toEqual([422, 'form_password_length_too_short']);
    events = [];

    const changed = await device.call('POST', '/v1/me/change_password', {
      current_password: PASSWORD,
      new_password: 'brand-new-password',
      sign_out_of_other_sessions: 'true',
    });
    expect(changed.status).toBe(200);
    expect(events).toEqual(['user.updated', 'session.revoked']);
    expect((await other.call('GET', '/v1/client')).body.response.sessions).toEqual([]);
    expect((await device.call('GET', '/v1/client')).body.response.sessions).toHaveLength(1);

    const signIn = (password: string) =>
      fetch(`${fapiUrl}/v1/client/sign_ins`, {
        method: 'POST',
        headers: { origin: APP_ORIGIN },
        body: new URLSearchParams({ identifier: 'pat@acme.test', password, strategy: 'password' }),
      });
    expect((await signIn(PASSWORD)).status).toBe(422);
    expect((await signIn('brand-new-password')).status).toBe(200);
  });

  it('lists the active devices with their latest activity and signs another one out', async () => {
    const admin = await signedIn('admin@acme.test');
    const phone = await signedIn('admin@acme.test', { userAgent: FIREFOX_ANDROID });
    await phone.call('GET', '/v1/client');
    const listed = await admin.call('GET', '/v1/me/sessions/active');
    expect(listed.status).toBe(200);
    const phoneSession = listed.body.find((session: { id: string }) => session.id === phone.sessionId);
    expect(phoneSession).toMatchObject({
      object: 'session',
      status: 'active',
      latest_activity: {
        object: 'session_activity',
        browser_name: 'Firefox',
        browser_version: '128.0',
        device_type: 'Android',
        is_mobile: true,
        ip_address: '127.0.0.1',
      },
    });
    expect(listed.body.find((session: { id: string }) => session.id === admin.sessionId).latest_activity).toMatchObject({
      browser_name: 'Chrome',
      is_mobile: false,
    });

    events = [];
    const revoked = await admin.call('POST', `/v1/me/sessions/${phone.sessionId}/revoke`);
    expect(revoked.body.response).toMatchObject({ object: 'session', id: phone.sessionId, status: 'revoked', last_active_token: null });
    expect(events).toEqual(['session.revoked']);
    expect((await phone.call('GET', '/v1/client')).body.response.sessions).toEqual([]);
    expect((await admin.call('GET', '/v1/me/sessions/active')).body.map((session: { id: string }) => session.id)).not.toContain(
      phone.sessionId,
    );

    const stranger = await signedIn('manager@acme.test');
    const foreign = await stranger.call('POST', `/v1/me/sessions/${admin.sessionId}/revoke`);
    expect([foreign.status, errorCode(foreign.body)]).toEqual([404, 'resource_not_found']);
  });

  it('asks for reverification (403 session_reverification_required) when the first factor is older than ten minutes', async () => {
    const stale = await signedIn('admin@acme.test', { verifiedMinutesAgo: 11 });
    for (const [method, pathname, form] of [
      ['POST', '/v1/me/email_addresses', { email_address: 'ada.other@acme.test' }],
      ['POST', '/v1/me/change_password', { new_password: 'another-password' }],
      ['DELETE', '/v1/me', {}],
    ] as const) {
      const answer = await stale.call(method, pathname, form);
      expect([pathname, answer.status, errorCode(answer.body)]).toEqual([pathname, 403, 'session_reverification_required']);
    }
    expect((await stale.call('PATCH', '/v1/me', { first_name: 'Ada' })).status).toBe(200);
    expect(events).toEqual(['user.updated']);

    await stale.call('POST', `/v1/client/sessions/${stale.sessionId}/verify`, { level: 'first_factor' });
    await stale.call('POST', `/v1/client/sessions/${stale.sessionId}/verify/attempt_first_factor`, {
      strategy: 'password',
      password: PASSWORD,
    });
    expect((await stale.call('POST', '/v1/me/email_addresses', { email_address: 'ada.other@acme.test' })).status).toBe(200);
  });

  it('deletes the account: memberships and sessions end first, then user.deleted; the browser is signed out', async () => {
    const user = store.users.create({ emailAddresses: ['leaving@acme.test'], firstName: 'Lea', lastName: 'Leaving' });
    store.memberships.create(store.organizations.require('acme').id, user.id, 'org:member');
    const leaving = await signedIn('leaving@acme.test');
    events = [];
    const deleted = await leaving.call('DELETE', '/v1/me');
    expect(deleted.status).toBe(200);
    expect(deleted.body).toMatchObject({ response: { object: 'user', id: user.id, deleted: true }, client: { sessions: [] } });
    expect(events).toEqual(['organizationMembership.deleted', 'session.revoked', 'user.deleted']);
    expect(deleted.setCookies.some((cookie) => cookie.startsWith('__client_uat=0'))).toBe(true);
    expect(store.users.get(user.id)).toBeUndefined();
    expect((await leaving.call('GET', '/v1/me')).status).toBe(401);
  });
});

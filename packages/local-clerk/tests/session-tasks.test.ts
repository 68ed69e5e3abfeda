/**
 * Instance settings that change flows, each on and off: organization membership required
 * (`choose-organization`), force password reset (`reset-password`), MFA required
 * (`setup-mfa`) and the session token lifetime. Pending sessions as clerk-js reads them
 * (`status`, `tasks`), tokens as @clerk/backend verifies them (`sts`), and each task resolved
 * the way Clerk's task components resolve it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, verifyToken } from '@clerk/backend';
import type { ClientJSON, EnvironmentJSON, SessionJSON } from '@clerk/shared/types';
import { afterAll, describe, expect, it } from 'vitest';
import type { InstanceConfig } from '../src/instance';
import { ensureLocalKeys, type LocalClerkKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { changeInstanceSettings } from '../src/testing';
import { totpCode } from '../src/totp';
import { CONFIGURED, PASSWORD } from './fixtures';

const APP_ORIGIN = 'http://localhost:3000';
const running: Array<{ server: LocalClerkServer; dataDir: string }> = [];

afterAll(async () => {
  for (const { server, dataDir } of running) {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A stand-in with these settings over the fixture app's configuration. */
async function start(settings: Partial<InstanceConfig> = {}, fixture: Partial<InstanceConfig> = CONFIGURED.instance) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-tasks-'));
  const keys = await ensureLocalKeys(dataDir);
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: APP_ORIGIN,
    ...CONFIGURED,
    seed: {
      ...CONFIGURED.seed,
      users: [...CONFIGURED.seed.users, { email: 'loner@nowhere.test', password: PASSWORD, firstName: 'Lee', lastName: 'Loner' }],
    },
    instance: { ...fixture, ...settings },
  });
  running.push({ server, dataDir });
  const backend = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
  return { server, keys, backend, browser: () => browser(server) };
}

type Answer = { response: SessionJSON & Record<string, unknown>; client: ClientJSON | null };

/** A browser calling the Frontend API as clerk-js does: forms, its cookies kept. */
function browser(server: LocalClerkServer) {
  const jar = new Map<string, string>();
  async function call<T = Answer>(method: string, pathname: string, form?: Record<string, string>): Promise<T> {
    const url = new URL(pathname, server.fapiUrl);
    url.searchParams.set('__clerk_api_version', '2026-05-12');
    if (method !== 'GET' && method !== 'POST') url.searchParams.set('_method', method);
    const response = await fetch(url, {
      method: method === 'GET' ? 'GET' : 'POST',
      headers: { origin: APP_ORIGIN, cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ') },
      body: form ? new URLSearchParams(form) : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      jar.set(pair!.slice(0, pair!.indexOf('=')), decodeURIComponent(pair!.slice(pair!.indexOf('=') + 1)));
    }
    const body = (await response.json()) as T;
    if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${JSON.stringify(body)}`);
    return body;
  }
  /** Signs in with a password in one call; answers the new session as the client lists it. */
  async function signIn(email: string, password = PASSWORD): Promise<SessionJSON> {
    const { client } = await call('POST', '/v1/client/sign_ins', { identifier: email, password, strategy: 'password' });
    return client!.sessions.find((session) => session.id === client!.last_active_session_id)!;
  }
  return { call, signIn, cookie: (name: string) => jar.get(name) };
}

const claimsOf = (keys: LocalClerkKeys, jwt: string) => verifyToken(jwt, { jwtKey: keys.jwtPublicKey, authorizedParties: [APP_ORIGIN] });
const taskKeys = (session: SessionJSON) => session.tasks?.map((task) => task.key) ?? null;

describe("Clerk's defaults for a new application", () => {
  it('require organization membership, leave MFA optional and mint 60-second tokens', async () => {
    const { organizationMembership: _fixtureSetting, ...fixture } = CONFIGURED.instance;
    const { keys, browser } = await start({}, fixture);
    const me = browser();
    const environment = await me.call<EnvironmentJSON>('GET', '/v1/environment');
    expect(environment.organization_settings.force_organization_selection).toBe(true);
    expect((environment.user_settings as unknown as { sign_in: unknown }).sign_in).toEqual({ second_factor: { required: false } });
    const session = await me.signIn('loner@nowhere.test');
    expect([session.status, taskKeys(session)]).toEqual(['pending', ['choose-organization']]);
    const claims = await claimsOf(keys, session.last_active_token.jwt);
    expect(claims.sts).toBe('pending');
    expect(claims.exp - claims.iat).toBe(60);
  });
});

describe('membership optional, MFA optional', () => {
  it('report both settings off and give active sessions whose tokens carry no sts', async () => {
    const { keys, browser } = await start({ organizationMembership: 'optional', sessionTokenLifetimeSeconds: 3600 });
    const me = browser();
    const environment = await me.call<EnvironmentJSON>('GET', '/v1/environment');
    expect(environment.organization_settings.force_organization_selection).toBe(false);
    expect((environment.user_settings as unknown as { sign_in: unknown }).sign_in).toEqual({ second_factor: { required: false } });
    const session = await me.signIn('loner@nowhere.test');
    expect(session.status).toBe('active');
    expect(session.tasks).toBeNull();
    const claims = await claimsOf(keys, session.last_active_token.jwt);
    expect(claims.sts).toBeUndefined();
    expect(claims.exp - claims.iat).toBe(3600);
  });

  it('keep a password marked compromised from giving tasks when it is unset again', async () => {
    const { backend, browser } = await start({ organizationMembership: 'optional' });
    const [user] = (await backend.users.getUserList({ emailAddress: ['member@acme.test'] })).data;
    await backend.users.setPasswordCompromised(user!.id);
    await backend.users.unsetPasswordCompromised(user!.id);
    expect((await browser().signIn('member@acme.test')).status).toBe('active');
  });
});

describe('organization membership required', () => {
  it('reports force_organization_selection and gives a session without an organization the choose-organization task', async () => {
    const { keys, backend, browser } = await start({ organizationMembership: 'required' });
    const me = browser();
    expect((await me.call<EnvironmentJSON>('GET', '/v1/environment')).organization_settings.force_organization_selection).toBe(true);
    const session = await me.signIn('member@acme.test');
    expect(session.status).toBe('pending');
    expect(session.tasks).toEqual([{ key: 'choose-organization' }]);
    expect(session.last_active_organization_id).toBeNull();
    const claims = await claimsOf(keys, session.last_active_token.jwt);
    expect(claims.sts).toBe('pending');
    expect(claims.o).toBeUndefined();
    // The session cookie holds the pending token; the Backend API lists the session as pending too.
    expect((await claimsOf(keys, me.cookie('__session')!)).sts).toBe('pending');
    const listed = await backend.sessions.getSession(session.id);
    expect(listed.status).toBe('pending');
    const refreshed = await me.call<{ jwt: string }>('POST', `/v1/client/sessions/${session.id}/tokens`, {});
    expect((await claimsOf(keys, refreshed.jwt)).sts).toBe('pending');
  });

  it('resolves the task when touch activates one of the user’s organizations: active, with a new token', async () => {
    const { keys, backend, browser } = await start({ organizationMembership: 'required' });
    const me = browser();
    const pending = await me.signIn('member@acme.test');
    const acme = await backend.organizations.getOrganization({ slug: 'acme' });
    const { response, client } = await me.call('POST', `/v1/client/sessions/${pending.id}/touch`, {
      active_organization_id: acme.id,
      intent: 'select_org',
    });
    expect(response.status).toBe('active');
    expect(response.tasks).toBeNull();
    expect(client!.sessions[0]!.status).toBe('active');
    expect(response.last_active_token.jwt).not.toBe(pending.last_active_token.jwt);
    const claims = await claimsOf(keys, response.last_active_token.jwt);
    expect(claims.sts).toBeUndefined();
    expect((claims.o as { id: string }).id).toBe(acme.id);
    expect((await claimsOf(keys, me.cookie('__session')!)).sts).toBeUndefined();
    expect((await backend.sessions.getSession(pending.id)).status).toBe('active');
  });

  it('resolves it for a user with no organization who creates one (TaskChooseOrganization creates, then sets it active)', async () => {
    const { browser } = await start({ organizationMembership: 'required' });
    const me = browser();
    const pending = await me.signIn('loner@nowhere.test');
    expect(taskKeys(pending)).toEqual(['choose-organization']);
    const created = await me.call<{ response: { id: string } }>('POST', '/v1/organizations', { name: 'Loner Ltd' });
    const { response } = await me.call('POST', `/v1/client/sessions/${pending.id}/touch`, {
      active_organization_id: created.response.id,
    });
    expect([response.status, response.tasks, response.last_active_organization_id]).toEqual(['active', null, created.response.id]);
  });

  it("starts a session active in the invitation's organization when its link signs the invitee in", async () => {
    const { backend, browser } = await start({ organizationMembership: 'required' });
    const acme = await backend.organizations.getOrganization({ slug: 'acme' });
    const invitation = await backend.organizations.createOrganizationInvitation({
      organizationId: acme.id,
      emailAddress: 'loner@nowhere.test',
      role: 'org:member',
    });
    const ticket = new URL(invitation.url!).searchParams.get('__clerk_ticket')!;
    const { client } = await browser().call('POST', '/v1/client/sign_ins', { strategy: 'ticket', ticket });
    expect(client!.sessions[0]).toMatchObject({ status: 'active', tasks: null, last_active_organization_id: acme.id });
  });

  it('keeps the task until an organization of the user is active: another one is refused', async () => {
    const { backend, browser } = await start({ organizationMembership: 'required' });
    const me = browser();
    const pending = await me.signIn('member@acme.test');
    const globex = await backend.organizations.getOrganization({ slug: 'globex' });
    await expect(me.call('POST', `/v1/client/sessions/${pending.id}/touch`, { active_organization_id: globex.id })).rejects.toThrow(/404/);
    expect(taskKeys((await me.call<{ response: ClientJSON }>('GET', '/v1/client')).response.sessions[0]!)).toEqual(['choose-organization']);
  });
});

describe('force password reset (set_compromised / unset_compromised)', () => {
  it('answers the user, and gives the next password sign-in the reset-password task, which a new password resolves', async () => {
    const { keys, backend, browser } = await start();
    const [user] = (await backend.users.getUserList({ emailAddress: ['member@acme.test'] })).data;
    const before = browser();
    const earlier = await before.signIn('member@acme.test');
    const answered = await backend.users.setPasswordCompromised(user!.id);
    expect(answered.id).toBe(user!.id);
    // Sessions signed in before stay as they were (revokeAllSessions defaults to false).
    expect((await backend.sessions.getSession(earlier.id)).status).toBe('active');

    const me = browser();
    const pending = await me.signIn('member@acme.test');
    expect([pending.status, taskKeys(pending)]).toEqual(['pending', ['reset-password']]);
    expect((await claimsOf(keys, pending.last_active_token.jwt)).sts).toBe('pending');

    // TaskResetPassword: user.updatePassword({ newPassword, signOutOfOtherSessions }), then setActive({ session }) (a touch).
    await me.call('POST', '/v1/me/change_password', { new_password: 'a-brand-new-password', sign_out_of_other_sessions: 'true' });
    expect((await claimsOf(keys, me.cookie('__session')!)).sts).toBeUndefined();
    const { response } = await me.call('POST', `/v1/client/sessions/${pending.id}/touch`, { intent: 'select_session' });
    expect([response.status, response.tasks]).toEqual(['active', null]);
    expect((await claimsOf(keys, response.last_active_token.jwt)).sts).toBeUndefined();
    // The new password signs in with no task.
    expect((await browser().signIn('member@acme.test', 'a-brand-new-password')).status).toBe('active');
  });

  it('revokes the user’s sessions with revokeAllSessions, and unset_compromised lifts the task', async () => {
    const { backend, browser } = await start();
    const [user] = (await backend.users.getUserList({ emailAddress: ['manager@acme.test'] })).data;
    const earlier = await browser().signIn('manager@acme.test');
    await backend.users.setPasswordCompromised(user!.id, { revokeAllSessions: true });
    expect((await backend.sessions.getSession(earlier.id)).status).toBe('revoked');
    const me = browser();
    const pending = await me.signIn('manager@acme.test');
    expect(taskKeys(pending)).toEqual(['reset-password']);
    await backend.users.unsetPasswordCompromised(user!.id);
    const { response } = await me.call('POST', `/v1/client/sessions/${pending.id}/touch`, {});
    expect(response.status).toBe('active');
  });

  it('gives no task to a sign-in without the password (an email code)', async () => {
    const { backend, browser } = await start();
    const [user] = (await backend.users.getUserList({ emailAddress: ['member@acme.test'] })).data;
    await backend.users.setPasswordCompromised(user!.id);
    const me = browser();
    const signIn = (await me.call<{ response: { id: string } }>('POST', '/v1/client/sign_ins', { identifier: 'member@acme.test' }))
      .response;
    await me.call('POST', `/v1/client/sign_ins/${signIn.id}/prepare_first_factor`, { strategy: 'email_code' });
    const { client } = await me.call('POST', `/v1/client/sign_ins/${signIn.id}/attempt_first_factor`, {
      strategy: 'email_code',
      code: CONFIGURED.instance.verificationCode!,
    });
    expect(client!.sessions[0]!.status).toBe('active');
  });
});

describe('multi-factor authentication required', () => {
  it('reports it and gives a user without a second factor the setup-mfa task, which enrolling an authenticator app resolves', async () => {
    const { keys, browser } = await start({ mfa: 'required' });
    const me = browser();
    const environment = await me.call<EnvironmentJSON>('GET', '/v1/environment');
    expect((environment.user_settings as unknown as { sign_in: unknown }).sign_in).toEqual({ second_factor: { required: true } });
    const pending = await me.signIn('member@acme.test');
    expect([pending.status, taskKeys(pending)]).toEqual(['pending', ['setup-mfa']]);
    expect((await claimsOf(keys, pending.last_active_token.jwt)).sts).toBe('pending');

    // TaskSetupMFA: user.createTOTP(), then user.verifyTOTP({ code }).
    const { secret } = (await me.call<{ response: { secret: string } }>('POST', '/v1/me/totp', {})).response;
    await me.call('POST', '/v1/me/totp/attempt_verification', { code: totpCode(secret) });
    const claims = await claimsOf(keys, me.cookie('__session')!);
    expect(claims.sts).toBeUndefined();
    expect(claims.fva?.[1]).toBe(0);
    const { response } = await me.call('POST', `/v1/client/sessions/${pending.id}/touch`, {});
    expect([response.status, response.tasks]).toEqual(['active', null]);
  });

  it('lists every task due, in order, and the session turns active once the last is resolved', async () => {
    const { backend, browser } = await start({ mfa: 'required', organizationMembership: 'required' });
    const [user] = (await backend.users.getUserList({ emailAddress: ['member@acme.test'] })).data;
    await backend.users.setPasswordCompromised(user!.id);
    const me = browser();
    const pending = await me.signIn('member@acme.test');
    expect(taskKeys(pending)).toEqual(['reset-password', 'setup-mfa', 'choose-organization']);
    await me.call('POST', '/v1/me/change_password', { new_password: 'a-brand-new-password' });
    const { secret } = (await me.call<{ response: { secret: string } }>('POST', '/v1/me/totp', {})).response;
    await me.call('POST', '/v1/me/totp/attempt_verification', { code: totpCode(secret) });
    const client = (await me.call<{ response: ClientJSON }>('GET', '/v1/client')).response;
    expect(taskKeys(client.sessions[0]!)).toEqual(['choose-organization']);
    const acme = await backend.organizations.getOrganization({ slug: 'acme' });
    const { response } = await me.call('POST', `/v1/client/sessions/${pending.id}/touch`, { active_organization_id: acme.id });
    expect([response.status, response.tasks]).toEqual(['active', null]);
  });
});

describe('session token lifetime', () => {
  it('mints tokens that live as long as the instance says', async () => {
    const { keys, browser } = await start({ sessionTokenLifetimeSeconds: 120 });
    const claims = await claimsOf(keys, (await browser().signIn('member@acme.test')).last_active_token.jwt);
    expect(claims.exp - claims.iat).toBe(120);
  });

  it('change on a running instance as the Dashboard changes them (/__local/instance), checked first', async () => {
    const { server, browser } = await start({ organizationMembership: 'optional' });
    const me = browser();
    expect(await changeInstanceSettings(server.fapiUrl, { mfa: 'required', sessionTokenLifetimeSeconds: 90 })).toEqual({
      organizationMembership: 'optional',
      mfa: 'required',
      sessionTokenLifetimeSeconds: 90,
    });
    const environment = await me.call<EnvironmentJSON>('GET', '/v1/environment');
    expect((environment.user_settings as unknown as { sign_in: unknown }).sign_in).toEqual({ second_factor: { required: true } });
    expect(taskKeys(await me.signIn('loner@nowhere.test'))).toEqual(['setup-mfa']);
    await expect(changeInstanceSettings(server.fapiUrl, { mfa: 'always' as never })).rejects.toThrow(/422/);
    await expect(changeInstanceSettings(server.fapiUrl, { sessionTokenLifetimeSeconds: 5 })).rejects.toThrow(/422/);
    expect(await changeInstanceSettings(server.fapiUrl, {})).toMatchObject({ mfa: 'required', sessionTokenLifetimeSeconds: 90 });
  });

  it('refuses settings Clerk has no value for', async () => {
    await expect(start({ sessionTokenLifetimeSeconds: 5 })).rejects.toThrow(/sessionTokenLifetimeSeconds/);
    await expect(start({ organizationMembership: 'sometimes' as never })).rejects.toThrow(/organizationMembership/);
    await expect(start({ mfa: 'always' as never })).rejects.toThrow(/mfa/);
  });
});

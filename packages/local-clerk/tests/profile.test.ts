/**
 * The user profile's security and connected accounts, as `<UserProfile>` drives them:
 * adding an authenticator app and backup codes, removing it, reverifying with a
 * second factor, connecting and removing a provider account; enterprise accounts.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { totpCode } from '../src/totp';
import { INSTANCE, PASSWORD, SEED, WEBHOOK_PATH } from './fixtures';
import { verifiedEvent } from './delivery';
import { APP_ORIGIN, proxyBrowser, type ProxyBrowser } from './proxy-browser';

let server: LocalClerkServer;
let clerk: ReturnType<typeof createClerkClient>;
let receiver: http.Server;
/** `user.updated` deliveries (svix-verified), newest last. */
const userUpdates: Array<Record<string, unknown>> = [];

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-profile-'));
  const keys = await ensureLocalKeys(dataDir);
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const event = verifiedEvent<{ type: string; data: Record<string, unknown> }>(keys.webhookSecret, body, {
        'svix-id': req.headers['svix-id'] as string,
        'svix-timestamp': req.headers['svix-timestamp'] as string,
        'svix-signature': req.headers['svix-signature'] as string,
      });
      if (event.type === 'user.updated') userUpdates.push(event.data);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: APP_ORIGIN,
    webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${WEBHOOK_PATH}`,
    seed: SEED,
    instance: {
      ...INSTANCE,
      socialProviders: ['google'],
      enterpriseConnections: [{ domain: 'enterprise.test', name: 'Enterprise IdP' }],
      providerAccounts: [
        { provider: 'google', email: 'mia.private@gmail.test', firstName: 'Mia', lastName: 'Member' },
        { provider: 'google', email: 'ada.private@gmail.test', firstName: 'Ada', lastName: 'Admin' },
      ],
    },
  });
  clerk = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
});

afterAll(async () => {
  await server?.close();
  receiver?.close();
});

const browser = () => proxyBrowser(() => server.fapiUrl);
const json = async (response: Response) => (await response.json()) as { response: any; client: any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- answers are checked field by field

/** The authenticator secrets the tests added, by email: signing in then takes a code too. */
const secrets = new Map<string, string>();

async function signIn(email: string) {
  const b = browser();
  const first = await json(
    await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { identifier: email, password: PASSWORD, strategy: 'password' }),
  );
  const { client } =
    first.response.status === 'needs_second_factor'
      ? await json(
          await b.call('POST', `/clerk-fapi/v1/client/sign_ins/${first.response.id}/attempt_second_factor`, {
            strategy: 'totp',
            code: totpCode(secrets.get(email)!),
          }),
        )
      : first;
  return { b, sessionId: client.last_active_session_id as string };
}

const me = async (b: ProxyBrowser) => (await json(await b.call('GET', '/clerk-fapi/v1/me'))).response;
const fva = async (b: ProxyBrowser) =>
  (await json(await b.call('GET', '/clerk-fapi/v1/client'))).response.sessions[0].factor_verification_age as [number, number];
const wrongCode = (secret: string) => String((Number(totpCode(secret)) + 1) % 1_000_000).padStart(6, '0');

/** Adds an authenticator app as the profile does; returns its secret and the backup codes shown once. */
async function enrollTotp(b: ProxyBrowser) {
  const created = await json(await b.call('POST', '/clerk-fapi/v1/me/totp'));
  const { secret, uri } = created.response as { secret: string; uri: string };
  const verified = await json(await b.call('POST', '/clerk-fapi/v1/me/totp/attempt_verification', { code: totpCode(secret) }));
  secrets.set((await me(b)).email_addresses[0].email_address, secret);
  return { secret, uri, verified: verified.response, codes: verified.response.backup_codes as string[] };
}

describe('an authenticator app added in the user profile', () => {
  it('gives a base32 secret and its otpauth URI, verifies a real RFC 6238 code, and turns the second factor on (announced)', async () => {
    const { b } = await signIn('member@acme.test');
    expect(await fva(b)).toEqual([0, -1]);
    const created = await json(await b.call('POST', '/clerk-fapi/v1/me/totp'));
    const { secret, uri } = created.response;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(uri).toBe(
      `otpauth://totp/Fixture%20App:member%40acme.test?secret=${secret}&issuer=Fixture+App&algorithm=SHA1&digits=6&period=30`,
    );
    expect((await me(b)).totp_enabled).toBe(false);

    const wrong = await b.call('POST', '/clerk-fapi/v1/me/totp/attempt_verification', { code: wrongCode(secret) });
    expect(wrong.status).toBe(422);
    expect((await wrong.json()).errors[0].code).toBe('form_code_incorrect');

    const verified = await json(await b.call('POST', '/clerk-fapi/v1/me/totp/attempt_verification', { code: totpCode(secret) }));
    secrets.set('member@acme.test', secret);
    expect(verified.response).toMatchObject({ object: 'totp', verified: true, secret: null });
    expect(verified.response.backup_codes).toHaveLength(10);
    expect(await me(b)).toMatchObject({
      totp_enabled: true,
      two_factor_enabled: true,
      backup_code_enabled: true,
      mfa_enabled_at: expect.any(Number),
    });
    // The code just proved the app in this session: its second factor counts as verified now.
    expect(await fva(b)).toEqual([0, 0]);

    const user = (await clerk.users.getUserList({ emailAddress: ['member@acme.test'] })).data[0]!;
    expect([user.twoFactorEnabled, user.totpEnabled, user.backupCodeEnabled]).toEqual([true, true, true]);
    await server.flushWebhooks();
    expect(userUpdates.at(-1)).toMatchObject({ id: user.id, two_factor_enabled: true, totp_enabled: true, backup_code_enabled: true });

    const again = await b.call('POST', '/clerk-fapi/v1/me/totp');
    expect(again.status).toBe(422);
  });

  it('then sign-in asks for a code of it; a backup code from the enrolment works once; new codes replace the old', async () => {
    const { b } = await signIn('manager@acme.test');
    const { secret, codes } = await enrollTotp(b);
    const attempt = async (strategy: string, code: string) => {
      const next = browser();
      const created = await json(
        await next.call('POST', '/clerk-fapi/v1/client/sign_ins', {
          identifier: 'manager@acme.test',
          password: PASSWORD,
          strategy: 'password',
        }),
      );
      expect(created.response.status).toBe('needs_second_factor');
      return next.call('POST', `/clerk-fapi/v1/client/sign_ins/${created.response.id}/attempt_second_factor`, { strategy, code });
    };
    expect((await json(await attempt('totp', totpCode(secret)))).response.status).toBe('complete');
    expect((await json(await attempt('backup_code', codes[0]!))).response.status).toBe('complete');
    expect((await attempt('backup_code', codes[0]!)).status).toBe(422);

    const regenerated = await json(await b.call('POST', '/clerk-fapi/v1/me/backup_codes/'));
    expect(regenerated.response).toMatchObject({ object: 'backup_code', codes: expect.any(Array) });
    expect((await attempt('backup_code', codes[1]!)).status).toBe(422);
    expect((await json(await attempt('backup_code', regenerated.response.codes[0]))).response.status).toBe('complete');
  });

  it('removed: the second factor is off (backup codes with it), fva[1] is -1 again, and sign-in takes the password alone', async () => {
    const { b } = await signIn('outsider@globex.test');
    await enrollTotp(b);
    const removed = await json(await b.call('POST', '/clerk-fapi/v1/me/totp?_method=DELETE'));
    expect(removed.response).toEqual({ object: 'totp', deleted: true });
    expect(await me(b)).toMatchObject({
      totp_enabled: false,
      two_factor_enabled: false,
      backup_code_enabled: false,
      mfa_disabled_at: expect.any(Number),
    });
    expect(await fva(b)).toEqual([0, -1]);
    expect((await b.call('POST', '/clerk-fapi/v1/me/backup_codes')).status).toBe(400);
    secrets.delete('outsider@globex.test');
    expect((await signIn('outsider@globex.test')).sessionId).toMatch(/^sess_/);
  });
});

describe('reverification with a second factor', () => {
  const verify = (b: ProxyBrowser, sessionId: string, step: string, form: Record<string, string>) =>
    b.call('POST', `/clerk-fapi/v1/client/sessions/${sessionId}/verify${step}`, form);

  it('multi_factor asks a user with an authenticator app for the password, then a code; both ages restart', async () => {
    const { b, sessionId } = await signIn('admin@acme.test');
    const { secret } = await enrollTotp(b);
    const started = await json(await verify(b, sessionId, '', { level: 'multi_factor' }));
    expect(started.response).toMatchObject({
      status: 'needs_first_factor',
      supported_second_factors: [{ strategy: 'totp' }, { strategy: 'backup_code' }],
    });
    expect((await verify(b, sessionId, '/attempt_second_factor', { strategy: 'totp', code: totpCode(secret) })).status).toBe(400);
    const first = await json(await verify(b, sessionId, '/attempt_first_factor', { strategy: 'password', password: PASSWORD }));
    expect(first.response.status).toBe('needs_second_factor');
    expect((await verify(b, sessionId, '/attempt_second_factor', { strategy: 'totp', code: wrongCode(secret) })).status).toBe(422);
    const done = await json(await verify(b, sessionId, '/attempt_second_factor', { strategy: 'totp', code: totpCode(secret) }));
    expect(done.response).toMatchObject({ status: 'complete', second_factor_verification: { status: 'verified', strategy: 'totp' } });
    expect(JSON.parse(Buffer.from(done.response.session.last_active_token.jwt.split('.')[1], 'base64url').toString()).fva).toEqual([0, 0]);
  });

  it('second_factor asks for the code alone; a user without a second factor is asked for the password at every level', async () => {
    const { b, sessionId } = await signIn('admin@acme.test');
    expect((await json(await verify(b, sessionId, '', { level: 'second_factor' }))).response.status).toBe('needs_second_factor');

    const plain = await signIn('member@acme.test');
    await json(await plain.b.call('POST', '/clerk-fapi/v1/me/totp?_method=DELETE'));
    secrets.delete('member@acme.test');
    for (const level of ['second_factor', 'multi_factor']) {
      expect((await json(await verify(plain.b, plain.sessionId, '', { level }))).response).toMatchObject({
        status: 'needs_first_factor',
        supported_second_factors: [],
      });
      const done = await json(
        await verify(plain.b, plain.sessionId, '/attempt_first_factor', { strategy: 'password', password: PASSWORD }),
      );
      expect(done.response.status).toBe('complete');
    }
  });
});

describe('connected accounts', () => {
  it("connects a Google account through the provider's page and back to the profile, then removes it (each announced)", async () => {
    const { b } = await signIn('member@acme.test');
    const redirectUrl = `${APP_ORIGIN}/user-profile`;
    const pending = await json(
      await b.call('POST', '/clerk-fapi/v1/me/external_accounts', { strategy: 'oauth_google', redirect_url: redirectUrl }),
    );
    expect(pending.response.verification).toMatchObject({ status: 'unverified', strategy: 'oauth_google' });
    const page = pending.response.verification.external_verification_redirect_url as string;
    expect(page.startsWith(`${APP_ORIGIN}/clerk-fapi/v1/local_oauth/google?state=`)).toBe(true);
    expect((await me(b)).external_accounts).toEqual([]);

    const html = await (await b.call('GET', page)).text();
    const form = html.split('<form').find((part) => part.includes('value="mia.private@gmail.test"'))!;
    const answer = await b.call('POST', /action="([^"]+)"/.exec(form)![1]!, {
      state: /name="state" value="([^"]+)"/.exec(form)![1]!,
      email: 'mia.private@gmail.test',
    });
    expect(answer.status).toBe(303);
    expect(answer.headers.get('location')).toBe(redirectUrl);
    expect((await me(b)).external_accounts).toMatchObject([
      { id: pending.response.id, provider: 'google', email_address: 'mia.private@gmail.test', verification: { status: 'verified' } },
    ]);
    const user = (await clerk.users.getUserList({ emailAddress: ['member@acme.test'] })).data[0]!;
    expect(user.externalAccounts.map((account) => account.provider)).toEqual(['oauth_google']);
    await server.flushWebhooks();
    expect((userUpdates.at(-1)!.external_accounts as unknown[]).length).toBe(1);

    const removed = await json(await b.call('POST', `/clerk-fapi/v1/me/external_accounts/${pending.response.id}?_method=DELETE`));
    expect(removed.response).toEqual({ object: 'external_account', id: pending.response.id, deleted: true });
    expect((await me(b)).external_accounts).toEqual([]);
    await server.flushWebhooks();
    expect(userUpdates.at(-1)!.external_accounts).toEqual([]);
    expect((await b.call('POST', `/clerk-fapi/v1/me/external_accounts/${pending.response.id}?_method=DELETE`)).status).toBe(404);
  });

  it("links nothing when another user has the provider's account, and refuses a provider the instance does not enable", async () => {
    const owner = await signIn('admin@acme.test');
    const connect = async (b: ProxyBrowser) => {
      const pending = await json(
        await b.call('POST', '/clerk-fapi/v1/me/external_accounts', {
          strategy: 'oauth_google',
          redirect_url: `${APP_ORIGIN}/user-profile`,
        }),
      );
      const html = await (await b.call('GET', pending.response.verification.external_verification_redirect_url)).text();
      const form = html.split('<form').find((part) => part.includes('value="ada.private@gmail.test"'))!;
      await b.call('POST', /action="([^"]+)"/.exec(form)![1]!, {
        state: /name="state" value="([^"]+)"/.exec(form)![1]!,
        email: 'ada.private@gmail.test',
      });
      return (await me(b)).external_accounts as unknown[];
    };
    expect(await connect(owner.b)).toHaveLength(1);
    expect(await connect((await signIn('manager@acme.test')).b)).toEqual([]);
    const github = await owner.b.call('POST', '/clerk-fapi/v1/me/external_accounts', {
      strategy: 'oauth_github',
      redirect_url: `${APP_ORIGIN}/user-profile`,
    });
    expect(github.status).toBe(422);
  });
});

describe('enterprise accounts', () => {
  it('a user who came through enterprise SSO has an enterprise account (both APIs), not an external one', async () => {
    const b = browser();
    const created = (await json(await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { identifier: 'jo.doe@enterprise.test' }))).response;
    const prepared = (
      await json(
        await b.call('POST', `/clerk-fapi/v1/client/sign_ins/${created.id}/prepare_first_factor`, {
          strategy: 'enterprise_sso',
          redirect_url: `${APP_ORIGIN}/sign-in/sso-callback`,
        }),
      )
    ).response;
    const html = await (await b.call('GET', prepared.first_factor_verification.external_verification_redirect_url)).text();
    await b.call('POST', /action="([^"]+)"/.exec(html)![1]!, { state: /name="state" value="([^"]+)"/.exec(html)![1]! });
    const signUp = (await json(await b.call('POST', '/clerk-fapi/v1/client/sign_ups', { transfer: 'true' }))).response;

    const user = await me(b);
    expect(user.external_accounts).toEqual([]);
    expect(user.enterprise_accounts).toMatchObject([
      {
        object: 'enterprise_account',
        protocol: 'saml',
        email_address: 'jo.doe@enterprise.test',
        active: true,
        enterprise_connection: { name: 'Enterprise IdP', domain: 'enterprise.test', active: true },
      },
    ]);
    const backend = await clerk.users.getUser(signUp.created_user_id);
    expect(backend.enterpriseAccounts.map((account) => [account.emailAddress, account.enterpriseConnection?.name])).toEqual([
      ['jo.doe@enterprise.test', 'Enterprise IdP'],
    ]);
    const connections = (await json(await b.call('GET', '/clerk-fapi/v1/me/enterprise_connections?with_organization_account_linking=true')))
      .response;
    expect(connections).toMatchObject([
      { name: 'Enterprise IdP', domains: ['enterprise.test'], allow_organization_account_linking: false },
    ]);
  });
});

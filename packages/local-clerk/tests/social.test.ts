import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { createClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { totpCode } from '../src/totp';
import { INSTANCE, PASSWORD, SEED } from './fixtures';
import { APP_ORIGIN as appOrigin, proxyBrowser, type ProxyBrowser } from './proxy-browser';

const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

const require = createRequire(import.meta.url);
let server: LocalClerkServer;
let clerk: ReturnType<typeof createClerkClient>;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-social-'));
  const keys = await ensureLocalKeys(dataDir);
  server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: appOrigin,
    seed: {
      ...SEED,
      users: [...SEED.users, { email: 'mfa@acme.test', password: PASSWORD, totpSecret: TOTP_SECRET, backupCodes: ['bk-1'] }],
    },
    instance: {
      ...INSTANCE,
      socialProviders: ['google'],
      enterpriseConnections: [{ domain: 'enterprise.test', name: 'Enterprise IdP', organizationSlug: 'globex' }],
      providerAccounts: [
        { provider: 'google', email: 'member@acme.test', firstName: 'Mia', lastName: 'Member' },
        { provider: 'google', email: 'nina@gmail.test', firstName: 'Nina', lastName: 'New' },
      ],
    },
  });
  clerk = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
});

afterAll(() => server?.close());

const browser = () => proxyBrowser(() => server.fapiUrl);

const start = { redirect_url: `${appOrigin}/sign-in/sso-callback`, action_complete_redirect_url: `${appOrigin}/dashboard` };

/** Follows the consent page as a person would: the form for `email`, posted with its own fields. */
async function consent(b: ProxyBrowser, redirectUrl: string, email: string) {
  expect(redirectUrl.startsWith(`${appOrigin}/clerk-fapi/v1/local_oauth/google?state=`)).toBe(true);
  const page = await b.call('GET', redirectUrl);
  expect(page.headers.get('content-type')).toContain('text/html');
  const html = await page.text();
  const form = html.split('<form').find((part) => part.includes(`value="${email}"`))!;
  const action = /action="([^"]+)"/.exec(form)![1]!;
  const state = /name="state" value="([^"]+)"/.exec(form)![1]!;
  const answer = await b.call('POST', action, { state, email });
  expect(answer.status).toBe(303);
  expect(answer.headers.get('location')).toBe(start.redirect_url);
}

describe('social sign-in (local providers)', () => {
  it('lists the enabled providers in the environment, with offline logos', async () => {
    const env = await (await browser().call('GET', '/clerk-fapi/v1/environment')).json();
    expect(Object.keys(env.user_settings.social)).toEqual(['oauth_google']);
    expect(env.user_settings.social.oauth_google).toMatchObject({
      enabled: true,
      authenticatable: true,
      strategy: 'oauth_google',
      name: 'Google',
    });
    expect(env.user_settings.social.oauth_google.logo_url).toMatch(/^data:image\/svg\+xml;base64,/);
  });

  it('refuses providers the instance does not enable and redirects off the app', async () => {
    const b = browser();
    const github = await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { strategy: 'oauth_github', ...start });
    expect((await github.json()).errors[0]).toMatchObject({ code: 'strategy_for_user_invalid' });
    const offsite = await b.call('POST', '/clerk-fapi/v1/client/sign_ins', {
      strategy: 'oauth_google',
      redirect_url: 'https://evil.test/cb',
    });
    expect((await offsite.json()).errors[0]).toMatchObject({ code: 'form_param_value_invalid', meta: { param_name: 'redirect_url' } });
  });

  it('links a provider account to the user with its email, who signs in (no second user), announced with external_accounts', async () => {
    const b = browser();
    const created = await (await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { strategy: 'oauth_google', ...start })).json();
    expect(created.response.first_factor_verification).toMatchObject({ status: 'unverified', strategy: 'oauth_google' });
    await consent(b, created.response.first_factor_verification.external_verification_redirect_url, 'member@acme.test');
    const client = (await (await b.call('GET', '/clerk-fapi/v1/client')).json()).response;
    expect(client.sign_in).toMatchObject({
      status: 'complete',
      first_factor_verification: { status: 'verified', strategy: 'oauth_google' },
    });
    expect(client.sessions[0].user.external_accounts).toMatchObject([{ provider: 'google', email_address: 'member@acme.test' }]);

    const { data } = await clerk.users.getUserList({ emailAddress: ['member@acme.test'] });
    expect(data).toHaveLength(1);
    expect(data[0]!.externalAccounts.map((account) => account.provider)).toEqual(['oauth_google']);
  });

  it('a new provider account: the sign-in is transferable, and the transfer creates the user', async () => {
    const b = browser();
    const created = await (await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { strategy: 'oauth_google', ...start })).json();
    await consent(b, created.response.first_factor_verification.external_verification_redirect_url, 'nina@gmail.test');
    const client = (await (await b.call('GET', '/clerk-fapi/v1/client')).json()).response;
    expect(client.sign_in.first_factor_verification).toMatchObject({
      status: 'transferable',
      error: { code: 'external_account_not_found' },
    });
    expect(client.sessions).toEqual([]);

    const signUp = (await (await b.call('POST', '/clerk-fapi/v1/client/sign_ups', { transfer: 'true' })).json()).response;
    expect(signUp).toMatchObject({ status: 'complete', email_address: 'nina@gmail.test', first_name: 'Nina', missing_fields: [] });
    const user = await clerk.users.getUser(signUp.created_user_id);
    expect(user.externalAccounts[0]).toMatchObject({ provider: 'oauth_google', emailAddress: 'nina@gmail.test' });
    expect(user.passwordEnabled).toBe(false);
  });

  it('a sign-up with an account a user already has is transferable to a sign-in of that user', async () => {
    const b = browser();
    const created = await (await b.call('POST', '/clerk-fapi/v1/client/sign_ups', { strategy: 'oauth_google', ...start })).json();
    const verification = created.response.verifications.external_account;
    expect(verification.status).toBe('unverified');
    await consent(b, verification.external_verification_redirect_url, 'nina@gmail.test');
    const client = (await (await b.call('GET', '/clerk-fapi/v1/client')).json()).response;
    expect(client.sign_up.verifications.external_account).toMatchObject({
      status: 'transferable',
      error: { code: 'external_account_exists' },
    });
    const signIn = (await (await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { transfer: 'true' })).json()).response;
    expect(signIn.status).toBe('complete');
    expect((await clerk.users.getUserList({ emailAddress: ['nina@gmail.test'] })).data).toHaveLength(1);
  });

  it('the consent page answers only for a flow in progress', async () => {
    const response = await browser().call('GET', '/clerk-fapi/v1/local_oauth/google?state=forged');
    expect(response.status).toBe(404);
  });

  it("serves the UI bundle with the stand-in in place of Clerk's image CDN, and the provider logos", async () => {
    const b = browser();
    const index = fs
      .readdirSync(path.dirname(require.resolve('@clerk/ui')))
      .find((name) => name.startsWith('ui-common_') && name.endsWith('.js'))!;
    const bundle = await (await b.call('GET', `/clerk-fapi/npm/${index}`)).text();
    expect(bundle).not.toContain('https://img.clerk.com/static/');
    expect(bundle).toContain(`${appOrigin}/clerk-fapi/v1/local_images/`);
    const logo = await b.call('GET', '/clerk-fapi/v1/local_images/google.svg');
    expect(logo.headers.get('content-type')).toBe('image/svg+xml');
  });
});

describe('enterprise SSO (local identity provider)', () => {
  it("offers only enterprise_sso for the domain, refuses its password, and a new user joins the connection's organization", async () => {
    const b = browser();
    const created = (await (await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { identifier: 'jo.doe@enterprise.test' })).json())
      .response;
    expect(created).toMatchObject({ status: 'needs_identifier', supported_first_factors: [{ strategy: 'enterprise_sso' }] });
    const password = await b.call('POST', `/clerk-fapi/v1/client/sign_ins/${created.id}/attempt_first_factor`, {
      strategy: 'password',
      password: 'x',
    });
    expect(password.status).toBe(422);
    const prepared = (
      await (
        await b.call('POST', `/clerk-fapi/v1/client/sign_ins/${created.id}/prepare_first_factor`, { strategy: 'enterprise_sso', ...start })
      ).json()
    ).response;
    const idp = prepared.first_factor_verification.external_verification_redirect_url as string;
    expect(idp.startsWith(`${appOrigin}/clerk-fapi/v1/local_sso/enterprise.test?state=`)).toBe(true);
    const html = await (await b.call('GET', idp)).text();
    const action = /action="([^"]+)"/.exec(html)![1]!;
    const state = /name="state" value="([^"]+)"/.exec(html)![1]!;
    expect((await b.call('POST', action, { state })).status).toBe(303);
    const signUp = (await (await b.call('POST', '/clerk-fapi/v1/client/sign_ups', { transfer: 'true' })).json()).response;
    expect(signUp).toMatchObject({ status: 'complete', first_name: 'Jo', last_name: 'Doe' });
    const memberships = await clerk.users.getOrganizationMembershipList({ userId: signUp.created_user_id });
    expect(memberships.data.map((membership) => [membership.organization.slug, membership.role])).toEqual([['globex', 'org:member']]);
  });
});

describe('second factor (TOTP enrolled by the seed)', () => {
  async function passwordStep(b: ProxyBrowser) {
    const signIn = (
      await (
        await b.call('POST', '/clerk-fapi/v1/client/sign_ins', { identifier: 'mfa@acme.test', password: PASSWORD, strategy: 'password' })
      ).json()
    ).response;
    expect(signIn).toMatchObject({
      status: 'needs_second_factor',
      created_session_id: null,
      supported_second_factors: expect.arrayContaining([{ strategy: 'totp' }]),
    });
    return signIn.id as string;
  }
  const second = (b: ProxyBrowser, id: string, strategy: string, code: string) =>
    b.call('POST', `/clerk-fapi/v1/client/sign_ins/${id}/attempt_second_factor`, { strategy, code });

  it('asks for the code after the password; a wrong code is refused; the right one completes with fva[1] = 0', async () => {
    const b = browser();
    const id = await passwordStep(b);
    const wrong = String((Number(totpCode(TOTP_SECRET)) + 1) % 1_000_000).padStart(6, '0');
    expect((await second(b, id, 'totp', wrong)).status).toBe(422);
    const done = await (await second(b, id, 'totp', totpCode(TOTP_SECRET))).json();
    expect(done.response.status).toBe('complete');
    const session = done.client.sessions[0];
    expect(session.factor_verification_age).toEqual([0, 0]);
    expect(JSON.parse(Buffer.from(session.last_active_token.jwt.split('.')[1], 'base64url').toString()).fva).toEqual([0, 0]);
    const user = await clerk.users.getUser(session.user.id);
    expect(user.twoFactorEnabled).toBe(true);
  });

  it('a backup code works once', async () => {
    const first = browser();
    expect((await (await second(first, await passwordStep(first), 'backup_code', 'bk-1')).json()).response.status).toBe('complete');
    const again = browser();
    expect((await second(again, await passwordStep(again), 'backup_code', 'bk-1')).status).toBe(422);
  });
});

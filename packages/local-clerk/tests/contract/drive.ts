/**
 * Drives every endpoint the stand-in answers, as Clerk's SDKs call them, and
 * hands each answer (and each webhook delivery) to `record`. The contract test
 * checks them against its schemas; the same run can be checked against a newer
 * Clerk spec (see the package README).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalKeys } from '../../src/keys';
import { startLocalClerk } from '../../src/server';
import { totpCode } from '../../src/totp';
import { driveApiKeys } from './drive-api-keys';
import { driveSessionTasks } from './drive-tasks';
import { BILLING_PLANS, CONFIGURED, PASSWORD, VERIFICATION_CODE, WEBHOOK_PATH } from '../fixtures';

export type Api = 'bapi' | 'fapi';

export interface Answer {
  api: Api;
  /** The route as the stand-in's router names it: `PATCH /v1/users/:id`. */
  route: string;
  status: number;
  body: unknown;
  /** A call the stand-in must refuse, and the status it must refuse it with (else 200, or the route's redirect). */
  refusedWith?: number;
}

export interface WebhookDelivery {
  type: string;
  object: string;
  data: unknown;
  [key: string]: unknown;
}

export interface Recorder {
  answer: (answer: Answer) => void;
  webhook: (delivery: WebhookDelivery) => void;
}

const APP_ORIGIN = 'http://localhost:3000';

type Params = Record<string, string>;
interface CallOptions {
  params?: Params;
  query?: Record<string, string>;
  body?: unknown;
  refusedWith?: number;
}

const fill = (route: string, params: Params = {}) => {
  const [method, pattern] = route.split(' ') as [string, string];
  return { method, pathname: pattern.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(params[name] ?? `missing-${name}`)) };
};

/** A 1x1 PNG as clerk-js uploads a logo or profile image: the form field `file`. */
function pngUpload() {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'image.png');
  return form;
}

/** Each `/v1/...` route, called once or more: users, organizations, memberships, invitations, sessions; then the browser's flows. */
export async function driveEndpoints(record: Recorder): Promise<void> {
  const deliveries: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      deliveries.push(body);
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-contract-'));
  const keys = await ensureLocalKeys(dataDir);
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: APP_ORIGIN,
    webhookUrl: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}${WEBHOOK_PATH}`,
    ...CONFIGURED,
    instance: { ...CONFIGURED.instance, billingPlans: BILLING_PLANS },
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the driver reads ids from answers; the contract test checks their shapes
  async function bapi<T = any>(route: string, { params, query, body, refusedWith }: CallOptions = {}): Promise<T> {
    const { method, pathname } = fill(route, params);
    const url = `${server.bapiUrl}${pathname}${query ? `?${new URLSearchParams(query)}` : ''}`;
    const response = await fetch(url, {
      method,
      headers: { authorization: `Bearer ${keys.secretKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json();
    record.answer({ api: 'bapi', route, status: response.status, body: json, refusedWith });
    return json as T;
  }

  /** A browser: keeps its cookies, sends forms, tunnels PATCH/DELETE through `_method` as clerk-js does. */
  function browser() {
    const jar = new Map<string, string>();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as for `bapi`
    return async function fapi<T = any>(route: string, { params, query, body, refusedWith }: CallOptions = {}): Promise<T> {
      const { method, pathname } = fill(route, params);
      const search = new URLSearchParams({ __clerk_api_version: '2026-05-12', ...query });
      if (method !== 'GET' && method !== 'POST') search.set('_method', method);
      // Uploads go as multipart (fetch sets its boundary); everything else as a form.
      const form = body === undefined || body instanceof FormData ? body : new URLSearchParams(body as Record<string, string>);
      const response = await fetch(`${server.fapiUrl}${pathname}?${search}`, {
        method: method === 'GET' ? 'GET' : 'POST',
        headers: {
          origin: APP_ORIGIN,
          cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; '),
        },
        body: form,
        redirect: 'manual',
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair] = cookie.split(';');
        const index = pair!.indexOf('=');
        if (/Max-Age=0/.test(cookie)) jar.delete(pair!.slice(0, index));
        else jar.set(pair!.slice(0, index), decodeURIComponent(pair!.slice(index + 1)));
      }
      const text = await response.text();
      // Local mode's provider pages answer HTML (or an SVG logo); the contract checks the text.
      const json: unknown = !text ? undefined : response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
      record.answer({ api: 'fapi', route, status: response.status, body: json, refusedWith });
      return json as T;
    };
  }

  try {
    // Backend API
    await bapi('GET /v1/jwks');
    const created = await bapi('POST /v1/users', {
      body: {
        email_address: ['new.user@contract.test'],
        password: 'contract-password',
        first_name: 'Nia',
        last_name: 'New',
        external_id: 'ext_1',
      },
    });
    const userId: string = created.id;
    await bapi('GET /v1/users', { query: { limit: '50', order_by: '-created_at' } });
    const [first] = await bapi('GET /v1/users', { query: { limit: '1', order_by: '+created_at' } });
    await bapi('GET /v1/users', { query: { limit: '500', order_by: '+created_at', starting_after: first.id } });
    await bapi('GET /v1/users/count');
    await bapi('GET /v1/users/:id', { params: { id: userId } });
    await bapi('PATCH /v1/users/:id', { params: { id: userId }, body: { first_name: 'Nina' } });
    // Attributes the instance has off (usernames, phone numbers) are refused, as Clerk refuses them
    await bapi('POST /v1/users', { body: { email_address: ['refused@contract.test'], username: 'refused' }, refusedWith: 422 });
    await bapi('POST /v1/users', { body: { email_address: ['refused@contract.test'], phone_number: ['+15555550100'] }, refusedWith: 422 });
    await bapi('PATCH /v1/users/:id', { params: { id: userId }, body: { username: 'nina' }, refusedWith: 422 });
    await bapi('PATCH /v1/users/:id', { params: { id: userId }, body: { phone_number: '+15555550100' }, refusedWith: 422 });
    await bapi('PATCH /v1/users/:id/metadata', { params: { id: userId }, body: { public_metadata: { plan: 'pro' } } });
    await bapi('PUT /v1/users/:id/metadata', { params: { id: userId }, body: { private_metadata: { note: 'x' } } });

    const acme = (await bapi('GET /v1/organizations', { query: { query: 'acme' } })).data[0];
    const organization = await bapi('POST /v1/organizations', {
      body: { name: 'Contract Inc', created_by: userId, public_metadata: { tier: 1 } },
    });
    await bapi('GET /v1/organizations/:id', { params: { id: organization.id } });
    await bapi('PATCH /v1/organizations/:id', { params: { id: organization.id }, body: { name: 'Contract Corp' } });
    await bapi('PATCH /v1/organizations/:id/metadata', { params: { id: organization.id }, body: { private_metadata: { a: 1 } } });
    await bapi('PUT /v1/organizations/:id/metadata', { params: { id: organization.id }, body: { public_metadata: { b: 2 } } });

    await bapi('POST /v1/organizations/:id/memberships', { params: { id: acme.id }, body: { user_id: userId, role: 'org:member' } });
    await bapi('GET /v1/organization_memberships', { query: { limit: '500', offset: '0', order_by: '+created_at' } });
    await bapi('GET /v1/organizations/:id/memberships', { params: { id: acme.id } });
    await bapi('GET /v1/users/:id/organization_memberships', { params: { id: userId } });
    await bapi('PATCH /v1/organizations/:id/memberships/:userId', { params: { id: acme.id, userId }, body: { role: 'org:admin' } });
    await bapi('PATCH /v1/organizations/:id/memberships/:userId/metadata', {
      params: { id: acme.id, userId },
      body: { public_metadata: { team: 'a' } },
    });

    const admin = (await bapi('GET /v1/users', { query: { email_address: 'admin@acme.test' } }))[0];
    const invitation = await bapi('POST /v1/organizations/:id/invitations', {
      params: { id: acme.id },
      body: { email_address: 'invitee@contract.test', role: 'org:member', inviter_user_id: admin.id },
    });
    await bapi('POST /v1/organizations/:id/invitations/bulk', {
      params: { id: acme.id },
      body: [
        { email_address: 'bulk@contract.test', role: 'org:member', inviter_user_id: admin.id },
        { email_address: 'second.bulk@contract.test' },
      ],
    });
    await bapi('GET /v1/organizations/:id/invitations', { params: { id: acme.id } });
    await bapi('GET /v1/organizations/:id/invitations/:invitationId', { params: { id: acme.id, invitationId: invitation.id } });
    await bapi('GET /v1/users/:id/organization_invitations', { params: { id: userId } });
    await bapi('POST /v1/organizations/:id/invitations/:invitationId/revoke', {
      params: { id: acme.id, invitationId: invitation.id },
      body: {},
    });
    const ticketInvitation = await bapi('POST /v1/organizations/:id/invitations', {
      params: { id: acme.id },
      body: { email_address: 'ticket.signup@contract.test', role: 'org:member', inviter_user_id: admin.id },
    });

    // Tickets and testing tokens
    await bapi('POST /v1/testing_tokens');
    const signInToken = await bapi('POST /v1/sign_in_tokens', { body: { user_id: userId } });
    const revokedToken = await bapi('POST /v1/sign_in_tokens', { body: { user_id: userId, expires_in_seconds: 600 } });
    await bapi('POST /v1/sign_in_tokens/:id/revoke', { params: { id: revokedToken.id }, body: {} });

    // Frontend API: the environment and a client
    const fapi = browser();
    await fapi('GET /v1/environment');
    await fapi('PATCH /v1/environment', { body: {} });
    await fapi('GET /v1/client');
    await fapi('PUT /v1/client', { body: {} });

    // The Account Portal's pages, with the app page to return to
    for (const page of ['GET /sign-in', 'GET /sign-up', 'GET /user', 'GET /create-organization'])
      await fapi(page, { query: { redirect_url: `${APP_ORIGIN}/dashboard` } });

    // Sign-up with an email code
    const signUp = (
      await fapi('POST /v1/client/sign_ups', { body: { email_address: 'signup@contract.test', password: 'contract-password' } })
    ).response;
    await fapi('GET /v1/client/sign_ups/:id', { params: { id: signUp.id } });
    await fapi('POST /v1/client/sign_ups', { body: { email_address: 'refused@contract.test', username: 'refused' }, refusedWith: 422 });
    await fapi('PATCH /v1/client/sign_ups/:id', { params: { id: signUp.id }, body: { phone_number: '+15555550100' }, refusedWith: 422 });
    await fapi('POST /v1/client/sign_ups/:id/prepare_verification', { params: { id: signUp.id }, body: { strategy: 'email_code' } });
    await fapi('PATCH /v1/client/sign_ups/:id', { params: { id: signUp.id }, body: { first_name: 'Sam', last_name: 'Signup' } });
    await fapi('POST /v1/client/sign_ups/:id/attempt_verification', {
      params: { id: signUp.id },
      body: { strategy: 'email_code', code: VERIFICATION_CODE },
    });
    await fapi('GET /v1/client');
    await fapi('DELETE /v1/client');

    // Sign-up and sign-in with tickets: an invitation's link, a sign-in token
    const ticketBrowser = browser();
    await ticketBrowser('POST /v1/client/sign_ups', {
      body: { strategy: 'ticket', ticket: new URL(ticketInvitation.url).searchParams.get('__clerk_ticket')! },
    });
    await ticketBrowser('POST /v1/client/sign_ins', { body: { strategy: 'ticket', ticket: signInToken.token } });
    await ticketBrowser('DELETE /v1/client/sessions');

    // Sign-in with an email code, then with a password in two steps
    const codeBrowser = browser();
    const codeSignIn = (await codeBrowser('POST /v1/client/sign_ins', { body: { identifier: 'member@acme.test' } })).response;
    await codeBrowser('GET /v1/client/sign_ins/:id', { params: { id: codeSignIn.id } });
    await codeBrowser('POST /v1/client/sign_ins/:id/prepare_first_factor', {
      params: { id: codeSignIn.id },
      body: { strategy: 'email_code' },
    });
    await codeBrowser('POST /v1/client/sign_ins/:id/attempt_first_factor', {
      params: { id: codeSignIn.id },
      body: { strategy: 'email_code', code: VERIFICATION_CODE },
    });
    await codeBrowser('DELETE /v1/client/sessions');

    const signIn = (await fapi('POST /v1/client/sign_ins', { body: { identifier: 'admin@acme.test' } })).response;
    const { client } = await fapi('POST /v1/client/sign_ins/:id/attempt_first_factor', {
      params: { id: signIn.id },
      body: { strategy: 'password', password: PASSWORD },
    });
    const sessionId: string = client.last_active_session_id;

    // The signed-in user, their organizations
    await fapi('POST /v1/client/sessions/:id/touch', { params: { id: sessionId }, body: { active_organization_id: acme.id } });
    await fapi('POST /v1/client/sessions/:id/tokens', { params: { id: sessionId }, body: {} });
    await fapi('POST /v1/client/sessions/:id/verify', { params: { id: sessionId }, body: { level: 'first_factor' } });
    await fapi('POST /v1/client/sessions/:id/verify/prepare_first_factor', { params: { id: sessionId }, body: { strategy: 'email_code' } });
    await fapi('POST /v1/client/sessions/:id/verify/attempt_first_factor', {
      params: { id: sessionId },
      body: { strategy: 'email_code', code: VERIFICATION_CODE },
    });
    await fapi('POST /v1/client/sessions/:id/verify', { params: { id: sessionId }, body: { level: 'second_factor' } });
    await fapi('POST /v1/client/sessions/:id/verify/attempt_first_factor', {
      params: { id: sessionId },
      body: { strategy: 'password', password: PASSWORD },
    });
    await fapi('GET /v1/client/handshake', { query: { redirect_url: `${APP_ORIGIN}/dashboard` } });
    await fapi('GET /v1/me');
    await fapi('GET /v1/me/organization_memberships');
    await fapi('GET /v1/me/organization_suggestions');
    await fapi('GET /v1/organizations/:id', { params: { id: acme.id } });
    await fapi('GET /v1/organizations/:id/memberships', { params: { id: acme.id } });
    await fapi('GET /v1/organizations/:id/roles', { params: { id: acme.id } });
    await fapi('GET /v1/organizations/:id/domains', { params: { id: acme.id } });

    // Clerk Billing: the plans; the organization subscribes to pro, cancels, subscribes again; the user to plus, canceled twice (Frontend, then Backend API)
    const orgPlans = (await fapi('GET /v1/billing/plans', { query: { payer_type: 'org', limit: '50', offset: '0' } })).data as Array<{
      id: string;
      slug: string;
    }>;
    const pro = orgPlans.find((plan) => plan.slug === 'pro')!;
    await fapi('GET /v1/billing/plans/:id', { params: { id: pro.id } });
    for (const orgId of [acme.id, acme.id]) {
      await fapi('GET /v1/organizations/:orgId/billing/subscription', { params: { orgId } });
      await fapi('GET /v1/organizations/:orgId/billing/payment_methods', { params: { orgId } });
      await fapi('GET /v1/organizations/:orgId/billing/statements', { params: { orgId } });
      const checkout = (
        await fapi('POST /v1/organizations/:orgId/billing/checkouts', {
          params: { orgId },
          body: { plan_id: pro.id, plan_period: 'month' },
        })
      ).response;
      await fapi('PATCH /v1/organizations/:orgId/billing/checkouts/:id/confirm', { params: { orgId, id: checkout.id }, body: {} });
      const items = (await fapi('GET /v1/organizations/:orgId/billing/subscription', { params: { orgId } })).response
        .subscription_items as Array<{ id: string; plan: { slug: string }; status: string }>;
      const proItem = items.find((item) => item.plan.slug === 'pro' && item.status === 'active')!;
      await fapi('DELETE /v1/organizations/:orgId/billing/subscription_items/:id', { params: { orgId, id: proItem.id } });
    }
    const plus = (await fapi('GET /v1/billing/plans', { query: { payer_type: 'user' } })).data.find(
      (plan: { slug: string }) => plan.slug === 'plus',
    );
    await fapi('GET /v1/me/billing/payment_methods');
    await fapi('GET /v1/me/billing/statements');
    const userCheckout = (await fapi('POST /v1/me/billing/checkouts', { body: { plan_id: plus.id, plan_period: 'annual' } })).response;
    await fapi('PATCH /v1/me/billing/checkouts/:id/confirm', { params: { id: userCheckout.id }, body: {} });
    const plusItem = (await fapi('GET /v1/me/billing/subscription')).response.subscription_items.find(
      (item: { plan: { slug: string } }) => item.plan.slug === 'plus',
    );
    await fapi('DELETE /v1/me/billing/subscription_items/:id', { params: { id: plusItem.id } });
    await bapi('GET /v1/billing/plans');
    await bapi('GET /v1/users/:id/billing/subscription', { params: { id: admin.id } });
    await bapi('GET /v1/organizations/:id/billing/subscription', { params: { id: acme.id } });
    await bapi('GET /v1/billing/subscription_items', { query: { limit: '500', offset: '0' } });
    await bapi('GET /v1/billing/subscription_items', { query: { include_free: 'true', payer_type: 'org', status: 'active' } });
    await bapi('DELETE /v1/billing/subscription_items/:id', { params: { id: plusItem.id } });
    const invited = (
      await fapi('POST /v1/organizations/:id/invitations', {
        params: { id: acme.id },
        body: { email_address: 'revokee@contract.test', role: 'org:member' },
      })
    ).response;
    await fapi('POST /v1/organizations/:id/invitations/bulk', {
      params: { id: acme.id },
      body: { email_address: 'fapi-bulk@contract.test', role: 'org:member' },
    });
    await fapi('GET /v1/organizations/:id/invitations', { params: { id: acme.id }, query: { status: 'pending' } });
    const own = (await fapi('POST /v1/organizations', { body: { name: 'Own Org' } })).response;
    await fapi('PATCH /v1/organizations/:id', { params: { id: own.id }, body: { name: 'Own Org Renamed' } });
    await fapi('PUT /v1/organizations/:id/logo', { params: { id: own.id }, body: pngUpload() });
    await fapi('DELETE /v1/organizations/:id/logo', { params: { id: own.id } });
    await fapi('POST /v1/me/profile_image', { body: pngUpload() });
    await fapi('DELETE /v1/me/profile_image');
    const fapiInvitation = await bapi('POST /v1/organizations/:id/invitations', {
      params: { id: own.id },
      body: { email_address: 'manager@acme.test', role: 'org:member' },
    });
    await fapi('POST /v1/organizations/:id/invitations/:invitationId/revoke', {
      params: { id: acme.id, invitationId: invited.id },
      body: {},
    });
    await fapi('POST /v1/organizations/:id/invitations', {
      params: { id: own.id },
      body: { email_address: 'member@acme.test', role: 'org:member' },
    });
    const manager = browser();
    const managerSignIn = (
      await manager('POST /v1/client/sign_ins', { body: { identifier: 'manager@acme.test', password: PASSWORD, strategy: 'password' } })
    ).client;
    await manager('GET /v1/me/organization_invitations');
    await manager('POST /v1/me/organization_invitations/:id/accept', { params: { id: fapiInvitation.id }, body: {} });
    const managerUserId: string = managerSignIn.sessions[0].user.id;
    await fapi('PATCH /v1/organizations/:id/memberships/:userId', {
      params: { id: own.id, userId: managerUserId },
      body: { role: 'org:admin' },
    });
    await fapi('DELETE /v1/organizations/:id/memberships/:userId', { params: { id: own.id, userId: managerUserId } });
    await manager('POST /v1/client/sessions/:id/end', { params: { id: managerSignIn.last_active_session_id }, body: {} });
    await fapi('DELETE /v1/organizations/:id', { params: { id: own.id } });

    // The user profile: names, an email address added, verified, made primary; the old one removed; the password; devices; the account deleted
    await bapi('POST /v1/users', {
      body: { email_address: ['profile@contract.test'], password: 'contract-password', first_name: 'Pat', last_name: 'Profile' },
    });
    const profile = browser();
    const signInAsProfile = { body: { identifier: 'profile@contract.test', password: 'contract-password', strategy: 'password' } };
    const profileUser = (await profile('POST /v1/client/sign_ins', signInAsProfile)).client.sessions[0].user;
    const otherDevice = (await browser()('POST /v1/client/sign_ins', signInAsProfile)).client.last_active_session_id;
    await profile('PATCH /v1/me', { body: { first_name: 'Patricia' } });
    const added = (await profile('POST /v1/me/email_addresses', { body: { email_address: 'pat.new@contract.test' } })).response;
    await profile('POST /v1/me/email_addresses/:id/prepare_verification', { params: { id: added.id }, body: { strategy: 'email_code' } });
    await profile('POST /v1/me/email_addresses/:id/attempt_verification', { params: { id: added.id }, body: { code: VERIFICATION_CODE } });
    await profile('PATCH /v1/me', { body: { primary_email_address_id: added.id } });
    await profile('DELETE /v1/me/email_addresses/:id', { params: { id: profileUser.primary_email_address_id } });
    await profile('POST /v1/me/change_password', {
      body: { current_password: 'contract-password', new_password: 'new-contract-password', sign_out_of_other_sessions: 'false' },
    });
    await profile('GET /v1/me/sessions/active');
    await profile('POST /v1/me/sessions/:id/revoke', { params: { id: otherDevice }, body: {} });
    await profile('DELETE /v1/me');

    // Sessions, as the Backend API sees them; then the endings
    await bapi('GET /v1/sessions', { query: { user_id: admin.id } });
    await bapi('GET /v1/sessions/:id', { params: { id: sessionId } });
    const other = browser();
    const otherSession = (
      await other('POST /v1/client/sign_ins', { body: { identifier: 'outsider@globex.test', password: PASSWORD, strategy: 'password' } })
    ).client.last_active_session_id;
    await bapi('POST /v1/sessions/:id/revoke', { params: { id: otherSession }, body: {} });
    await fapi('POST /v1/client/sessions/:id/remove', { params: { id: sessionId }, body: {} });

    await bapi('DELETE /v1/organizations/:id/memberships/:userId', { params: { id: acme.id, userId } });
    await bapi('DELETE /v1/organizations/:id', { params: { id: organization.id } });
    await bapi('DELETE /v1/users/:id', { params: { id: userId } });

    await server.flushWebhooks();
    for (const delivery of deliveries) record.webhook(JSON.parse(delivery) as WebhookDelivery);
    await driveDevelopmentInstance(record);
    await driveProviders(record);
    await driveSessionTasks(record);
    await driveApiKeys(record);
  } finally {
    await server.close();
    await new Promise((resolve) => receiver.close(resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What only a development instance (`pk_test_` keys) answers: the dev browser clerk-js asks for first. */
async function driveDevelopmentInstance(record: Recorder): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-contract-dev-'));
  const server = await startLocalClerk({
    dataDir,
    keys: await ensureLocalKeys(dataDir, { instanceType: 'development' }),
    appUrl: APP_ORIGIN,
    ...CONFIGURED,
  });
  try {
    const response = await fetch(`${server.fapiUrl}/v1/dev_browser`, { method: 'POST', headers: { origin: APP_ORIGIN } });
    record.answer({ api: 'fapi', route: 'POST /v1/dev_browser', status: response.status, body: await response.json() });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const TOTP_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

/**
 * Social sign-in, enterprise SSO and a second factor, on an instance that enables them: the
 * attempts' provider states, the local provider pages and their callbacks, linked accounts.
 */
async function driveProviders(record: Recorder): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-contract-providers-'));
  const keys = await ensureLocalKeys(dataDir);
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: APP_ORIGIN,
    seed: {
      ...CONFIGURED.seed,
      users: [...CONFIGURED.seed.users, { email: 'mfa@acme.test', password: PASSWORD, totpSecret: TOTP_SECRET, backupCodes: ['bk-1'] }],
    },
    instance: {
      ...CONFIGURED.instance,
      socialProviders: ['google'],
      enterpriseConnections: [{ domain: 'enterprise.test', name: 'Enterprise IdP', organizationSlug: 'globex' }],
      providerAccounts: [
        { provider: 'google', email: 'member@acme.test', firstName: 'Mia', lastName: 'Member' },
        { provider: 'google', email: 'nina@gmail.test', firstName: 'Nina', lastName: 'New' },
        { provider: 'google', email: 'cory@gmail.test', firstName: 'Cory', lastName: 'Connect' },
      ],
    },
  });
  const jar = new Map<string, string>();
  /** A browser at the Frontend API's own host: `route` names the answer, `url` is what is called. */
  async function call(route: string, url: string, form?: Record<string, string>) {
    const target = new URL(url, server.fapiUrl);
    if (!target.searchParams.has('__clerk_api_version')) target.searchParams.set('__clerk_api_version', '2026-05-12');
    const response = await fetch(target, {
      method: route.split(' ')[0],
      headers: { origin: APP_ORIGIN, cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ') },
      body: form ? new URLSearchParams(form) : undefined,
      redirect: 'manual',
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), decodeURIComponent(pair!.slice(index + 1)));
    }
    const text = await response.text();
    const body: unknown = !text ? undefined : response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    record.answer({ api: 'fapi', route, status: response.status, body });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as for `bapi`
    return body as any;
  }
  /** The provider page's form, posted as a person would (the form listing `email`, if given). */
  async function submitProviderPage(pageRoute: string, callbackRoute: string, url: string, email?: string) {
    const html: string = await call(pageRoute, url);
    const form = html
      .split('<form')
      .slice(1)
      .find((part) => !email || part.includes(`value="${email}"`))!;
    const action = /action="([^"]+)"/.exec(form)![1]!;
    const state = /name="state" value="([^"]+)"/.exec(form)![1]!;
    await call(callbackRoute, action, email ? { state, email } : { state });
  }
  const start = { redirect_url: `${APP_ORIGIN}/sign-in/sso-callback`, action_complete_redirect_url: `${APP_ORIGIN}/dashboard` };
  try {
    await call('GET /v1/local_images/:file', '/v1/local_images/google.svg');

    // Social sign-in of a known user (linked), then of a new one (transferred to a sign-up)
    const known = (await call('POST /v1/client/sign_ins', '/v1/client/sign_ins', { strategy: 'oauth_google', ...start })).response;
    await submitProviderPage(
      'GET /v1/local_oauth/:provider',
      'POST /v1/local_oauth/:provider/callback',
      known.first_factor_verification.external_verification_redirect_url,
      'member@acme.test',
    );
    await call('GET /v1/me', '/v1/me');
    await call('DELETE /v1/client/sessions', '/v1/client/sessions?_method=DELETE', {});
    const newcomer = (await call('POST /v1/client/sign_ins', '/v1/client/sign_ins', { strategy: 'oauth_google', ...start })).response;
    await submitProviderPage(
      'GET /v1/local_oauth/:provider',
      'POST /v1/local_oauth/:provider/callback',
      newcomer.first_factor_verification.external_verification_redirect_url,
      'nina@gmail.test',
    );
    await call('GET /v1/client/sign_ins/:id', `/v1/client/sign_ins/${newcomer.id}`);
    await call('POST /v1/client/sign_ups', '/v1/client/sign_ups', { transfer: 'true' });
    await call('DELETE /v1/client/sessions', '/v1/client/sessions?_method=DELETE', {});

    // A social sign-up of an account a user already has: transferable to a sign-in
    const signUp = (await call('POST /v1/client/sign_ups', '/v1/client/sign_ups', { strategy: 'oauth_google', ...start })).response;
    await submitProviderPage(
      'GET /v1/local_oauth/:provider',
      'POST /v1/local_oauth/:provider/callback',
      signUp.verifications.external_account.external_verification_redirect_url,
      'nina@gmail.test',
    );
    await call('GET /v1/client/sign_ups/:id', `/v1/client/sign_ups/${signUp.id}`);
    await call('POST /v1/client/sign_ins', '/v1/client/sign_ins', { transfer: 'true' });
    await call('DELETE /v1/client/sessions', '/v1/client/sessions?_method=DELETE', {});

    // Enterprise SSO by the email's domain
    const sso = (await call('POST /v1/client/sign_ins', '/v1/client/sign_ins', { identifier: 'jo.doe@enterprise.test' })).response;
    const prepared = (
      await call('POST /v1/client/sign_ins/:id/prepare_first_factor', `/v1/client/sign_ins/${sso.id}/prepare_first_factor`, {
        strategy: 'enterprise_sso',
        ...start,
      })
    ).response;
    await submitProviderPage(
      'GET /v1/local_sso/:domain',
      'POST /v1/local_sso/:domain/callback',
      prepared.first_factor_verification.external_verification_redirect_url,
    );
    await call('GET /v1/client/sign_ins/:id', `/v1/client/sign_ins/${sso.id}`);
    const ssoUser = (await call('POST /v1/client/sign_ups', '/v1/client/sign_ups', { transfer: 'true' })).response.created_user_id;
    await call('GET /v1/me', '/v1/me');
    await call('GET /v1/me/enterprise_connections', '/v1/me/enterprise_connections?with_organization_account_linking=true');
    const backendUser = await fetch(`${server.bapiUrl}/v1/users/${ssoUser}`, { headers: { authorization: `Bearer ${keys.secretKey}` } });
    record.answer({ api: 'bapi', route: 'GET /v1/users/:id', status: backendUser.status, body: await backendUser.json() });
    await call('DELETE /v1/client/sessions', '/v1/client/sessions?_method=DELETE', {});

    // A second factor: an authenticator app's code, then a backup code
    for (const [strategy, code] of [
      ['totp', totpCode(TOTP_SECRET)],
      ['backup_code', 'bk-1'],
    ] as const) {
      const mfa = (
        await call('POST /v1/client/sign_ins', '/v1/client/sign_ins', {
          identifier: 'mfa@acme.test',
          password: PASSWORD,
          strategy: 'password',
        })
      ).response;
      await call('POST /v1/client/sign_ins/:id/attempt_second_factor', `/v1/client/sign_ins/${mfa.id}/attempt_second_factor`, {
        strategy,
        code,
      });
      await call('GET /v1/me', '/v1/me');
      await call('DELETE /v1/client/sessions', '/v1/client/sessions?_method=DELETE', {});
    }

    // The user profile: add an authenticator app and backup codes, reverify with both factors, remove the app
    const profile = (
      await call('POST /v1/client/sign_ins', '/v1/client/sign_ins', {
        identifier: 'admin@acme.test',
        password: PASSWORD,
        strategy: 'password',
      })
    ).client;
    const sessionId: string = profile.last_active_session_id;
    const { secret } = (await call('POST /v1/me/totp', '/v1/me/totp', {})).response;
    await call('POST /v1/me/totp/attempt_verification', '/v1/me/totp/attempt_verification', { code: totpCode(secret) });
    const { codes } = (await call('POST /v1/me/backup_codes', '/v1/me/backup_codes/', {})).response;
    await call('POST /v1/client/sessions/:id/verify', `/v1/client/sessions/${sessionId}/verify`, { level: 'multi_factor' });
    await call('POST /v1/client/sessions/:id/verify/attempt_first_factor', `/v1/client/sessions/${sessionId}/verify/attempt_first_factor`, {
      strategy: 'password',
      password: PASSWORD,
    });
    await call(
      'POST /v1/client/sessions/:id/verify/attempt_second_factor',
      `/v1/client/sessions/${sessionId}/verify/attempt_second_factor`,
      { strategy: 'totp', code: totpCode(secret) },
    );
    await call('POST /v1/client/sessions/:id/verify', `/v1/client/sessions/${sessionId}/verify`, { level: 'second_factor' });
    await call(
      'POST /v1/client/sessions/:id/verify/attempt_second_factor',
      `/v1/client/sessions/${sessionId}/verify/attempt_second_factor`,
      { strategy: 'backup_code', code: codes[0] },
    );
    await call('DELETE /v1/me/totp', '/v1/me/totp?_method=DELETE', {});

    // ... and connect a Google account through the provider's page, then remove it
    const pending = (
      await call('POST /v1/me/external_accounts', '/v1/me/external_accounts', {
        strategy: 'oauth_google',
        redirect_url: `${APP_ORIGIN}/user-profile`,
      })
    ).response;
    await submitProviderPage(
      'GET /v1/local_oauth/:provider',
      'POST /v1/local_oauth/:provider/callback',
      pending.verification.external_verification_redirect_url,
      'cory@gmail.test',
    );
    await call('GET /v1/me', '/v1/me');
    await call('DELETE /v1/me/external_accounts/:id', `/v1/me/external_accounts/${pending.id}?_method=DELETE`, {});
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

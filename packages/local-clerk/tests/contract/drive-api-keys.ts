/**
 * API keys and impersonation, on an instance with user and organization API keys on: the
 * Backend API's `/api_keys` as `clerkClient.apiKeys` calls it, the Frontend API's `/api_keys`
 * as `<APIKeys />` calls it (JSON bodies, the session token as `Authorization: Bearer`), and
 * `/v1/actor_tokens` with the ticket sign-in that redeems one.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalKeys } from '../../src/keys';
import { startLocalClerk } from '../../src/server';
import { CONFIGURED, PASSWORD } from '../fixtures';
import type { Recorder } from './drive';
import { recordingBackendApi } from './recording-bapi';

const APP_ORIGIN = 'http://localhost:3000';

export async function driveApiKeys(record: Recorder): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-contract-api-keys-'));
  const keys = await ensureLocalKeys(dataDir);
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: APP_ORIGIN,
    ...CONFIGURED,
    instance: { ...CONFIGURED.instance, apiKeys: { user: true, organization: true } },
  });
  const bapi = recordingBackendApi(server.bapiUrl, keys.secretKey, record);
  const jar = new Map<string, string>();
  let sessionToken = '';
  /** Forms for sign-in (as clerk-js sends them); JSON with the session token for `/api_keys` (as its API keys module does). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as for `bapi`
  async function fapi(route: string, pathname: string, body?: Record<string, unknown>, json = false): Promise<any> {
    const url = new URL(pathname, server.fapiUrl);
    url.searchParams.set('__clerk_api_version', '2026-05-12');
    const headers: Record<string, string> = {
      origin: APP_ORIGIN,
      cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; '),
      ...(json && { authorization: `Bearer ${sessionToken}`, 'content-type': 'application/json' }),
    };
    const response = await fetch(url, {
      method: route.split(' ')[0] === 'GET' ? 'GET' : 'POST',
      headers,
      body: body === undefined ? undefined : json ? JSON.stringify(body) : new URLSearchParams(body as Record<string, string>),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), decodeURIComponent(pair!.slice(index + 1)));
    }
    const answer: unknown = await response.json();
    record.answer({ api: 'fapi', route, status: response.status, body: answer });
    return answer;
  }
  try {
    const [admin] = await bapi('GET /v1/users', '/v1/users?email_address=admin%40acme.test');
    const [member] = await bapi('GET /v1/users', '/v1/users?email_address=member%40acme.test');
    const acme = (await bapi('GET /v1/organizations', '/v1/organizations?query=acme')).data[0];

    // Backend API: an organization's key with scopes, read, its secret, verified, revoked, listed with the invalid ones
    const key = await bapi('POST /api_keys', '/api_keys', {
      name: 'Contract key',
      subject: acme.id,
      scopes: ['projects:read'],
      created_by: admin.id,
      seconds_until_expiration: 3600,
    });
    await bapi('GET /api_keys/:id', `/api_keys/${key.id}`);
    await bapi('GET /api_keys/:id/secret', `/api_keys/${key.id}/secret`);
    await bapi('POST /api_keys/verify', '/api_keys/verify', { secret: key.secret });
    await bapi('GET /api_keys', `/api_keys?subject=${acme.id}`);
    await bapi('POST /api_keys/:id/revoke', `/api_keys/${key.id}/revoke`, { revocation_reason: 'Contract' });
    await bapi('GET /api_keys', `/api_keys?subject=${acme.id}&include_invalid=true`);

    // Frontend API: the admin in <APIKeys />, for the organization and for themselves
    await fapi('GET /v1/environment', '/v1/environment');
    const { client } = await fapi('POST /v1/client/sign_ins', '/v1/client/sign_ins', {
      identifier: 'admin@acme.test',
      password: PASSWORD,
      strategy: 'password',
    });
    const sessionId: string = client.last_active_session_id;
    const touched = await fapi('POST /v1/client/sessions/:id/touch', `/v1/client/sessions/${sessionId}/touch`, {
      active_organization_id: acme.id,
    });
    sessionToken = touched.response.last_active_token.jwt;
    for (const subject of [acme.id, admin.id]) {
      const created = await fapi('POST /api_keys', '/api_keys', { type: 'api_key', name: `Key of ${subject}`, subject }, true);
      await fapi('GET /api_keys', `/api_keys?subject=${subject}&query=&offset=0&limit=10`, undefined, true);
      await fapi('POST /api_keys/:id/revoke', `/api_keys/${created.id}/revoke`, { revocation_reason: null }, true);
    }

    // Impersonation: an actor token, revoked; another, redeemed by a ticket sign-in
    const revoked = await bapi('POST /v1/actor_tokens', '/v1/actor_tokens', { user_id: member.id, actor: { sub: admin.id } });
    await bapi('POST /v1/actor_tokens/:id/revoke', `/v1/actor_tokens/${revoked.id}/revoke`);
    const actorToken = await bapi('POST /v1/actor_tokens', '/v1/actor_tokens', {
      user_id: member.id,
      actor: { sub: admin.id },
      expires_in_seconds: 600,
    });
    await fapi('POST /v1/client/sign_ins', '/v1/client/sign_ins', { strategy: 'ticket', ticket: actorToken.token });
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Session tasks, on an instance with Clerk's stricter settings (organization membership and
 * multi-factor authentication required): a user whose password the Backend API marked
 * compromised signs in with it and gets a pending session with all three tasks, then resolves
 * them one by one (new password, authenticator app, an organization), as Clerk's task
 * components do. The answers on the way are the pending shapes the contract checks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalKeys } from '../../src/keys';
import { startLocalClerk } from '../../src/server';
import { totpCode } from '../../src/totp';
import { CONFIGURED, PASSWORD } from '../fixtures';
import type { Recorder } from './drive';
import { recordingBackendApi } from './recording-bapi';

const APP_ORIGIN = 'http://localhost:3000';

export async function driveSessionTasks(record: Recorder): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-contract-tasks-'));
  const keys = await ensureLocalKeys(dataDir);
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: APP_ORIGIN,
    ...CONFIGURED,
    instance: { ...CONFIGURED.instance, organizationMembership: 'required', mfa: 'required', sessionTokenLifetimeSeconds: 60 },
  });
  const bapi = recordingBackendApi(server.bapiUrl, keys.secretKey, record);
  const jar = new Map<string, string>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as for `bapi`
  async function fapi(route: string, pathname: string, form?: Record<string, string>): Promise<any> {
    const url = new URL(pathname, server.fapiUrl);
    url.searchParams.set('__clerk_api_version', '2026-05-12');
    const response = await fetch(url, {
      method: route.split(' ')[0] === 'GET' ? 'GET' : 'POST',
      headers: { origin: APP_ORIGIN, cookie: [...jar].map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('; ') },
      body: form ? new URLSearchParams(form) : undefined,
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(';');
      const index = pair!.indexOf('=');
      jar.set(pair!.slice(0, index), decodeURIComponent(pair!.slice(index + 1)));
    }
    const json: unknown = await response.json();
    record.answer({ api: 'fapi', route, status: response.status, body: json });
    return json;
  }
  try {
    const [member] = await bapi('GET /v1/users', '/v1/users?email_address=member%40acme.test');
    const acme = (await bapi('GET /v1/organizations', '/v1/organizations?query=acme')).data[0];
    await bapi('POST /v1/users/:id/password/set_compromised', `/v1/users/${member.id}/password/set_compromised`, {
      revoke_all_sessions: false,
    });

    await fapi('GET /v1/environment', '/v1/environment');
    const { client } = await fapi('POST /v1/client/sign_ins', '/v1/client/sign_ins', {
      identifier: 'member@acme.test',
      password: PASSWORD,
      strategy: 'password',
    });
    const sessionId: string = client.last_active_session_id;
    await fapi('GET /v1/client', '/v1/client');
    await fapi('POST /v1/client/sessions/:id/tokens', `/v1/client/sessions/${sessionId}/tokens`, {});
    await bapi('GET /v1/sessions/:id', `/v1/sessions/${sessionId}`);
    await bapi('GET /v1/sessions', `/v1/sessions?user_id=${member.id}&status=pending`);

    // TaskResetPassword: `user.updatePassword({ newPassword, signOutOfOtherSessions })`, then `setActive` (a touch).
    await fapi('POST /v1/me/change_password', '/v1/me/change_password', {
      new_password: 'a-new-password',
      sign_out_of_other_sessions: 'true',
    });
    await fapi('POST /v1/client/sessions/:id/touch', `/v1/client/sessions/${sessionId}/touch`, { intent: 'select_session' });
    // TaskSetupMFA: an authenticator app.
    const { secret } = (await fapi('POST /v1/me/totp', '/v1/me/totp', {})).response;
    await fapi('POST /v1/me/totp/attempt_verification', '/v1/me/totp/attempt_verification', { code: totpCode(secret) });
    // TaskChooseOrganization: `setActive({ organization })`.
    await fapi('POST /v1/client/sessions/:id/touch', `/v1/client/sessions/${sessionId}/touch`, {
      active_organization_id: acme.id,
      intent: 'select_org',
    });
    await bapi('GET /v1/sessions/:id', `/v1/sessions/${sessionId}`);

    await bapi('POST /v1/users/:id/password/set_compromised', `/v1/users/${member.id}/password/set_compromised`, {
      revoke_all_sessions: true,
    });
    await bapi('POST /v1/users/:id/password/unset_compromised', `/v1/users/${member.id}/password/unset_compromised`);
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

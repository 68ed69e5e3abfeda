import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, verifyToken, type ClerkClient } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureLocalKeys, type LocalClerkKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { CONFIGURED } from './fixtures';

let server: LocalClerkServer;
let clerk: ClerkClient;
let keys: LocalClerkKeys;

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-api-keys-'));
  keys = await ensureLocalKeys(dataDir);
  server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: 'http://127.0.0.1:9',
    ...CONFIGURED,
    instance: { ...CONFIGURED.instance, apiKeys: { user: true, organization: true } },
  });
  clerk = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
});

afterAll(() => server?.close());

const userId = async (email: string) => (await clerk.users.getUserList({ emailAddress: [email] })).data[0]!.id;
const orgId = async (slug: string) => (await clerk.organizations.getOrganization({ slug })).id;
const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: { status?: number }) => error.status,
  );

describe('API keys through the real clerkClient', () => {
  it('creates, verifies, lists and revokes an organization key; a revoked, expired or unknown secret verifies as 404', async () => {
    const [acme, admin] = [await orgId('acme'), await userId('admin@acme.test')];
    const key = await clerk.apiKeys.create({ name: 'CI deploys', subject: acme, scopes: ['projects:read'], createdBy: admin });
    expect(key.secret).toMatch(/^ak_/);
    expect(key).toMatchObject({ subject: acme, scopes: ['projects:read'], createdBy: admin, revoked: false });

    const verified = await clerk.apiKeys.verify(key.secret!);
    expect(verified.id).toBe(key.id);
    expect(verified.lastUsedAt).toBeGreaterThan(0);
    expect((await clerk.apiKeys.getSecret(key.id)).secret).toBe(key.secret);
    expect((await clerk.apiKeys.list({ subject: acme })).data.map((k) => k.id)).toContain(key.id);
    expect(await statusOf(clerk.apiKeys.create({ name: 'CI deploys', subject: acme }))).toBe(409);

    await clerk.apiKeys.revoke({ apiKeyId: key.id, revocationReason: 'rotated' });
    expect(await statusOf(clerk.apiKeys.verify(key.secret!))).toBe(404);
    expect((await clerk.apiKeys.list({ subject: acme })).data.map((k) => k.id)).not.toContain(key.id);
    expect((await clerk.apiKeys.get(key.id)).revocationReason).toBe('rotated');

    const expiring = await clerk.apiKeys.create({ name: 'Short', subject: acme, secondsUntilExpiration: 0.001 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await statusOf(clerk.apiKeys.verify(expiring.secret!))).toBe(404);
    expect(await statusOf(clerk.apiKeys.verify('ak_unknown'))).toBe(404);
  });

  it('refuses a subject that does not exist', async () => {
    expect(await statusOf(clerk.apiKeys.create({ name: 'Nobody', subject: `org_${'x'.repeat(27)}` }))).toBe(422);
  });
});

describe('actor tokens', () => {
  it('sign the actor in as the user with a ticket: the session and its token carry `act`; the ticket is single-use', async () => {
    const [admin, member] = [await userId('admin@acme.test'), await userId('member@acme.test')];
    const token = await clerk.actorTokens.create({ userId: member, actor: { sub: admin } });
    expect(token).toMatchObject({ status: 'pending', userId: member, actor: { sub: admin } });

    const signIn = (ticket: string) =>
      fetch(`${server.fapiUrl}/v1/client/sign_ins`, {
        method: 'POST',
        headers: { origin: 'http://127.0.0.1:9', 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ strategy: 'ticket', ticket }),
      });
    const response = await signIn(token.token!);
    expect(response.status).toBe(200);
    const { client } = (await response.json()) as {
      client: { sessions: Array<{ actor: unknown; user: { id: string }; last_active_token: { jwt: string } }> };
    };
    const session = client.sessions[0]!;
    expect(session.actor).toEqual({ sub: admin });
    expect(session.user.id).toBe(member);
    const claims = await verifyToken(session.last_active_token.jwt, { jwtKey: keys.jwtPublicKey });
    expect(claims.sub).toBe(member);
    expect(claims.act).toEqual({ sub: admin });

    expect((await signIn(token.token!)).status).toBe(422);
    const revoked = await clerk.actorTokens.create({ userId: member, actor: { sub: admin } });
    await clerk.actorTokens.revoke(revoked.id);
    expect((await signIn(revoked.token!)).status).toBe(422);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, verifyToken } from '@clerk/backend';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_FRONTEND_API_HOST, ensureLocalKeys, type LocalClerkKeys } from '../src/keys';
import { encodeOrgPermissions, mintHandshakeToken, mintSessionToken, type SessionTokenInput } from '../src/tokens';

const origin = 'http://localhost:3000';
let keys: LocalClerkKeys;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-keys-'));
  keys = await ensureLocalKeys(dataDir);
});

const input = (overrides: Partial<SessionTokenInput> = {}): SessionTokenInput => ({
  userId: 'user_ada',
  sessionId: 'sess_ada',
  origin,
  publicMetadata: { role: 'admin' },
  organization: { id: 'org_acme', slug: 'acme', role: 'org:admin', permissions: ['org:projects:read', 'org:projects:delete'] },
  firstFactorVerifiedAt: Date.now() - 5 * 60_000,
  ...overrides,
});

/** What the middleware does with a browser's cookies: the real SDK, networkless thanks to jwtKey. */
async function authenticate(token: string) {
  const iat = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).iat as number;
  const clerk = createClerkClient({ secretKey: keys.secretKey, publishableKey: keys.publishableKey });
  const request = new Request(`${origin}/dashboard`, {
    headers: { cookie: `__session=${token}; __client_uat=${iat}`, accept: 'text/html', 'sec-fetch-dest': 'document' },
  });
  return clerk.authenticateRequest(request, { jwtKey: keys.jwtPublicKey, publishableKey: keys.publishableKey, secretKey: keys.secretKey });
}

describe('local mode keys', () => {
  it('creates a production-style key naming an unresolvable host, and reuses the keys', async () => {
    const decoded = Buffer.from(keys.publishableKey.slice('pk_live_'.length), 'base64').toString();
    expect(decoded).toBe(`${DEFAULT_FRONTEND_API_HOST}$`);
    expect(keys.secretKey).toMatch(/^sk_live_\w+$/);
    expect(keys.jwtPublicKey).toContain('BEGIN PUBLIC KEY');
    expect(keys.webhookSecret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);

    const file = path.join(dataDir, 'local-clerk', 'keys.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(await ensureLocalKeys(dataDir)).toEqual(keys);
  });
});

describe('session tokens', () => {
  it('verify with @clerk/backend and carry v2 organization claims and the metadata claim', async () => {
    const claims = await verifyToken(mintSessionToken(keys, input()), { jwtKey: keys.jwtPublicKey, authorizedParties: [origin] });
    expect(claims).toMatchObject({
      sub: 'user_ada',
      sid: 'sess_ada',
      azp: origin,
      v: 2,
      metadata: { role: 'admin' },
      fva: [5, -1],
      o: { id: 'org_acme', slg: 'acme', rol: 'admin' },
    });
    expect(claims.iss).toBeUndefined();
    expect(claims.exp - claims.iat).toBeGreaterThanOrEqual(3600);
  });

  it('a factor verified during the request (after its `now`) is 0 minutes old, never -1 ("no second factor")', async () => {
    const now = Date.now();
    const token = mintSessionToken(keys, input({ now, firstFactorVerifiedAt: now + 5, secondFactorVerifiedAt: now + 5 }));
    expect((await verifyToken(token, { jwtKey: keys.jwtPublicKey, authorizedParties: [origin] })).fva).toEqual([0, 0]);
  });

  it('authenticate a request with the real SDK: user, organization, role and permissions', async () => {
    const state = await authenticate(mintSessionToken(keys, input()));
    expect(state.status).toBe('signed-in');
    const auth = state.toAuth();
    expect(auth).toMatchObject({ userId: 'user_ada', sessionId: 'sess_ada', orgId: 'org_acme', orgSlug: 'acme', orgRole: 'org:admin' });
    expect((auth?.sessionClaims?.metadata as { role?: string }).role).toBe('admin');
    expect(auth?.has({ role: 'org:admin' })).toBe(true);
    expect(auth?.has({ permission: 'org:projects:delete' })).toBe(true);
  });

  it('give a member the member role and read-only permissions', async () => {
    const token = mintSessionToken(
      keys,
      input({
        publicMetadata: { role: 'member' },
        organization: { id: 'org_acme', slug: 'acme', role: 'org:member', permissions: ['org:projects:read'] },
      }),
    );
    const auth = (await authenticate(token)).toAuth();
    expect(auth?.orgRole).toBe('org:member');
    expect(auth?.has({ role: 'org:admin' })).toBe(false);
    expect(auth?.has({ permission: 'org:projects:read' })).toBe(true);
    expect(auth?.has({ permission: 'org:projects:delete' })).toBe(false);
  });

  it('carry no organization for the personal account', async () => {
    const auth = (await authenticate(mintSessionToken(keys, input({ organization: null })))).toAuth();
    expect(auth?.userId).toBe('user_ada');
    expect(auth?.orgId).toBeUndefined();
  });

  it('are refused when signed with another key', async () => {
    const otherDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-other-'));
    const other = await ensureLocalKeys(otherDir);
    await expect(verifyToken(mintSessionToken(other, input()), { jwtKey: keys.jwtPublicKey })).rejects.toThrow();
  });
});

describe('handshake tokens', () => {
  it('are resolved by the SDK into the cookies they list', async () => {
    const session = mintSessionToken(keys, input());
    const iat = Math.floor(Date.now() / 1000);
    const handshake = mintHandshakeToken(keys, [`__session=${session}; Path=/; SameSite=Lax`, `__client_uat=${iat}; Path=/; SameSite=Lax`]);
    const clerk = createClerkClient({ secretKey: keys.secretKey, publishableKey: keys.publishableKey });
    const state = await clerk.authenticateRequest(
      new Request(`${origin}/dashboard?__clerk_handshake=${handshake}`, { headers: { accept: 'text/html' } }),
      {
        jwtKey: keys.jwtPublicKey,
      },
    );
    expect(state.status).toBe('signed-in');
    expect(state.toAuth()?.userId).toBe('user_ada');
    expect(state.headers.getSetCookie().some((cookie) => cookie.startsWith('__session='))).toBe(true);
  });
});

describe('encodeOrgPermissions', () => {
  it('encodes one bitmask over the permission names per feature', () => {
    expect(encodeOrgPermissions(['org:projects:read', 'org:projects:manage', 'org:billing:read'])).toEqual({
      per: 'read,manage',
      fea: 'o:projects,o:billing',
      fpm: '3,1',
    });
  });
});

describe('Clerk Billing claims', () => {
  const plans = {
    user: { slug: 'free_user', features: [] },
    org: { slug: 'pro', features: ['projects', 'unlimited_projects'] },
  };

  it("names both payers' plans in `pla` and appends plan features to `fea` after the permission features", async () => {
    const token = mintSessionToken(keys, input({ plans }));
    const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
    expect(claims.pla).toBe('u:free_user,o:pro');
    expect(claims.fea).toBe('o:projects,o:unlimited_projects');
    const state = await authenticate(token);
    const auth = state.toAuth()!;
    expect(auth.has({ plan: 'pro' })).toBe(true);
    expect(auth.has({ plan: 'o:pro' })).toBe(true);
    expect(auth.has({ feature: 'unlimited_projects' })).toBe(true);
    // The role's permissions still decode (fpm counts the leading, permission-bearing features).
    expect(auth.has({ permission: 'org:projects:delete' })).toBe(true);
  });

  it("drops a role's permissions whose feature the organization's plan lacks, as Clerk does", async () => {
    const token = mintSessionToken(keys, input({ plans: { org: { slug: 'basic', features: [] } } }));
    const auth = (await authenticate(token)).toAuth()!;
    expect(auth.has({ permission: 'org:projects:read' })).toBe(false);
    expect(auth.has({ plan: 'basic' })).toBe(true);
  });

  it('has no organization plan without an active organization, and no billing claims without plans', () => {
    const noOrg = JSON.parse(
      Buffer.from(mintSessionToken(keys, input({ organization: null, plans })).split('.')[1]!, 'base64url').toString(),
    );
    expect(noOrg.pla).toBe('u:free_user');
    const off = JSON.parse(Buffer.from(mintSessionToken(keys, input()).split('.')[1]!, 'base64url').toString());
    expect(off.pla).toBeUndefined();
    expect(off.fea).toBe('o:projects');
  });
});

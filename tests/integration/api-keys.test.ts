/**
 * API keys through the one route wrapper, against the Clerk stand-in's Backend API (real
 * `clerkClient.apiKeys.verify`) and a real database: a key acts for its organization only, with
 * no more than its scopes and its creator's roles allow; revoked, unknown and malformed keys are
 * 401 with a named error; the audit log names the key; verifications are cached for a short TTL.
 * The `Authorization` header is fuzzed with no 5xx.
 */
import { randomBytes } from 'node:crypto';
import { backendApiRequests, signJwt } from '@saas-starter/local-clerk/testing';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { KEY_SCOPES, can, type Scope } from '@/lib/auth/permissions';
import { auditLog, projects, type Project } from '@/lib/db/schema';
import { startClerkApp, type ClerkApp } from '@/tests/support/clerk-app';
import { seedTwoTenants, type TwoTenants } from '@/tests/support/two-tenants';

vi.mock(import('@clerk/nextjs/server'), async (importOriginal) => ({ ...(await importOriginal()), auth: vi.fn() as never }));

let world: ClerkApp;
let database: ClerkApp['database'];
let clerk: ClerkApp['clerk'];
let backend: ClerkApp['backend'];
let keys: ClerkApp['keys'];
let tenants: TwoTenants;
let app: {
  collection: typeof import('@/app/api/projects/route');
  item: typeof import('@/app/api/projects/[id]/route');
  me: typeof import('@/app/api/me/route');
  org: typeof import('@/app/api/org/route');
  clearCache: typeof import('@/lib/api-keys/authenticate').clearApiKeyCache;
};

beforeAll(async () => {
  // Callers told apart by address (one proxy in front): each request below comes from its own, but where a test says otherwise.
  world = await startClerkApp('api-keys', { TRUSTED_PROXY_HOPS: '1' });
  ({ database, clerk, backend, keys } = world);
  tenants = await world.demoTenants();
  await seedTwoTenants(database.db, tenants, { adminA: 'admin', managerA: 'manager' });
  // No session on any request: only keys authenticate here.
  const { auth } = await import('@clerk/nextjs/server');
  vi.mocked(auth).mockResolvedValue({ userId: null, has: () => false } as never);
  app = {
    collection: await import('@/app/api/projects/route'),
    item: await import('@/app/api/projects/[id]/route'),
    me: await import('@/app/api/me/route'),
    org: await import('@/app/api/org/route'),
    clearCache: (await import('@/lib/api-keys/authenticate')).clearApiKeyCache,
  };
  vi.spyOn(console, 'error').mockImplementation(() => {});
});

afterAll(() => world?.close());

let projectOfA: Project;
let projectOfB: Project;
beforeEach(async () => {
  const { db } = database;
  const { A, B, people } = tenants;
  await db.delete(projects);
  await db.delete(auditLog);
  app.clearCache();
  [projectOfA] = (await db.insert(projects).values({ organizationId: A.orgId, name: 'Apollo', createdBy: people.adminA }).returning()) as [
    Project,
  ];
  [projectOfB] = (await db
    .insert(projects)
    .values({ organizationId: B.orgId, name: 'Borealis', createdBy: people.adminB })
    .returning()) as [Project];
});

let keyCount = 0;
/** A key as Clerk holds it: `<APIKeys />` sets no scopes; the Backend API may set them. */
async function createKey(subject: string, createdBy: string | null, scopes?: Scope[]) {
  const key = await backend.apiKeys.create({ name: `Key ${++keyCount}`, subject, createdBy: createdBy ?? undefined, scopes });
  return { id: key.id, name: key.name, secret: key.secret! };
}

const BASE = 'http://localhost/api/projects';
const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
let addresses = 0;
const request = (authorization: string | null, init: { method?: string; body?: unknown; url?: string; address?: string } = {}) =>
  new Request(init.url ?? BASE, {
    method: init.method ?? 'GET',
    headers: {
      'x-forwarded-for': init.address ?? `10.0.${Math.floor(++addresses / 250)}.${addresses % 250}`,
      ...(authorization !== null && { authorization }),
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const bearer = (secret: string) => `Bearer ${secret}`;

async function answer(response: Response) {
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

describe('an organization key', () => {
  it("lists its organization's projects only, and reads another organization's project as 404", async () => {
    const { A, people } = tenants;
    const key = await createKey(A.orgId, people.adminA);
    const list = await answer(await app.collection.GET(request(bearer(key.secret)), noParams));
    expect(list.status).toBe(200);
    expect(list.body.projects.map((project: Project) => project.id)).toEqual([projectOfA.id]);
    const other = await answer(await app.item.GET(request(bearer(key.secret)), withId(projectOfB.id)));
    expect(other).toMatchObject({ status: 404, body: { error: 'not_found' } });
  });

  it('made in <APIKeys /> (no scopes) is read-only: a create is 403 and writes nothing', async () => {
    const { A, people } = tenants;
    const key = await createKey(A.orgId, people.adminA);
    const created = await answer(
      await app.collection.POST(request(bearer(key.secret), { method: 'POST', body: { name: 'Nope' } }), noParams),
    );
    expect(created).toMatchObject({ status: 403, body: { error: 'forbidden', message: expect.stringMatching(/API key/) } });
    expect(await database.db.select().from(projects).where(eq(projects.organizationId, A.orgId))).toHaveLength(1);
  });

  it('with `projects:create` creates in its organization, and the audit log names the key as the actor', async () => {
    const { A, people } = tenants;
    const key = await createKey(A.orgId, people.adminA, ['projects:read', 'projects:create']);
    const created = await answer(
      await app.collection.POST(request(bearer(key.secret), { method: 'POST', body: { name: 'By key' } }), noParams),
    );
    expect(created).toMatchObject({
      status: 201,
      body: { project: { name: 'By key', organizationId: A.orgId, createdBy: people.adminA } },
    });
    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'project.created'));
    expect(row).toMatchObject({
      actorId: key.id,
      organizationId: A.orgId,
      metadata: { name: 'By key', actor: { type: 'api_key', id: key.id, name: key.name, createdBy: people.adminA } },
    });
  });

  it('never does more than its creator may: a member’s key with `projects:create` is refused', async () => {
    const { A, people } = tenants;
    const key = await createKey(A.orgId, people.memberA, ['projects:read', 'projects:create']);
    expect(
      await answer(await app.collection.POST(request(bearer(key.secret), { method: 'POST', body: { name: 'x' } }), noParams)),
    ).toMatchObject({
      status: 403,
    });
  });

  it('without a creator does nothing: 401 api_key_invalid', async () => {
    const key = await createKey(tenants.A.orgId, null, ['projects:read']);
    expect(await answer(await app.collection.GET(request(bearer(key.secret)), noParams))).toMatchObject({
      status: 401,
      body: { error: 'api_key_invalid' },
    });
  });
});

describe('a key Clerk knows before its webhook arrives', () => {
  it('whose organization the database does not hold yet is 409 not_synced, not a key error', async () => {
    const enterprise = await backend.organizations.getOrganization({ slug: 'enterprise-co' });
    const key = await createKey(enterprise.id, tenants.people.adminA);
    expect(await answer(await app.collection.GET(request(bearer(key.secret)), noParams))).toMatchObject({
      status: 409,
      body: { error: 'not_synced' },
    });
  });
});

describe('a user key', () => {
  it('is its user, with no organization: /api/me names the key, tenant routes ask for an organization', async () => {
    const { people } = tenants;
    const key = await createKey(people.memberA, people.memberA);
    expect(await answer(await app.me.GET(request(bearer(key.secret), { url: 'http://localhost/api/me' }), noParams))).toMatchObject({
      status: 200,
      body: { userId: people.memberA, orgId: null, actor: { type: 'api_key', id: key.id, name: key.name }, scopes: expect.any(Array) },
    });
    expect(await answer(await app.collection.GET(request(bearer(key.secret)), noParams))).toMatchObject({
      status: 403,
      body: { error: 'no_active_organization' },
    });
  });
});

describe('refused keys', () => {
  it('revoked, unknown and malformed keys are 401 with a named error; a key on a session-only route is 401 too', async () => {
    const { A, people } = tenants;
    const key = await createKey(A.orgId, people.adminA);
    await backend.apiKeys.revoke({ apiKeyId: key.id });
    const status = async (authorization: string, route = app.collection.GET) => answer(await route(request(authorization), noParams));
    expect(await status(bearer(key.secret))).toMatchObject({ status: 401, body: { error: 'api_key_invalid' } });
    expect(await status(bearer('ak_0000000000000000000000000000'))).toMatchObject({ status: 401, body: { error: 'api_key_invalid' } });
    expect(await status(bearer('ak_not-a-key!'))).toMatchObject({ status: 401, body: { error: 'api_key_malformed' } });
    const live = await createKey(A.orgId, people.adminA);
    expect(await status(bearer(live.secret), app.org.GET)).toMatchObject({ status: 401, body: { error: 'api_key_not_accepted' } });
  });
});

describe('verification cost', () => {
  it('verifies a key with Clerk once per TTL, so a revocation takes effect after at most the TTL', async () => {
    const { A, people } = tenants;
    const key = await createKey(A.orgId, people.adminA);
    const verifications = async () => (await backendApiRequests(clerk.fapiUrl)).byRoute['POST /api_keys/verify'] ?? 0;
    const before = await verifications();
    for (let i = 0; i < 5; i++) expect((await app.collection.GET(request(bearer(key.secret)), noParams)).status).toBe(200);
    expect((await verifications()) - before).toBe(1);

    await backend.apiKeys.revoke({ apiKeyId: key.id });
    // Within the TTL the cached verification still answers; once it expires (here: cleared), Clerk is asked again.
    expect((await app.collection.GET(request(bearer(key.secret)), noParams)).status).toBe(200);
    app.clearCache();
    expect((await app.collection.GET(request(bearer(key.secret)), noParams)).status).toBe(401);
  });
});

describe('made-up keys', () => {
  it('cost at most 10 verifications with Clerk per address and window, whatever their prefixes: then 429 without asking Clerk', async () => {
    const verifications = async () => (await backendApiRequests(clerk.fapiUrl)).byRoute['POST /api_keys/verify'] ?? 0;
    const before = await verifications();
    const statuses = [];
    for (let i = 0; i < 12; i++) {
      const fake = `ak_${randomBytes(16).toString('hex')}`;
      statuses.push((await app.collection.GET(request(bearer(fake), { address: '198.51.100.7' }), noParams)).status);
    }
    expect(statuses).toEqual([...Array<number>(10).fill(401), 429, 429]);
    expect((await verifications()) - before).toBe(10);
    // Another address is not affected.
    expect((await app.collection.GET(request(bearer(`ak_${randomBytes(16).toString('hex')}`)), noParams)).status).toBe(401);
  });
});

describe('property: a key never exceeds its scopes or its tenant', () => {
  const PROJECT_SCOPES = KEY_SCOPES.filter((scope) => scope.startsWith('projects:'));
  type Call = 'list' | 'get' | 'create' | 'update' | 'delete';
  const ACTION_OF: Record<Call, Scope> = {
    list: 'projects:read',
    get: 'projects:read',
    create: 'projects:create',
    update: 'projects:update',
    delete: 'projects:delete',
  };

  it('for any creator, scopes, call and target project', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<Array<'adminA' | 'managerA' | 'memberA' | 'adminB'>>('adminA', 'managerA', 'memberA', 'adminB'),
        fc.subarray(PROJECT_SCOPES),
        fc.constantFrom<Call[]>('list', 'get', 'create', 'update', 'delete'),
        fc.constantFrom<Array<'A' | 'B'>>('A', 'B'),
        async (creator, scopes, call, target) => {
          const { A, B, people } = tenants;
          const home = creator === 'adminB' ? B : A;
          const key = await createKey(home.orgId, people[creator], scopes.length ? scopes : ['projects:read']);
          const granted = scopes.length ? scopes : ['projects:read'];
          const project = target === 'A' ? projectOfA : projectOfB;
          const auth = bearer(key.secret);
          const before = await database.db.select().from(projects);
          const response =
            call === 'list'
              ? await app.collection.GET(request(auth), noParams)
              : call === 'get'
                ? await app.item.GET(request(auth), withId(project.id))
                : call === 'create'
                  ? await app.collection.POST(request(auth, { method: 'POST', body: { name: 'Prop' } }), noParams)
                  : call === 'update'
                    ? await app.item.PATCH(request(auth, { method: 'PATCH', body: { name: 'Prop' } }), withId(project.id))
                    : await app.item.DELETE(request(auth, { method: 'DELETE' }), withId(project.id));
          const { status, body } = await answer(response);
          const scope = ACTION_OF[call];
          const [, action] = scope.split(':') as ['projects', 'read' | 'create' | 'update' | 'delete'];
          const creatorRoles = {
            adminA: { role: 'admin', orgRole: 'org:admin' },
            managerA: { role: 'manager', orgRole: 'org:member' },
            memberA: { role: 'member', orgRole: 'org:member' },
            adminB: { role: 'member', orgRole: 'org:admin' },
          } as const;
          const allowed = granted.includes(scope) && can(creatorRoles[creator], 'projects', action);
          expect(status).toBeLessThan(500);
          if (!allowed) expect(status).toBe(403);
          if (status < 300) {
            expect(allowed).toBe(true);
            // The tenant: only the key's organization is ever read or written.
            if (call === 'list') expect(body.projects.every((p: Project) => p.organizationId === home.orgId)).toBe(true);
            if (call !== 'list' && call !== 'create') expect(project.organizationId).toBe(home.orgId);
            if (call === 'create') expect(body.project.organizationId).toBe(home.orgId);
          }
          if (allowed && call !== 'list' && call !== 'create' && project.organizationId !== home.orgId) expect(status).toBe(404);
          // Another organization's rows never change.
          const after = await database.db.select().from(projects);
          const other = (rows: typeof before) => rows.filter((row) => row.organizationId !== home.orgId);
          expect(other(after)).toEqual(other(before));
          // Undo writes so each run starts from the two projects.
          await database.db.delete(projects).where(eq(projects.name, 'Prop'));
          if (call === 'delete' && status === 204) {
            await database.db.insert(projects).values(project);
          }
        },
      ),
      { numRuns: 60, seed: 20261204 },
    );
  });
});

describe('the Authorization header, fuzzed', () => {
  it('never answers 5xx: wrong prefixes, huge values, a session token where a key is expected and the reverse', async () => {
    const { A, people } = tenants;
    const key = await createKey(A.orgId, people.adminA);
    const sessionToken = signJwt({ sub: people.adminA, sid: 'sess_x', exp: Math.floor(Date.now() / 1000) + 60, v: 2 }, keys);
    const fixed = [
      '',
      'Bearer',
      'Bearer ',
      'Basic YWRtaW46cGFzc3dvcmQ=',
      `Token ${key.secret}`,
      `bearer ${key.secret}`,
      `Bearer  ${key.secret}`,
      `Bearer ${key.secret} extra`,
      `Bearer ${key.secret.slice(0, -1)}`,
      `Bearer ${key.secret}${'x'.repeat(100_000)}`,
      `Bearer ak_${'a'.repeat(200_000)}`,
      'Bearer ak_',
      'Bearer ak_\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9',
      `Bearer ${sessionToken}`,
      `Bearer ${'e'.repeat(300_000)}`,
      'Bearer sk_test_notakey',
    ];
    const routes = [
      (auth: string) => app.collection.GET(request(auth), noParams),
      (auth: string) => app.collection.POST(request(auth, { method: 'POST', body: { name: 'Fuzz' } }), noParams),
      (auth: string) => app.item.GET(request(auth), withId(projectOfA.id)),
      (auth: string) => app.me.GET(request(auth, { url: 'http://localhost/api/me' }), noParams),
      (auth: string) => app.org.GET(request(auth, { url: 'http://localhost/api/org' }), noParams),
    ];
    const check = async (auth: string) => {
      for (const route of routes) {
        let response: Response;
        try {
          response = await route(auth);
        } catch {
          continue; // A header value fetch itself refuses (e.g. a line break) never reaches a route.
        }
        expect(response.status, auth.slice(0, 80)).toBeLessThan(500);
      }
    };
    for (const value of fixed) await check(value);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ maxLength: 300 }).map((rest) => `Bearer ak_${rest}`),
          fc.string({ maxLength: 300 }).map((rest) => `Bearer ${rest}`),
        ),
        check,
      ),
      { numRuns: 150, seed: 42 },
    );
    // A session token where a key is expected is read as a session (none here: 401 unauthenticated), a key where a session is expected is refused.
    expect(await answer(await app.collection.GET(request(`Bearer ${sessionToken}`), noParams))).toMatchObject({
      status: 401,
      body: { error: 'unauthenticated' },
    });
    expect(await answer(await app.org.GET(request(bearer(key.secret)), noParams))).toMatchObject({
      status: 401,
      body: { error: 'api_key_not_accepted' },
    });
  });
});

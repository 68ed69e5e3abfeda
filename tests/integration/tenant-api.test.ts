/**
 * The projects REST API and server actions end to end against a real database,
 * with Clerk's `auth()` replaced by a session the test chooses: the
 * organization comes from the session only, other organizations' ids are 404
 * and leave their rows unchanged, and the matrix decides who may do what.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, projects, type Project } from '@/lib/db/schema';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';
import { seedTwoTenants, twoTenants } from '@/tests/support/two-tenants';

vi.mock(import('@clerk/nextjs/server'), async (importOriginal) => ({ ...(await importOriginal()), auth: vi.fn() as never }));
const { auth } = await import('@clerk/nextjs/server');

type AppModules = {
  collection: typeof import('@/app/api/projects/route');
  item: typeof import('@/app/api/projects/[id]/route');
  actions: typeof import('@/lib/projects/actions');
};

let database: TestDatabase;
let app: AppModules;

const tenants = twoTenants();
const { A, B, people } = tenants;

interface As {
  userId: string;
  org?: { orgId: string; slug: string };
  orgRole?: 'org:admin' | 'org:member';
  role?: 'admin' | 'manager' | 'member';
  /** Clerk Billing's claims; none: the free plans. */
  billing?: { pla: string; fea: string };
}
/** The session `auth()` answers with for the next calls. */
function signInAs({ userId, org, orgRole, role = 'member', billing }: As) {
  vi.mocked(auth).mockResolvedValue({
    userId,
    orgId: org?.orgId,
    orgSlug: org?.slug,
    orgRole,
    sessionClaims: { metadata: { role }, ...billing },
    factorVerificationAge: [0, -1],
    // Verified just now: Clerk's reverification check passes.
    has: (params: { reverification?: unknown }) => params.reverification !== undefined,
  } as never);
}
const adminOfA: As = { userId: people.adminA, org: A, orgRole: 'org:admin' };
const managerOfA: As = { userId: people.managerA, org: A, orgRole: 'org:member', role: 'manager' };
const memberOfA: As = { userId: people.memberA, org: A, orgRole: 'org:member' };
const adminOfB: As = { userId: people.adminB, org: B, orgRole: 'org:admin' };

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await seedTwoTenants(db, tenants);
  // The app's modules read DATABASE_URL when first used; vitest gives this file its own module graph.
  process.env.DATABASE_URL = database.url;
  app = {
    collection: await import('@/app/api/projects/route'),
    item: await import('@/app/api/projects/[id]/route'),
    actions: await import('@/lib/projects/actions'),
  };
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(async () => {
  // Loaded after DATABASE_URL was set (lib/env parses it on first import).
  await (await import('@/lib/db')).closeDatabase();
  await database?.close();
});

let projectOfA: Project;
let projectOfB: Project;
beforeEach(async () => {
  const { db } = database;
  await db.delete(projects);
  await db.delete(auditLog);
  [projectOfA] = (await db.insert(projects).values({ organizationId: A.orgId, name: 'Apollo', createdBy: people.adminA }).returning()) as [
    Project,
  ];
  [projectOfB] = (await db
    .insert(projects)
    .values({ organizationId: B.orgId, name: 'Borealis', createdBy: people.adminB })
    .returning()) as [Project];
});

const BASE = 'http://localhost/api/projects';
const noParams = { params: Promise.resolve({}) };
const withId = (id: string) => ({ params: Promise.resolve({ id }) });
const json = (method: string, body: unknown) =>
  new Request(BASE, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const rowsOf = (orgId: string) => database.db.select().from(projects).where(eq(projects.organizationId, orgId)).orderBy(asc(projects.id));

async function answer(response: Response) {
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

describe('REST API: no session, no organization', () => {
  it('signed out: 401 unauthenticated', async () => {
    vi.mocked(auth).mockResolvedValue({ userId: null } as never);
    expect(await answer(await app.collection.GET(new Request(BASE), noParams))).toMatchObject({
      status: 401,
      body: { error: 'unauthenticated' },
    });
  });

  it('signed in without an active organization: 403 no_active_organization with a message that says what to do', async () => {
    signInAs({ userId: people.adminA, role: 'admin' });
    for (const response of [
      await app.collection.GET(new Request(BASE), noParams),
      await app.collection.POST(json('POST', { name: 'x' }), noParams),
      await app.item.DELETE(new Request(`${BASE}/${projectOfA.id}`, { method: 'DELETE' }), withId(projectOfA.id)),
    ]) {
      const { status, body } = await answer(response);
      expect(status).toBe(403);
      expect(body).toMatchObject({ error: 'no_active_organization', message: expect.stringMatching(/organization/i) });
    }
    expect(await rowsOf(A.orgId)).toHaveLength(1);
  });
});

describe('REST API: organization A addressing organization B', () => {
  beforeEach(() => signInAs(adminOfA));

  it('GET /api/projects lists A’s projects only', async () => {
    const { status, body } = await answer(await app.collection.GET(new Request(BASE), noParams));
    expect(status).toBe(200);
    expect(body.projects.map((project: Project) => project.id)).toEqual([projectOfA.id]);
  });

  it('GET, PATCH and DELETE /api/projects/[B’s id] are 404, and B’s row is unchanged', async () => {
    const before = await rowsOf(B.orgId);
    const id = projectOfB.id;
    expect(await answer(await app.item.GET(new Request(`${BASE}/${id}`), withId(id)))).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
    expect(await answer(await app.item.PATCH(json('PATCH', { name: 'Hijacked' }), withId(id)))).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
    expect(await answer(await app.item.DELETE(new Request(`${BASE}/${id}`, { method: 'DELETE' }), withId(id)))).toMatchObject({
      status: 404,
    });
    expect(await rowsOf(B.orgId)).toEqual(before);
  });

  it('an id that is not a uuid is 404, not 400 or 500', async () => {
    expect(await answer(await app.item.GET(new Request(`${BASE}/nope`), withId('nope')))).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
  });

  it('POST ignores an organization named in the body: the project lands in the session’s organization', async () => {
    const before = await rowsOf(B.orgId);
    const { status, body } = await answer(await app.collection.POST(json('POST', { name: 'Mine', organizationId: B.orgId }), noParams));
    expect(status).toBe(201);
    expect(body.project).toMatchObject({ name: 'Mine', organizationId: A.orgId, createdBy: people.adminA });
    expect(await rowsOf(B.orgId)).toEqual(before);
  });
});

describe('REST API: validation', () => {
  beforeEach(() => signInAs(adminOfA));

  for (const [label, input, field] of [
    ['an empty name', { name: '   ' }, 'name'],
    ['a name over 100 characters', { name: 'n'.repeat(101) }, 'name'],
    ['a description over 1000 characters', { name: 'ok', description: 'd'.repeat(1001) }, 'description'],
  ] as const) {
    it(`POST with ${label}: 400 naming the field, nothing created`, async () => {
      const { status, body } = await answer(await app.collection.POST(json('POST', input), noParams));
      expect(status).toBe(400);
      expect(body.issues[field]).toHaveLength(1);
      expect(await rowsOf(A.orgId)).toHaveLength(1);
    });
  }

  it('accepts the limits exactly', async () => {
    const { status } = await answer(
      await app.collection.POST(json('POST', { name: 'n'.repeat(100), description: 'd'.repeat(1000) }), noParams),
    );
    expect(status).toBe(201);
  });

  it('PATCH with nothing to change: 400', async () => {
    expect(await answer(await app.item.PATCH(json('PATCH', {}), withId(projectOfA.id)))).toMatchObject({ status: 400 });
  });
});

describe('REST API: the permissions matrix', () => {
  it('an org:member reads but cannot create, update or delete (403), and nothing changes', async () => {
    signInAs(memberOfA);
    const before = await rowsOf(A.orgId);
    expect((await app.collection.GET(new Request(BASE), noParams)).status).toBe(200);
    expect((await app.collection.POST(json('POST', { name: 'x' }), noParams)).status).toBe(403);
    expect((await app.item.PATCH(json('PATCH', { name: 'x' }), withId(projectOfA.id))).status).toBe(403);
    const denied = await answer(await app.item.DELETE(new Request(BASE, { method: 'DELETE' }), withId(projectOfA.id)));
    expect(denied).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(await rowsOf(A.orgId)).toEqual(before);
  });

  it('a manager (app role) who is an org:member creates and updates but cannot delete', async () => {
    signInAs(managerOfA);
    expect((await app.collection.POST(json('POST', { name: 'Managed' }), noParams)).status).toBe(201);
    expect((await app.item.PATCH(json('PATCH', { description: 'Edited' }), withId(projectOfA.id))).status).toBe(200);
    expect((await app.item.DELETE(new Request(BASE, { method: 'DELETE' }), withId(projectOfA.id))).status).toBe(403);
  });

  it('an org:admin deletes (204) and the project is gone', async () => {
    signInAs(adminOfA);
    expect((await app.item.DELETE(new Request(BASE, { method: 'DELETE' }), withId(projectOfA.id))).status).toBe(204);
    expect(await rowsOf(A.orgId)).toEqual([]);
  });
});

describe('server actions', () => {
  it('organization A’s actions on B’s project are not found, and B’s row is unchanged', async () => {
    signInAs(adminOfA);
    const before = await rowsOf(B.orgId);
    expect(await app.actions.updateProjectAction({ orgSlug: A.slug, id: projectOfB.id, name: 'Hijacked' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await app.actions.deleteProjectAction({ orgSlug: A.slug, id: projectOfB.id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await rowsOf(B.orgId)).toEqual(before);
  });

  it('naming organization B’s slug does not reach B: the action is refused as organization_changed', async () => {
    signInAs(adminOfA);
    const before = await rowsOf(B.orgId);
    expect(await app.actions.createProjectAction({ orgSlug: B.slug, name: 'Sneaky' })).toMatchObject({
      ok: false,
      code: 'organization_changed',
    });
    expect(await app.actions.deleteProjectAction({ orgSlug: B.slug, id: projectOfB.id })).toMatchObject({
      ok: false,
      code: 'organization_changed',
    });
    expect(await rowsOf(B.orgId)).toEqual(before);
    expect(await rowsOf(A.orgId)).toHaveLength(1);
  });

  it('a session whose active organization is B acts on B only', async () => {
    signInAs(adminOfB);
    const result = await app.actions.createProjectAction({ orgSlug: B.slug, name: 'Globex plan' });
    expect(result).toMatchObject({ ok: true, data: { organizationId: B.orgId, name: 'Globex plan' } });
    expect(await app.actions.deleteProjectAction({ orgSlug: B.slug, id: projectOfA.id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await rowsOf(A.orgId)).toEqual([projectOfA]);
  });

  it('validation errors come back per field', async () => {
    signInAs(adminOfA);
    const result = await app.actions.createProjectAction({ orgSlug: A.slug, name: '' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_request', fieldErrors: { name: [expect.any(String)] } });
  });

  it('the matrix applies: an org:member cannot delete, an org:admin can', async () => {
    signInAs(memberOfA);
    expect(await app.actions.deleteProjectAction({ orgSlug: A.slug, id: projectOfA.id })).toMatchObject({ ok: false, code: 'forbidden' });
    expect(await rowsOf(A.orgId)).toHaveLength(1);
    signInAs(adminOfA);
    expect(await app.actions.deleteProjectAction({ orgSlug: A.slug, id: projectOfA.id })).toEqual({
      ok: true,
      data: { id: projectOfA.id },
    });
    expect(await rowsOf(A.orgId)).toEqual([]);
  });

  it('no active organization: no_active_organization', async () => {
    signInAs({ userId: people.adminA, role: 'admin' });
    expect(await app.actions.createProjectAction({ orgSlug: A.slug, name: 'x' })).toMatchObject({
      ok: false,
      code: 'no_active_organization',
    });
  });
});

describe("the plan's project limit", () => {
  const create = (name: string) => app.collection.POST(json('POST', { name }), noParams);

  it('a free organization (no billing claims) keeps FREE_PROJECT_LIMIT projects; the next is 402 upgrade_required and nothing is written', async () => {
    const { FREE_PROJECT_LIMIT } = await import('@/lib/projects/limits');
    signInAs(adminOfA);
    for (let index = (await rowsOf(A.orgId)).length; index < FREE_PROJECT_LIMIT; index++)
      expect((await create(`P${index}`)).status).toBe(201);
    const { status, body } = await answer(await create('One too many'));
    expect(status).toBe(402);
    expect(body).toMatchObject({ error: 'upgrade_required', message: expect.stringContaining('Upgrade to Pro') });
    expect(await rowsOf(A.orgId)).toHaveLength(FREE_PROJECT_LIMIT);
    const action = await app.actions.createProjectAction({ orgSlug: A.slug, name: 'Still too many', description: '' });
    expect(action).toMatchObject({ ok: false, code: 'upgrade_required' });
    expect(await rowsOf(A.orgId)).toHaveLength(FREE_PROJECT_LIMIT);
  });

  it('the pro plan (o:unlimited_projects in fea) lifts it at once', async () => {
    const { FREE_PROJECT_LIMIT } = await import('@/lib/projects/limits');
    signInAs({ ...adminOfA, billing: { pla: 'u:free_user,o:pro', fea: 'o:projects,o:unlimited_projects' } });
    for (let index = 0; index <= FREE_PROJECT_LIMIT; index++) expect((await create(`Pro ${index}`)).status).toBe(201);
    expect((await rowsOf(A.orgId)).length).toBeGreaterThan(FREE_PROJECT_LIMIT);
  });

  it('a free plan named in pla without the feature stays limited', async () => {
    const { FREE_PROJECT_LIMIT } = await import('@/lib/projects/limits');
    signInAs({ ...adminOfA, billing: { pla: 'u:free_user,o:free_org', fea: 'o:projects' } });
    for (let index = (await rowsOf(A.orgId)).length; index < FREE_PROJECT_LIMIT; index++)
      expect((await create(`F${index}`)).status).toBe(201);
    expect((await create('Over')).status).toBe(402);
  });
});

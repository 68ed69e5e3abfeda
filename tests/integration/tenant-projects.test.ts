/**
 * The tenant data layer against a real database: every function in
 * lib/projects/queries.ts, called by organization A with organization B's ids,
 * answers "not found" and leaves B's rows (and the audit log) untouched.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, projects } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { deleteOrganizationProjects } from '@/lib/projects/purge';
import { createProject, deleteProject, getProject, listProjects, updateProject, type Project } from '@/lib/projects/queries';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';
import { seedTwoTenants, twoTenants } from '@/tests/support/two-tenants';

let database: TestDatabase;
const tenants = twoTenants();
const { run } = tenants;
/** Each organization's admin acting in it: the tenant scope the data layer takes. */
const A = { orgId: tenants.A.orgId, userId: tenants.people.adminA };
const B = { orgId: tenants.B.orgId, userId: tenants.people.adminB };

beforeAll(async () => {
  database = await createTestDatabase();
  await seedTwoTenants(database.db, tenants);
});
afterAll(async () => {
  await database?.close();
});

let projectOfB: Project;
let projectOfA: Project;
beforeEach(async () => {
  const { db } = database;
  await db.delete(projects);
  await db.delete(auditLog);
  projectOfA = await createProject(db, A, { name: 'Apollo', description: 'A only' });
  projectOfB = await createProject(db, B, { name: 'Borealis', description: 'B only' });
});

/** B's rows exactly as they are in the database. */
const rowsOfB = () => database.db.select().from(projects).where(eq(projects.organizationId, B.orgId)).orderBy(asc(projects.id));
const auditOf = (orgId: string) => database.db.select().from(auditLog).where(eq(auditLog.organizationId, orgId)).orderBy(asc(auditLog.id));

async function expectNotFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(AppError);
  expect(error).toMatchObject({ status: 404, code: 'not_found' });
}

describe('organization A addressing organization B', () => {
  it('listProjects returns only A’s projects', async () => {
    expect((await listProjects(database.db, A)).map((project) => project.id)).toEqual([projectOfA.id]);
    expect((await listProjects(database.db, B)).map((project) => project.id)).toEqual([projectOfB.id]);
  });

  it('getProject: B’s id is not found for A', async () => {
    await expectNotFound(getProject(database.db, A, projectOfB.id));
    expect(await getProject(database.db, B, projectOfB.id)).toEqual(projectOfB);
  });

  it('updateProject: B’s id is not found for A, and B’s row and audit log are unchanged', async () => {
    const before = await rowsOfB();
    const auditBefore = await auditOf(B.orgId);
    await expectNotFound(updateProject(database.db, A, projectOfB.id, { name: 'Hijacked', description: 'x' }));
    expect(await rowsOfB()).toEqual(before);
    expect(await auditOf(B.orgId)).toEqual(auditBefore);
    expect(await auditOf(A.orgId)).toHaveLength(1); // A's own create only: a refused attempt is not an audited change
  });

  it('deleteProject: B’s id is not found for A, and B’s row is still there', async () => {
    const before = await rowsOfB();
    await expectNotFound(deleteProject(database.db, A, projectOfB.id));
    expect(await rowsOfB()).toEqual(before);
  });

  it('deleteOrganizationProjects(A) deletes A’s projects only', async () => {
    const before = await rowsOfB();
    expect(await deleteOrganizationProjects(database.db, A)).toBe(1);
    expect(await listProjects(database.db, A)).toEqual([]);
    expect(await rowsOfB()).toEqual(before);
  });

  it('createProject always lands in the caller’s organization', async () => {
    const before = await rowsOfB();
    const created = await createProject(database.db, A, { name: 'New', description: '' });
    expect(created.organizationId).toBe(A.orgId);
    expect(await rowsOfB()).toEqual(before);
  });
});

describe('ids that are not project ids', () => {
  for (const id of ['not-a-uuid', '', "' or 1=1 --", randomUUID()]) {
    it(`get/update/delete of ${JSON.stringify(id)} are not found`, async () => {
      await expectNotFound(getProject(database.db, A, id));
      await expectNotFound(updateProject(database.db, A, id, { name: 'x' }));
      await expectNotFound(deleteProject(database.db, A, id));
      expect(await listProjects(database.db, A)).toEqual([projectOfA]);
    });
  }
});

describe('within the organization', () => {
  it('creates, reads, updates and deletes, with one audit entry per change', async () => {
    const { db } = database;
    const created = await createProject(db, A, { name: 'Gemini', description: 'Two' });
    expect(created).toMatchObject({ organizationId: A.orgId, createdBy: A.userId, name: 'Gemini', description: 'Two' });
    expect(await getProject(db, A, created.id)).toEqual(created);

    const updated = await updateProject(db, A, created.id, { name: 'Gemini II' });
    expect(updated).toMatchObject({ id: created.id, name: 'Gemini II', description: 'Two' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(created.updatedAt.getTime());

    await deleteProject(db, A, created.id);
    await expectNotFound(getProject(db, A, created.id));

    const entries = await db
      .select({ action: auditLog.action, actorId: auditLog.actorId, targetType: auditLog.targetType, metadata: auditLog.metadata })
      .from(auditLog)
      .where(and(eq(auditLog.organizationId, A.orgId), eq(auditLog.targetId, created.id)))
      .orderBy(asc(auditLog.id));
    expect(entries).toEqual([
      { action: 'project.created', actorId: A.userId, targetType: 'project', metadata: { name: 'Gemini' } },
      {
        action: 'project.updated',
        actorId: A.userId,
        targetType: 'project',
        metadata: { changes: { name: { from: 'Gemini', to: 'Gemini II' } } },
      },
      { action: 'project.deleted', actorId: A.userId, targetType: 'project', metadata: { name: 'Gemini II' } },
    ]);
  });

  it('lists newest first', async () => {
    const second = await createProject(database.db, A, { name: 'Second', description: '' });
    expect((await listProjects(database.db, A)).map((project) => project.id)).toEqual([second.id, projectOfA.id]);
  });

  it("concurrent creates never pass the free plan's limit (the organization row is locked)", async () => {
    const { FREE_PROJECT_LIMIT } = await import('@/lib/projects/limits');
    const attempts = await Promise.allSettled(
      Array.from({ length: FREE_PROJECT_LIMIT + 3 }, (_, index) =>
        createProject(database.db, A, { name: `Race ${index}`, description: '' }),
      ),
    );
    expect(await listProjects(database.db, A)).toHaveLength(FREE_PROJECT_LIMIT);
    const refused = attempts.filter((attempt) => attempt.status === 'rejected').map((attempt) => (attempt as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(4);
    for (const reason of refused) expect(reason).toMatchObject({ status: 402, code: 'upgrade_required' });
  });

  it('an organization that has not arrived from Clerk yet gets a 409 not_synced, not a 500', async () => {
    const error = await createProject(
      database.db,
      { orgId: `org_unsynced_${run}`, userId: A.userId },
      { name: 'Early', description: '' },
    ).catch((reason: unknown) => reason);
    expect(error).toMatchObject({ status: 409, code: 'not_synced' });
  });
});

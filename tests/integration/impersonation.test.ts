/**
 * Impersonation's rules against the Clerk stand-in's Backend API (real actor tokens) and a real
 * database: only an app admin starts it, never as an admin nor as oneself; the start and the end
 * are audited with both people; while impersonating, the guards refuse what `isSensitive` names.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient, type ClerkClient } from '@clerk/backend';
import { ensureLocalKeys, startLocalClerk, type LocalClerkServer } from '@saas-starter/local-clerk';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog } from '@/lib/db/schema';
import { LOCAL_INSTANCE, LOCAL_SEED } from '@/lib/local-mode';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';
import { seedTwoTenants, type TwoTenants } from '@/tests/support/two-tenants';

vi.mock(import('@clerk/nextjs/server'), async (importOriginal) => ({ ...(await importOriginal()), auth: vi.fn() as never }));
vi.mock(import('@/lib/actions/limits'), async (importOriginal) => ({ ...(await importOriginal()), limitAction: async () => null }));

let database: TestDatabase;
let clerk: LocalClerkServer;
let backend: ClerkClient;
let dataDir: string;
let tenants: TwoTenants;
let actions: typeof import('@/lib/admin/actions');
let guards: typeof import('@/lib/auth/guards');
let signInAs: (userId: string, options?: { orgId?: string; orgRole?: string; role?: string; actor?: string }) => void;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'impersonation-'));
  const keys = await ensureLocalKeys(dataDir);
  clerk = await startLocalClerk({ dataDir, keys, appUrl: 'http://localhost:3000', instance: LOCAL_INSTANCE, seed: LOCAL_SEED });
  Object.assign(process.env, {
    CLERK_API_URL: clerk.bapiUrl,
    CLERK_SECRET_KEY: keys.secretKey,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: keys.publishableKey,
    DATABASE_URL: database.url,
  });
  backend = createClerkClient({ apiUrl: clerk.bapiUrl, secretKey: keys.secretKey });
  const org = async (slug: string) => {
    const { id, name } = await backend.organizations.getOrganization({ slug });
    return { orgId: id, slug, name };
  };
  const user = async (email: string) => (await backend.users.getUserList({ emailAddress: [email] })).data[0]!.id;
  tenants = {
    run: 'clerk',
    A: await org('acme'),
    B: await org('globex'),
    people: {
      adminA: await user('admin@acme.test'),
      managerA: await user('manager@acme.test'),
      memberA: await user('member@acme.test'),
      adminB: await user('outsider@globex.test'),
    },
  };
  await seedTwoTenants(database.db, tenants, { adminA: 'admin', managerA: 'manager' });
  const { auth } = await import('@clerk/nextjs/server');
  signInAs = (userId, { orgId, orgRole, role = 'member', actor } = {}) =>
    vi.mocked(auth).mockResolvedValue({
      userId,
      orgId: orgId ?? null,
      orgSlug: orgId ? (orgId === tenants.A.orgId ? tenants.A.slug : tenants.B.slug) : null,
      orgRole: orgRole ?? null,
      sessionClaims: { metadata: { role } },
      actor: actor ? { sub: actor } : undefined,
      has: () => true,
    } as never);
  actions = await import('@/lib/admin/actions');
  guards = await import('@/lib/auth/guards');
});

afterAll(async () => {
  await (await import('@/lib/db')).closeDatabase();
  await clerk?.close();
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('starting', () => {
  it("an admin gets Clerk's actor token link for a non-admin, and the start is audited", async () => {
    const { people } = tenants;
    signInAs(people.adminA, { role: 'admin' });
    const result = await actions.startImpersonationAction({ userId: people.adminB });
    expect(result).toMatchObject({ ok: true, data: { url: expect.stringContaining('__clerk_ticket=') } });
    const rows = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'impersonation.started'), eq(auditLog.targetId, people.adminB)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: people.adminA, targetType: 'user' });
  });

  it('never as an admin, never as oneself, never by a non-admin', async () => {
    const { people } = tenants;
    const [anotherAdmin] = (await backend.users.getUserList({ emailAddress: ['admin@acme.test'] })).data;
    signInAs(people.adminA, { role: 'admin' });
    expect(await actions.startImpersonationAction({ userId: anotherAdmin!.id })).toMatchObject({ ok: false, code: 'invalid_request' });
    await backend.users.updateUserMetadata(people.managerA, { publicMetadata: { role: 'admin' } });
    expect(await actions.startImpersonationAction({ userId: people.managerA })).toMatchObject({ ok: false, code: 'forbidden' });
    await backend.users.updateUserMetadata(people.managerA, { publicMetadata: { role: 'manager' } });
    signInAs(people.managerA, { role: 'manager' });
    expect(await actions.startImpersonationAction({ userId: people.memberA })).toMatchObject({ ok: false, code: 'forbidden' });
  });
});

describe('while impersonating', () => {
  it('the guards refuse role changes, deletions, billing and API keys, and allow the rest', async () => {
    const { A, people } = tenants;
    signInAs(people.memberA, { orgId: A.orgId, orgRole: 'org:admin', actor: people.adminA });
    for (const [resource, action] of [
      ['members', 'update'],
      ['projects', 'delete'],
      ['organization', 'delete'],
      ['billing', 'update'],
      ['api_keys', 'create'],
    ] as const) {
      await expect(guards.requireOrgPermission(resource, action)).rejects.toMatchObject({ code: 'impersonation_refused' });
    }
    await expect(guards.requireOrgPermission('projects', 'create')).resolves.toMatchObject({
      userId: people.memberA,
      actor: { type: 'impersonator', userId: people.adminA },
    });
  });

  it('stopping is audited with both people; a session that is not an impersonation cannot stop one', async () => {
    const { people } = tenants;
    signInAs(people.memberA, { actor: people.adminA });
    expect(await actions.stopImpersonationAction({})).toMatchObject({ ok: true });
    const [row] = await database.db.select().from(auditLog).where(eq(auditLog.action, 'impersonation.ended'));
    expect(row).toMatchObject({
      actorId: people.memberA,
      targetId: people.memberA,
      metadata: { actor: { type: 'impersonator', userId: people.adminA } },
    });
    signInAs(people.memberA);
    expect(await actions.stopImpersonationAction({})).toMatchObject({ ok: false, code: 'invalid_request' });
  });
});

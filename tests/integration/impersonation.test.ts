/**
 * Impersonation's rules against the Clerk stand-in's Backend API (real actor tokens) and a real
 * database: only an app admin starts it, never as an admin nor as oneself; the start and the end
 * are audited with both people; while impersonating, the guards refuse what `isSensitive` names.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auditLog } from '@/lib/db/schema';
import { startClerkApp, type ClerkApp } from '@/tests/support/clerk-app';
import { seedTwoTenants, type TwoTenants } from '@/tests/support/two-tenants';

vi.mock(import('@clerk/nextjs/server'), async (importOriginal) => ({ ...(await importOriginal()), auth: vi.fn() as never }));
vi.mock(import('@/lib/actions/limits'), async (importOriginal) => ({ ...(await importOriginal()), limitAction: async () => null }));

let world: ClerkApp;
let tenants: TwoTenants;
let actions: typeof import('@/lib/admin/actions');
let guards: typeof import('@/lib/auth/guards');
let signInAs: (userId: string, options?: { orgId?: string; orgRole?: string; role?: string; actor?: string }) => void;

beforeAll(async () => {
  world = await startClerkApp('impersonation');
  tenants = await world.demoTenants();
  await seedTwoTenants(world.database.db, tenants, { adminA: 'admin', managerA: 'manager' });
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

afterAll(() => world?.close());

describe('starting', () => {
  it("an admin gets Clerk's actor token link for a non-admin, and the start is audited", async () => {
    const { people } = tenants;
    signInAs(people.adminA, { role: 'admin' });
    const result = await actions.startImpersonationAction({ userId: people.adminB });
    expect(result).toMatchObject({ ok: true, data: { url: expect.stringContaining('__clerk_ticket=') } });
    const rows = await world.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'impersonation.started'), eq(auditLog.targetId, people.adminB)));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: people.adminA, targetType: 'user' });
  });

  it('never as an admin, never as oneself, never by a non-admin', async () => {
    const { people } = tenants;
    const [anotherAdmin] = (await world.backend.users.getUserList({ emailAddress: ['admin@acme.test'] })).data;
    signInAs(people.adminA, { role: 'admin' });
    expect(await actions.startImpersonationAction({ userId: anotherAdmin!.id })).toMatchObject({ ok: false, code: 'invalid_request' });
    await world.backend.users.updateUserMetadata(people.managerA, { publicMetadata: { role: 'admin' } });
    expect(await actions.startImpersonationAction({ userId: people.managerA })).toMatchObject({ ok: false, code: 'forbidden' });
    await world.backend.users.updateUserMetadata(people.managerA, { publicMetadata: { role: 'manager' } });
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
    const [row] = await world.database.db.select().from(auditLog).where(eq(auditLog.action, 'impersonation.ended'));
    expect(row).toMatchObject({
      actorId: people.memberA,
      targetId: people.memberA,
      metadata: { actor: { type: 'impersonator', userId: people.adminA } },
    });
    signInAs(people.memberA);
    expect(await actions.stopImpersonationAction({})).toMatchObject({ ok: false, code: 'invalid_request' });
  });
});

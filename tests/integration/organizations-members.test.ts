/**
 * Members, invitations and settings against a real database, with Clerk's
 * Backend API replaced by a recorder: reads come from the database and stay
 * inside the organization, the last-admin rule is checked there before Clerk
 * is asked, and only organization admins reach Clerk at all.
 */
import { randomUUID } from 'node:crypto';
import { ClerkAPIResponseError } from '@clerk/nextjs/errors';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, invitations, memberships, organizations, users } from '@/lib/db/schema';
import { createTestDatabase, requirePostgres, type TestDatabase } from '@/tests/support/database';

vi.mock(import('@clerk/nextjs/server'), async (importOriginal) => ({
  ...(await importOriginal()),
  auth: vi.fn() as never,
  clerkClient: vi.fn() as never,
}));
const { auth, clerkClient } = await import('@clerk/nextjs/server');
// The same admin calls these actions dozens of times here; the limits have their own test (tests/unit/action-limits.test.ts).
vi.mock(import('@/lib/actions/limits'), async (importOriginal) => ({ ...(await importOriginal()), limitAction: async () => null }));

const clerk = {
  updateOrganizationMembership: vi.fn(),
  deleteOrganizationMembership: vi.fn(),
  createOrganizationInvitation: vi.fn(),
  revokeOrganizationInvitation: vi.fn(),
  updateOrganization: vi.fn(),
  getOrganization: vi.fn(),
  deleteOrganization: vi.fn(),
};

let database: TestDatabase;
/** The organization's reads from the Postgres copy (loaded once DATABASE_URL is set). */
let reads: typeof import('@/lib/organizations/reads');
let actions: typeof import('@/lib/organizations/actions');
let orgRoute: typeof import('@/app/api/org/route');

const run = randomUUID().slice(0, 8);
const A = { orgId: `org_a_${run}`, slug: `acme-${run}`, name: 'Acme' };
const B = { orgId: `org_b_${run}`, slug: `globex-${run}`, name: 'Globex' };
const u = {
  adminA: `user_admin_a_${run}`,
  memberA: `user_member_a_${run}`,
  formerA: `user_former_a_${run}`,
  adminB: `user_admin_b_${run}`,
};

function signInAs(userId: string, org: typeof A, orgRole: 'org:admin' | 'org:member') {
  vi.mocked(auth).mockResolvedValue({
    userId,
    orgId: org.orgId,
    orgSlug: org.slug,
    orgRole,
    sessionClaims: { metadata: { role: 'member' } },
    factorVerificationAge: [0, -1],
    // Verified just now: Clerk's reverification check passes.
    has: (params: { reverification?: unknown }) => params.reverification !== undefined,
  } as never);
}

/** Clerk's answers, shaped like the Backend API resources the SDK returns (the fields the app reads). */
const NOW = 1_800_000_000_000;
/** Clerk's current membership of each user: one who is removed and added back gets a new membership (new id, later created_at). */
const clerkMembershipIds = new Map<string, { id: string; createdAt: number }>();
const clerkMembership = (orgId: string, userId: string, role: string, updatedAt = NOW) => {
  const { id, createdAt } = clerkMembershipIds.get(userId) ?? { id: `orgmem_${userId}`, createdAt: NOW - 60_000 };
  return { id, createdAt, role, updatedAt, organization: { id: orgId }, publicUserData: { userId } } as never;
};
const clerkInvitation = (fields: { id: string; email: string; role: string; status: string; updatedAt?: number }) =>
  ({
    id: fields.id,
    organizationId: A.orgId,
    emailAddress: fields.email,
    role: fields.role,
    status: fields.status,
    updatedAt: fields.updatedAt ?? NOW,
  }) as never;
const clerkOrganization = (fields: { name: string; slug: string; updatedAt?: number }) =>
  ({ id: A.orgId, imageUrl: '', updatedAt: fields.updatedAt ?? NOW, ...fields }) as never;

const clerkError = (status: number, code: string, paramName?: string) =>
  new ClerkAPIResponseError('Clerk said no', {
    status,
    data: [{ code, message: 'refused', long_message: `Clerk refused: ${code}`, meta: paramName ? { param_name: paramName } : {} }],
  });

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await db.insert(users).values(Object.values(u).map((id) => ({ id, email: `${id}@example.test`, firstName: id.split('_')[1] })));
  await db.insert(organizations).values([
    { id: A.orgId, name: A.name, slug: A.slug },
    { id: B.orgId, name: B.name, slug: B.slug },
  ]);
  await db.insert(invitations).values([
    { id: `orginv_pending_a_${run}`, organizationId: A.orgId, email: 'new@a.test', role: 'org:member', status: 'pending' },
    { id: `orginv_accepted_a_${run}`, organizationId: A.orgId, email: 'old@a.test', role: 'org:member', status: 'accepted' },
    { id: `orginv_revoked_a_${run}`, organizationId: A.orgId, email: 'gone@a.test', role: 'org:admin', status: 'revoked' },
    { id: `orginv_pending_b_${run}`, organizationId: B.orgId, email: 'new@b.test', role: 'org:admin', status: 'pending' },
    {
      id: `orginv_tombstoned_a_${run}`,
      organizationId: A.orgId,
      email: 'ghost@a.test',
      role: 'org:member',
      status: 'pending',
      deletedAt: new Date(),
    },
  ]);
  process.env.DATABASE_URL = database.url;
  reads = await import('@/lib/organizations/reads');
  actions = await import('@/lib/organizations/actions');
  orgRoute = await import('@/app/api/org/route');
  vi.mocked(clerkClient).mockResolvedValue({ organizations: clerk } as never);
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterAll(async () => {
  // Loaded after DATABASE_URL was set (lib/env parses it on first import).
  await (await import('@/lib/db')).closeDatabase();
  await database?.close();
});

/** A: one admin, one member, one former admin (tombstoned membership). B: one admin. */
beforeEach(async () => {
  const { db } = database;
  for (const mock of Object.values(clerk)) mock.mockReset();
  await db.delete(memberships);
  await db.delete(auditLog);
  await db.update(organizations).set({ name: A.name, slug: A.slug, clerkUpdatedAt: 0 }).where(eq(organizations.id, A.orgId));
  await db.insert(memberships).values([
    { organizationId: A.orgId, userId: u.adminA, role: 'org:admin' },
    { organizationId: A.orgId, userId: u.memberA, role: 'org:member' },
    { organizationId: A.orgId, userId: u.formerA, role: 'org:admin', deletedAt: new Date() },
    { organizationId: B.orgId, userId: u.adminB, role: 'org:admin' },
  ]);
});

const membershipOf = async (orgId: string, userId: string) =>
  (
    await database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, orgId), eq(memberships.userId, userId)))
  )[0];

describe('reads stay inside the organization (database)', () => {
  it('listMembers: A’s live members with roles, admins first; no tombstones, nobody from B', async () => {
    const members = await reads.listMembers(database.db, A);
    expect(members.map(({ userId, role }) => ({ userId, role }))).toEqual([
      { userId: u.adminA, role: 'org:admin' },
      { userId: u.memberA, role: 'org:member' },
    ]);
  });

  it('listPendingInvitations: A’s pending invitations only (not accepted, revoked or tombstoned ones)', async () => {
    // Of the seeded invitations (other tests add their own): only each organization's pending one.
    const seeded = ['pending_a', 'accepted_a', 'revoked_a', 'pending_b', 'tombstoned_a'].map((name) => `orginv_${name}_${run}`);
    const pendingOf = async (scope: { orgId: string }) =>
      (await reads.listPendingInvitations(database.db, scope)).filter((invitation) => seeded.includes(invitation.id));
    expect((await pendingOf(A)).map((invitation) => invitation.email)).toEqual(['new@a.test']);
    expect((await pendingOf(B)).map((invitation) => invitation.email)).toEqual(['new@b.test']);
  });

  it('getOrganization: name, slug and live member count; null for an unknown or deleted organization', async () => {
    expect(await reads.getOrganization(database.db, A)).toMatchObject({
      id: A.orgId,
      name: 'Acme',
      slug: A.slug,
      membersCount: 2,
    });
    expect(await reads.getOrganization(database.db, { orgId: `org_unknown_${run}` })).toBeNull();
    const deleted = `org_deleted_${run}`;
    await database.db.insert(organizations).values({ id: deleted, name: 'Gone', slug: `gone-${run}`, deletedAt: new Date() });
    expect(await reads.getOrganization(database.db, { orgId: deleted })).toBeNull();
  });
});

describe('GET /api/org', () => {
  const get = async () => {
    const response = await orgRoute.GET(new Request('http://localhost/api/org'), { params: Promise.resolve({}) });
    return { status: response.status, body: await response.json() };
  };

  it('answers the session’s organization and the caller’s role', async () => {
    signInAs(u.memberA, A, 'org:member');
    expect(await get()).toMatchObject({
      status: 200,
      body: { organization: { id: A.orgId, name: A.name, slug: A.slug, membersCount: 2, role: 'org:member' } },
    });
  });

  it('without an active organization: 403 no_active_organization', async () => {
    vi.mocked(auth).mockResolvedValue({ userId: u.memberA, sessionClaims: {}, has: () => false } as never);
    expect(await get()).toMatchObject({ status: 403, body: { error: 'no_active_organization' } });
  });
});

describe('the last-admin rule (database)', () => {
  const check = (userId: string, nextRole: 'org:admin' | 'org:member' | null) =>
    reads.assertKeepsAnAdmin(database.db, A, userId, nextRole).then(
      () => 'allowed',
      (error: { status: number; code: string }) => `${error.status} ${error.code}`,
    );

  it('the only admin can be neither demoted nor removed (a tombstoned admin does not count)', async () => {
    expect(await check(u.adminA, 'org:member')).toBe('409 last_admin');
    expect(await check(u.adminA, null)).toBe('409 last_admin');
  });

  it('with a second admin, either admin can be demoted or removed', async () => {
    await database.db
      .update(memberships)
      .set({ role: 'org:admin' })
      .where(and(eq(memberships.organizationId, A.orgId), eq(memberships.userId, u.memberA)));
    expect(await check(u.adminA, 'org:member')).toBe('allowed');
    expect(await check(u.adminA, null)).toBe('allowed');
  });

  it('members can be promoted, demoted and removed; keeping an admin an admin is allowed', async () => {
    expect(await check(u.memberA, 'org:admin')).toBe('allowed');
    expect(await check(u.memberA, null)).toBe('allowed');
    expect(await check(u.adminA, 'org:admin')).toBe('allowed');
  });

  it('a user who is not a member of this organization is not found (B’s admin, a former member)', async () => {
    expect(await check(u.adminB, 'org:member')).toBe('404 not_found');
    expect(await check(u.formerA, null)).toBe('404 not_found');
  });
});

describe('member management actions (Clerk recorded)', () => {
  it('demoting the last admin: inline 409, Clerk is not asked, the database is unchanged', async () => {
    signInAs(u.adminA, A, 'org:admin');
    const result = await actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.adminA, role: 'org:member' });
    expect(result).toMatchObject({ ok: false, code: 'last_admin', error: expect.stringMatching(/last admin/i) });
    expect(clerk.updateOrganizationMembership).not.toHaveBeenCalled();
    expect(await membershipOf(A.orgId, u.adminA)).toMatchObject({ role: 'org:admin' });
  });

  it("without a recent verification, a role change or deletion answers with Clerk's reverification hint and Clerk is not asked", async () => {
    signInAs(u.adminA, A, 'org:admin');
    const stale = { ...(await auth()), factorVerificationAge: [30, -1], has: () => false };
    vi.mocked(auth).mockResolvedValue(stale as never);
    const hint = {
      ok: false,
      code: 'reverification_required',
      clerk_error: {
        type: 'forbidden',
        reason: 'reverification-error',
        metadata: { reverification: { level: 'multi_factor', afterMinutes: 10 } },
      },
    };
    expect(await actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.memberA, role: 'org:admin' })).toMatchObject(hint);
    expect(await actions.deleteOrganizationAction({ orgSlug: A.slug, confirmName: A.name })).toMatchObject(hint);
    expect(clerk.updateOrganizationMembership).not.toHaveBeenCalled();
    expect(clerk.deleteOrganization).not.toHaveBeenCalled();
    // Removing a member is not gated.
    clerk.deleteOrganizationMembership.mockResolvedValue(clerkMembership(A.orgId, u.memberA, 'org:member'));
    expect(await actions.removeMemberAction({ orgSlug: A.slug, userId: u.memberA })).toMatchObject({ ok: true });
  });

  it('removing the last admin: inline 409, Clerk is not asked', async () => {
    signInAs(u.adminA, A, 'org:admin');
    expect(await actions.removeMemberAction({ orgSlug: A.slug, userId: u.adminA })).toMatchObject({ ok: false, code: 'last_admin' });
    expect(clerk.deleteOrganizationMembership).not.toHaveBeenCalled();
  });

  it('promoting a member goes to Clerk for the session’s organization, shows in the database at once, and is audited', async () => {
    signInAs(u.adminA, A, 'org:admin');
    clerk.updateOrganizationMembership.mockResolvedValue(clerkMembership(A.orgId, u.memberA, 'org:admin'));
    expect(await actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.memberA, role: 'org:admin' })).toEqual({
      ok: true,
      data: undefined,
    });
    expect(clerk.updateOrganizationMembership).toHaveBeenCalledWith({ organizationId: A.orgId, userId: u.memberA, role: 'org:admin' });
    expect(await membershipOf(A.orgId, u.memberA)).toMatchObject({ role: 'org:admin', clerkUpdatedAt: NOW });
    const [entry] = await database.db.select().from(auditLog).where(eq(auditLog.organizationId, A.orgId));
    expect(entry).toMatchObject({
      actorId: u.adminA,
      action: 'member.role_changed',
      targetType: 'member',
      targetId: u.memberA,
      metadata: { role: 'org:admin' },
    });
  });

  it('read-your-writes never overrides a newer state from the webhook (Clerk’s updated_at decides)', async () => {
    signInAs(u.adminA, A, 'org:admin');
    await database.db
      .update(memberships)
      .set({ role: 'org:member', clerkUpdatedAt: NOW + 1 })
      .where(and(eq(memberships.organizationId, A.orgId), eq(memberships.userId, u.memberA)));
    clerk.updateOrganizationMembership.mockResolvedValue(clerkMembership(A.orgId, u.memberA, 'org:admin', NOW));
    expect(await actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.memberA, role: 'org:admin' })).toMatchObject({ ok: true });
    expect(await membershipOf(A.orgId, u.memberA)).toMatchObject({ role: 'org:member', clerkUpdatedAt: NOW + 1 });
  });

  it('removing a member goes to Clerk and tombstones the row at once', async () => {
    signInAs(u.adminA, A, 'org:admin');
    clerk.deleteOrganizationMembership.mockResolvedValue(clerkMembership(A.orgId, u.memberA, 'org:member'));
    expect(await actions.removeMemberAction({ orgSlug: A.slug, userId: u.memberA })).toMatchObject({ ok: true });
    expect(clerk.deleteOrganizationMembership).toHaveBeenCalledWith({ organizationId: A.orgId, userId: u.memberA });
    expect(await membershipOf(A.orgId, u.memberA)).toMatchObject({ deletedAt: expect.any(Date) });
  });

  it('a removed admin no longer counts for the last-admin rule (no wait for the webhook)', async () => {
    signInAs(u.adminA, A, 'org:admin');
    // memberA was removed above: added back, they hold a new membership.
    clerkMembershipIds.set(u.memberA, { id: `orgmem_${u.memberA}_rejoined`, createdAt: NOW + 1 });
    clerk.updateOrganizationMembership.mockResolvedValue(clerkMembership(A.orgId, u.memberA, 'org:admin', NOW + 1));
    expect(await actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.memberA, role: 'org:admin' })).toMatchObject({ ok: true });
    clerk.deleteOrganizationMembership.mockResolvedValue(clerkMembership(A.orgId, u.memberA, 'org:admin', NOW + 1));
    expect(await actions.removeMemberAction({ orgSlug: A.slug, userId: u.memberA })).toMatchObject({ ok: true });
    expect(await actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.adminA, role: 'org:member' })).toMatchObject({
      ok: false,
      code: 'last_admin',
    });
  });

  it('two admins demoting themselves at the same moment: one succeeds, one gets last_admin', async () => {
    requirePostgres(database);
    clerk.updateOrganizationMembership.mockResolvedValueOnce(clerkMembership(A.orgId, u.memberA, 'org:admin', NOW + 1));
    signInAs(u.adminA, A, 'org:admin');
    await actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.memberA, role: 'org:admin' });
    // Clerk answers only once both requests have reached it (or after a moment, when the
    // lock holds the second one back), so without the lock both checks would pass first.
    let arrived = 0;
    let releaseAll = () => {};
    const bothArrived = new Promise<void>((resolve) => (releaseAll = resolve));
    clerk.updateOrganizationMembership.mockImplementation(async ({ userId }: { userId: string }) => {
      if (++arrived === 2) releaseAll();
      await Promise.race([bothArrived, new Promise((resolve) => setTimeout(resolve, 500))]);
      return clerkMembership(A.orgId, userId, 'org:member', NOW + 2);
    });
    const [first, second] = await Promise.all([
      actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.adminA, role: 'org:member' }),
      actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.memberA, role: 'org:member' }),
    ]);
    expect([first, second].filter((result) => result.ok)).toHaveLength(1);
    expect([first, second].filter((result) => !result.ok && result.code === 'last_admin')).toHaveLength(1);
  });

  it('removing a member of another organization is not found, and Clerk is not asked', async () => {
    signInAs(u.adminA, A, 'org:admin');
    expect(await actions.removeMemberAction({ orgSlug: A.slug, userId: u.adminB })).toMatchObject({ ok: false, code: 'not_found' });
    expect(clerk.deleteOrganizationMembership).not.toHaveBeenCalled();
    expect(await membershipOf(B.orgId, u.adminB)).toMatchObject({ role: 'org:admin', deletedAt: null });
  });

  it('an org:member may not manage members, invitations or settings (forbidden, Clerk not asked)', async () => {
    signInAs(u.memberA, A, 'org:member');
    const results = await Promise.all([
      actions.changeMemberRoleAction({ orgSlug: A.slug, userId: u.memberA, role: 'org:admin' }),
      actions.removeMemberAction({ orgSlug: A.slug, userId: u.adminA }),
      actions.inviteMemberAction({ orgSlug: A.slug, email: 'x@a.test', role: 'org:admin' }),
      actions.revokeInvitationAction({ orgSlug: A.slug, invitationId: `orginv_pending_a_${run}` }),
      actions.renameOrganizationAction({ orgSlug: A.slug, name: 'Mine now' }),
      actions.changeOrganizationSlugAction({ orgSlug: A.slug, slug: 'mine-now' }),
      actions.deleteOrganizationAction({ orgSlug: A.slug, confirmName: A.name }),
    ]);
    for (const result of results) expect(result).toMatchObject({ ok: false, code: 'forbidden' });
    for (const mock of Object.values(clerk)) expect(mock).not.toHaveBeenCalled();
  });
});

describe('invitations (Clerk recorded)', () => {
  beforeEach(() => signInAs(u.adminA, A, 'org:admin'));

  it('invites into the session’s organization with the inviter recorded; the email is normalised; pending at once', async () => {
    const id = `orginv_new_${randomUUID()}`;
    clerk.createOrganizationInvitation.mockResolvedValue(
      clerkInvitation({ id, email: 'new.person@a.test', role: 'org:member', status: 'pending' }),
    );
    const result = await actions.inviteMemberAction({ orgSlug: A.slug, email: '  New.Person@A.test ', role: 'org:member' });
    expect(result).toEqual({ ok: true, data: { id, email: 'new.person@a.test', role: 'org:member' } });
    expect(clerk.createOrganizationInvitation).toHaveBeenCalledWith({
      organizationId: A.orgId,
      emailAddress: 'new.person@a.test',
      role: 'org:member',
      inviterUserId: u.adminA,
    });
    expect((await reads.listPendingInvitations(database.db, A)).map((invitation) => invitation.id)).toContain(id);
  });

  it('an invalid email is a field error and Clerk is not asked', async () => {
    const result = await actions.inviteMemberAction({ orgSlug: A.slug, email: 'not-an-email', role: 'org:member' });
    expect(result).toMatchObject({ ok: false, code: 'invalid_request', fieldErrors: { email: ['Enter a valid email address.'] } });
    expect(clerk.createOrganizationInvitation).not.toHaveBeenCalled();
  });

  it('an unknown role is a field error', async () => {
    const result = await actions.inviteMemberAction({ orgSlug: A.slug, email: 'a@a.test', role: 'org:owner' as never });
    expect(result).toMatchObject({ ok: false, fieldErrors: { role: [expect.any(String)] } });
  });

  it('Clerk’s refusal (already invited) comes back as a 409 with Clerk’s explanation', async () => {
    clerk.createOrganizationInvitation.mockRejectedValue(clerkError(400, 'duplicate_record', 'email_address'));
    expect(await actions.inviteMemberAction({ orgSlug: A.slug, email: 'new@a.test', role: 'org:member' })).toEqual({
      ok: false,
      code: 'conflict',
      detail: 'duplicate_record',
      error: 'Clerk refused: duplicate_record',
    });
  });

  it('revokes in the session’s organization; no longer pending at once', async () => {
    // Its own invitation: the seeded ones are what the listing tests read.
    const id = `orginv_to_revoke_a_${run}`;
    await database.db
      .insert(invitations)
      .values({ id, organizationId: A.orgId, email: 'revoke-me@a.test', role: 'org:member', status: 'pending' });
    clerk.revokeOrganizationInvitation.mockResolvedValue(
      clerkInvitation({ id, email: 'revoke-me@a.test', role: 'org:member', status: 'revoked' }),
    );
    expect(await actions.revokeInvitationAction({ orgSlug: A.slug, invitationId: id })).toMatchObject({ ok: true });
    expect(clerk.revokeOrganizationInvitation).toHaveBeenCalledWith({
      organizationId: A.orgId,
      invitationId: id,
      requestingUserId: u.adminA,
    });
    expect((await reads.listPendingInvitations(database.db, A)).map((invitation) => invitation.id)).not.toContain(id);
  });

  it('revoking another organization’s invitation: Clerk answers 404, and so does the action', async () => {
    clerk.revokeOrganizationInvitation.mockRejectedValue(clerkError(404, 'resource_not_found'));
    expect(await actions.revokeInvitationAction({ orgSlug: A.slug, invitationId: `orginv_pending_b_${run}` })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(clerk.revokeOrganizationInvitation).toHaveBeenCalledWith(expect.objectContaining({ organizationId: A.orgId }));
  });
});

describe('settings (Clerk recorded)', () => {
  beforeEach(() => signInAs(u.adminA, A, 'org:admin'));

  it('renames the session’s organization; the new name shows at once', async () => {
    clerk.updateOrganization.mockResolvedValue(clerkOrganization({ name: 'Acme Corp', slug: A.slug }));
    expect(await actions.renameOrganizationAction({ orgSlug: A.slug, name: ' Acme Corp ' })).toEqual({
      ok: true,
      data: { name: 'Acme Corp' },
    });
    expect(clerk.updateOrganization).toHaveBeenCalledWith(A.orgId, { name: 'Acme Corp' });
    expect(await reads.getOrganization(database.db, A)).toMatchObject({ name: 'Acme Corp' });
  });

  it('an invalid slug is a field error and Clerk is not asked', async () => {
    for (const slug of ['ab', 'Has-Caps', 'under_score', '-edge', 'x'.repeat(51)]) {
      expect(await actions.changeOrganizationSlugAction({ orgSlug: A.slug, slug })).toMatchObject({
        ok: false,
        fieldErrors: { slug: [expect.any(String)] },
      });
    }
    expect(clerk.updateOrganization).not.toHaveBeenCalled();
  });

  it('a taken slug comes back as slug_taken', async () => {
    clerk.updateOrganization.mockRejectedValue(clerkError(422, 'form_identifier_exists', 'slug'));
    expect(await actions.changeOrganizationSlugAction({ orgSlug: A.slug, slug: 'globex' })).toMatchObject({
      ok: false,
      code: 'slug_taken',
    });
  });

  it('a new slug comes back for the redirect', async () => {
    clerk.updateOrganization.mockResolvedValue(clerkOrganization({ name: A.name, slug: 'acme-two' }));
    expect(await actions.changeOrganizationSlugAction({ orgSlug: A.slug, slug: 'acme-two' })).toEqual({
      ok: true,
      data: { slug: 'acme-two' },
    });
    expect(clerk.updateOrganization).toHaveBeenCalledWith(A.orgId, { slug: 'acme-two' });
  });

  it('deleting needs the exact name: a mismatch is refused before Clerk deletes anything', async () => {
    clerk.getOrganization.mockResolvedValue({ id: A.orgId, name: A.name });
    expect(await actions.deleteOrganizationAction({ orgSlug: A.slug, confirmName: 'acme' })).toMatchObject({
      ok: false,
      code: 'confirmation_mismatch',
    });
    expect(clerk.deleteOrganization).not.toHaveBeenCalled();
  });

  it('deleting with the exact name deletes the session’s organization', async () => {
    clerk.getOrganization.mockResolvedValue({ id: A.orgId, name: A.name });
    clerk.deleteOrganization.mockResolvedValue({});
    expect(await actions.deleteOrganizationAction({ orgSlug: A.slug, confirmName: A.name })).toMatchObject({ ok: true });
    expect(clerk.getOrganization).toHaveBeenCalledWith({ organizationId: A.orgId });
    expect(clerk.deleteOrganization).toHaveBeenCalledWith(A.orgId);
  });

  it('Clerk failing for other reasons (e.g. bad keys) is an internal error, not a message from Clerk', async () => {
    clerk.updateOrganization.mockRejectedValue(clerkError(401, 'authentication_invalid'));
    expect(await actions.renameOrganizationAction({ orgSlug: A.slug, name: 'X' })).toMatchObject({ ok: false, code: 'internal_error' });
  });
});

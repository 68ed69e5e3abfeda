/**
 * Declining an invitation (the onboarding screen's "Decline"): the server
 * action against a real database and Clerk's Backend API played by the
 * stand-in (the real @clerk/backend client behind `clerkClient()`). Only the
 * session is given, as the middleware would. An invitation is declined by the
 * person it is addressed to, never by anyone else.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { auditLog, invitations } from '@/lib/db/schema';
import { startClerkApp, type ClerkApp } from '@/tests/support/clerk-app';

vi.mock(import('@clerk/nextjs/server'), async (importOriginal) => ({ ...(await importOriginal()), auth: vi.fn() as never }));
// The limits have their own test (tests/unit/action-limits.test.ts).
vi.mock(import('@/lib/actions/limits'), async (importOriginal) => ({ ...(await importOriginal()), limitAction: async () => null }));

let world: ClerkApp;
let database: ClerkApp['database'];
let backend: ClerkApp['backend'];
let decline: typeof import('@/lib/organizations/actions').declineInvitationAction;
let signInAs: (userId: string | null) => void;

/** Each test's own invitees, Ivy and Oscar, each invited to Acme: no test depends on another's changes. */
const people = { ivy: { id: '', email: '' }, oscar: { id: '', email: '' } };
const invited: Record<keyof typeof people, string> = { ivy: '', oscar: '' };
let acmeId: string;
let adminId: string;
let sequence = 0;

beforeAll(async () => {
  world = await startClerkApp('decline');
  ({ database, backend } = world);

  const [
    {
      data: [acme],
    },
    {
      data: [admin],
    },
  ] = await Promise.all([
    backend.organizations.getOrganizationList({ query: 'acme' }),
    backend.users.getUserList({ emailAddress: ['admin@acme.test'] }),
  ]);
  acmeId = acme!.id;
  adminId = admin!.id;

  const { auth } = await import('@clerk/nextjs/server');
  signInAs = (userId) =>
    vi.mocked(auth).mockResolvedValue({ userId, orgId: null, orgSlug: null, orgRole: null, sessionClaims: {}, has: () => false } as never);
  ({ declineInvitationAction: decline } = await import('@/lib/organizations/actions'));
});

beforeEach(async () => {
  sequence++;
  for (const name of ['ivy', 'oscar'] as const) {
    people[name].email = `${name}-${sequence}-${Date.now()}@example.test`;
    people[name].id = (await backend.users.createUser({ emailAddress: [people[name].email], password: 'a-long-test-password-1' })).id;
    invited[name] = (
      await backend.organizations.createOrganizationInvitation({
        organizationId: acmeId,
        emailAddress: people[name].email,
        role: 'org:member',
        inviterUserId: adminId,
      })
    ).id;
  }
});

afterAll(() => world?.close());

const statusInClerk = async (invitationId: string) =>
  (await backend.organizations.getOrganizationInvitation({ organizationId: acmeId, invitationId })).status;

describe('declining an invitation', () => {
  it("refuses someone else's invitation with the same 404 as an unknown one, and changes nothing", async () => {
    signInAs(people.oscar.id);
    const refused = await decline({ organizationId: acmeId, invitationId: invited.ivy });
    expect(refused).toMatchObject({ ok: false, code: 'not_found' });
    expect(!refused.ok && refused.error).toMatch(/addressed to another email address, or it does not exist/);
    expect(await decline({ organizationId: acmeId, invitationId: 'orginv_unknown' })).toEqual(refused);
    expect(await decline({ organizationId: 'org_unknown', invitationId: invited.ivy })).toEqual(refused);

    expect(await statusInClerk(invited.ivy)).toBe('pending');
    expect(await database.db.select().from(invitations).where(eq(invitations.id, invited.ivy))).toEqual([]);
    expect(await database.db.select().from(auditLog).where(eq(auditLog.targetId, invited.ivy))).toEqual([]);
  });

  it('revokes the invitation in Clerk when its invitee declines, mirrors it and records who declined', async () => {
    signInAs(people.ivy.id);
    expect(await decline({ organizationId: acmeId, invitationId: invited.ivy })).toEqual({ ok: true, data: undefined });

    expect(await statusInClerk(invited.ivy)).toBe('revoked');
    expect(await database.db.select({ status: invitations.status }).from(invitations).where(eq(invitations.id, invited.ivy))).toEqual([
      { status: 'revoked' },
    ]);
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'invitation.declined'), eq(auditLog.targetId, invited.ivy)));
    expect(audit).toMatchObject([{ actorId: people.ivy.id, organizationId: acmeId, targetType: 'invitation' }]);
    // Someone else's invitation in the same organization is untouched.
    expect(await statusInClerk(invited.oscar)).toBe('pending');
  });

  it('says there is nothing to decline once the invitation is no longer pending', async () => {
    signInAs(people.ivy.id);
    expect(await decline({ organizationId: acmeId, invitationId: invited.ivy })).toMatchObject({ ok: true });
    expect(await decline({ organizationId: acmeId, invitationId: invited.ivy })).toMatchObject({
      ok: false,
      code: 'invitation_not_pending',
    });
  });

  it('needs a signed-in user and both ids', async () => {
    signInAs(null);
    expect(await decline({ organizationId: acmeId, invitationId: invited.oscar })).toMatchObject({ ok: false, code: 'unauthenticated' });
    signInAs(people.oscar.id);
    expect(await decline({ organizationId: acmeId, invitationId: '' })).toMatchObject({ ok: false, code: 'invalid_request' });
    expect(await statusInClerk(invited.oscar)).toBe('pending');
  });
});

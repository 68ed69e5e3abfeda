/**
 * The webhook route end to end: genuine svix-signed deliveries of Clerk-shaped
 * payloads through `POST`, against a real setup.database.
 */
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { auditLog, invitations, memberships, organizations, projects, users, webhookEvents } from '@/lib/db/schema';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { HANDLED_EVENT_TYPES } from '@/lib/sync/events';
import { CLERK_EVENT_TYPES, clerkEvent, type ClerkEventFixture } from '@/scripts/support/clerk-events';
import { setUpWebhookRoute } from '@/tests/support/database';

const SECRET = `whsec_${Buffer.from('route-test-secret-0123456789abcdef').toString('base64')}`;
const ENDPOINT = 'http://localhost:3000/api/webhooks/clerk';
const T0 = 1764150000000; // the fixtures' clock

const setup = setUpWebhookRoute(SECRET);
/** Stale deliveries are logged with console.info (the route's logger): captured, and checked below. */
const info = vi.spyOn(console, 'info').mockImplementation(() => {});
afterAll(() => info.mockRestore());

/** The fixture with every Clerk id made unique, so each test owns its rows. */
function fixture(type: string, suffix: string): ClerkEventFixture {
  return JSON.parse(JSON.stringify(clerkEvent(type)).replace(/\b((?:user|org|orgmem|orginv|sess)_2pQ\w+)/g, `$1_${suffix}`));
}
const ids = (suffix: string) => ({
  user: `user_2pQ7sYfXbLk3mN8rT1vW4xZ6aB9_${suffix}`,
  org: `org_2pQ8aCmE5gH7jK9lN2pR4tV6wX1_${suffix}`,
  membership: `orgmem_2pQ8bDnF6hJ8kL0mP3qS5uW7yZ2_${suffix}`,
  invitation: `orginv_2pQ9cEoG7iK9lM1nQ4rT6vX8zA3_${suffix}`,
  revokedInvitation: `orginv_2pQAhJtL2nP4qR6sV9wY1zB3cD5_${suffix}`,
  session: `sess_2pQ9dFpH8jL0mN2oR5sU7wY9aB4_${suffix}`,
});

async function deliver(payload: unknown, options: { id?: string; secret?: string; timestamp?: Date } = {}) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const response = await setup.route.POST(signedWebhookRequest(ENDPOINT, options.secret ?? SECRET, body, options));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function deliverAll(suffix: string, ...types: string[]) {
  for (const type of types) expect((await deliver(fixture(type, suffix))).status).toBe(200);
}

const one = async <T>(rows: Promise<T[]>): Promise<T> => {
  const found = await rows;
  expect(found).toHaveLength(1);
  return found[0]!;
};
const userRow = (id: string) => one(setup.database.db.select().from(users).where(eq(users.id, id)));
const orgRow = (id: string) => one(setup.database.db.select().from(organizations).where(eq(organizations.id, id)));
const membershipRow = (org: string, user: string) =>
  one(
    setup.database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, org), eq(memberships.userId, user))),
  );
const invitationRow = (id: string) => one(setup.database.db.select().from(invitations).where(eq(invitations.id, id)));
const auditFor = (targetId: string) => setup.database.db.select().from(auditLog).where(eq(auditLog.targetId, targetId));

async function rowCounts() {
  const tables = { users, organizations, memberships, invitations, projects, webhookEvents, auditLog };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await setup.database.db.select({ count: sql<number>`count(*)::int` }).from(table);
    counts[name] = row!.count;
  }
  return counts;
}

describe('users', () => {
  it('user.created inserts the user with the primary email and the app role from public_metadata', async () => {
    const id = ids('uc');
    const event = fixture('user.created', 'uc');
    const delivery = await deliver(event, { id: 'msg_user_created' });
    expect(delivery).toEqual({ status: 200, body: { ok: true, status: 'applied' } });
    expect(await userRow(id.user)).toMatchObject({
      email: 'ada@example.com',
      firstName: 'Ada',
      lastName: 'Lovelace',
      role: 'admin',
      clerkUpdatedAt: T0,
      deletedAt: null,
    });
    const [ledger] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_user_created'));
    expect(ledger).toMatchObject({ type: 'user.created', status: 'applied', attempts: 1, error: null, payload: null });
    expect(await auditFor(id.user)).toMatchObject([
      { action: 'user.created', targetType: 'user', actorId: null, metadata: { svixId: 'msg_user_created', changed: true } },
    ]);
  });

  it('user.updated rewrites the profile and moves activity forward', async () => {
    const id = ids('uu');
    await deliverAll('uu', 'user.created', 'user.updated');
    expect(await userRow(id.user)).toMatchObject({
      firstName: 'Augusta Ada',
      lastName: 'King',
      role: 'manager',
      clerkUpdatedAt: T0 + 60_000,
      lastSignInAt: new Date(T0 + 2000),
      lastActiveAt: new Date(T0 + 30_000),
    });
  });

  it('an unknown or missing role reads as member', async () => {
    const event = fixture('user.created', 'role');
    (event.data.public_metadata as Record<string, unknown>).role = 'superuser';
    await deliver(event);
    expect((await userRow(ids('role').user)).role).toBe('member');
  });

  it('user.deleted tombstones the user (personal data cleared) and their memberships', async () => {
    const id = ids('ud');
    await deliverAll('ud', 'user.created', 'organization.created', 'organizationMembership.created', 'user.deleted');
    const deletedAt = new Date(T0 + 7_200_000);
    expect(await userRow(id.user)).toMatchObject({
      deletedAt,
      clerkUpdatedAt: T0 + 7_200_000,
      email: null,
      firstName: null,
      lastName: null,
    });
    expect(await membershipRow(id.org, id.user)).toMatchObject({ deletedAt });
    expect((await orgRow(id.org)).deletedAt).toBeNull();
  });

  it('a user.created that arrives after user.deleted does not resurrect the user', async () => {
    const id = ids('late');
    await deliverAll('late', 'user.deleted', 'user.created', 'user.updated');
    expect(await userRow(id.user)).toMatchObject({ deletedAt: new Date(T0 + 7_200_000), email: null });
  });
});

describe('organizations', () => {
  it('organization.created and organization.updated', async () => {
    const id = ids('oc');
    await deliverAll('oc', 'organization.created');
    expect(await orgRow(id.org)).toMatchObject({ name: 'Acme', slug: 'acme', clerkUpdatedAt: T0 + 1000, deletedAt: null });
    await deliverAll('oc', 'organization.updated');
    expect(await orgRow(id.org)).toMatchObject({ name: 'Acme Corp', slug: 'acme-corp', clerkUpdatedAt: T0 + 120_000 });
  });

  it('organization.deleted tombstones the organization, its memberships and invitations, and deletes its projects', async () => {
    const id = ids('od');
    const other = ids('od_other');
    await deliverAll('od', 'user.created', 'organization.created', 'organizationMembership.created', 'organizationInvitation.created');
    await deliverAll('od_other', 'organization.created');
    await setup.database.db.insert(projects).values([
      { organizationId: id.org, name: 'Doomed', createdBy: id.user },
      { organizationId: other.org, name: 'Unrelated' },
    ]);

    const delivery = await deliver(fixture('organization.deleted', 'od'));
    expect(delivery.body).toEqual({ ok: true, status: 'applied' });
    const deletedAt = new Date(T0 + 7_300_000);
    expect(await orgRow(id.org)).toMatchObject({ deletedAt, name: '', slug: null });
    expect(await membershipRow(id.org, id.user)).toMatchObject({ deletedAt, role: 'org:admin' });
    expect(await invitationRow(id.invitation)).toMatchObject({ deletedAt, status: 'pending' });
    expect(await setup.database.db.select().from(projects).where(eq(projects.organizationId, id.org))).toEqual([]);
    expect(await setup.database.db.select().from(projects).where(eq(projects.organizationId, other.org))).toHaveLength(1);
    expect((await userRow(id.user)).deletedAt).toBeNull();
    const audit = await auditFor(id.org);
    expect(audit.find((entry) => entry.action === 'organization.deleted')?.metadata).toMatchObject({ projectsDeleted: 1 });
  });
});

describe('organization deletion, again', () => {
  it('a repeated organization.deleted still purges tenant data left behind, and says applied only when it did', async () => {
    const id = ids('odagain');
    await deliverAll('odagain', 'organization.deleted');
    await setup.database.db.insert(projects).values({ organizationId: id.org, name: 'Left behind' });
    expect((await deliver(fixture('organization.deleted', 'odagain'))).body).toEqual({ ok: true, status: 'applied' });
    expect(await setup.database.db.select().from(projects).where(eq(projects.organizationId, id.org))).toEqual([]);
    expect((await deliver(fixture('organization.deleted', 'odagain'))).body).toEqual({ ok: true, status: 'stale' });
  });
});

describe('memberships', () => {
  it('a membership that arrives before its user and organization creates stub rows that later events fill in', async () => {
    const id = ids('mstub');
    await deliverAll('mstub', 'organizationMembership.created');
    expect(await membershipRow(id.org, id.user)).toMatchObject({ clerkId: id.membership, role: 'org:admin', deletedAt: null });
    expect(await userRow(id.user)).toMatchObject({ clerkUpdatedAt: 0, email: null, role: 'member' });
    expect(await orgRow(id.org)).toMatchObject({ clerkUpdatedAt: 0, name: '' });

    await deliverAll('mstub', 'user.created', 'organization.created');
    expect(await userRow(id.user)).toMatchObject({ clerkUpdatedAt: T0, email: 'ada@example.com', role: 'admin' });
    expect(await orgRow(id.org)).toMatchObject({ clerkUpdatedAt: T0 + 1000, name: 'Acme' });
  });

  it('organizationMembership.updated changes the role; .deleted tombstones it at the event time', async () => {
    const id = ids('mud');
    await deliverAll('mud', 'user.created', 'organization.created', 'organizationMembership.created', 'organizationMembership.updated');
    expect(await membershipRow(id.org, id.user)).toMatchObject({ role: 'org:member', clerkUpdatedAt: T0 + 180_000, deletedAt: null });
    await deliverAll('mud', 'organizationMembership.deleted');
    expect(await membershipRow(id.org, id.user)).toMatchObject({ clerkUpdatedAt: T0 + 240_000, deletedAt: new Date(T0 + 240_000) });
  });

  it.each([
    ['update first', ['organizationMembership.updated', 'organizationMembership.deleted']],
    ['deletion first', ['organizationMembership.deleted', 'organizationMembership.updated']],
  ])('an update and a deletion stamped in the same millisecond resolve to the deletion (%s)', async (name, order) => {
    const suffix = `tie_${name.split(' ')[0]}`;
    const id = ids(suffix);
    const events = Object.fromEntries(order.map((type) => [type, fixture(type, suffix)]));
    events['organizationMembership.deleted']!.timestamp = T0 + 180_000; // the update's updated_at
    for (const type of order) await deliver(events[type]);
    expect(await membershipRow(id.org, id.user)).toMatchObject({ deletedAt: new Date(T0 + 180_000), role: 'org:member' });
  });

  it.each([
    ['update first', ['organizationMembership.updated', 'organizationMembership.deleted']],
    ['deletion first', ['organizationMembership.deleted', 'organizationMembership.updated']],
  ])('a deletion stamped before the last update still ends the membership, for good (%s)', async (name, order) => {
    const suffix = `early_${name.split(' ')[0]}`;
    const id = ids(suffix);
    await deliverAll(suffix, 'organizationMembership.created');
    const events = Object.fromEntries(order.map((type) => [type, fixture(type, suffix)]));
    // As in Clerk's published example: stamped at the creation's second, repeating the creation's state.
    const deletion = events['organizationMembership.deleted']!;
    deletion.timestamp = Math.floor((T0 + 1500) / 1000);
    Object.assign(deletion.data, { role: 'org:admin', updated_at: T0 + 1500 });
    for (const type of order) expect((await deliver(events[type])).status).toBe(200);
    expect(await membershipRow(id.org, id.user)).toMatchObject({
      endedAt: new Date(T0 + 1000),
      deletedAt: new Date(T0 + 1000),
      role: 'org:admin',
      clerkUpdatedAt: T0 + 1000,
    });
  });

  /** Ada leaves Acme and is added back: Clerk makes that a new membership, with a new id and a later created_at. */
  function rejoin(suffix: string) {
    const joined = T0 + 300_000;
    const created = fixture('organizationMembership.created', suffix);
    Object.assign(created.data, { id: `orgmem_rejoined_${suffix}`, role: 'org:member', created_at: joined, updated_at: joined });
    created.timestamp = joined / 1000;
    const deleted = fixture('organizationMembership.deleted', suffix);
    Object.assign(deleted.data, { id: `orgmem_rejoined_${suffix}`, role: 'org:member', created_at: joined, updated_at: joined });
    deleted.timestamp = (joined + 60_000) / 1000;
    return { 'rejoin.created': created, 'rejoin.deleted': deleted } as Record<string, ClerkEventFixture>;
  }

  it.each([
    [
      'Clerk’s order',
      ['organizationMembership.created', 'organizationMembership.updated', 'organizationMembership.deleted', 'rejoin.created'],
      true,
    ],
    [
      'the rejoin first',
      ['rejoin.created', 'organizationMembership.created', 'organizationMembership.updated', 'organizationMembership.deleted'],
      true,
    ],
    [
      'the old deletion last',
      ['organizationMembership.created', 'rejoin.created', 'organizationMembership.updated', 'organizationMembership.deleted'],
      true,
    ],
    [
      'the rejoin ended too, old events last',
      ['rejoin.deleted', 'rejoin.created', 'organizationMembership.deleted', 'organizationMembership.created'],
      false,
    ],
  ])('a member who left and rejoins holds the new membership, whatever the order (%s)', async (name, order, live) => {
    const suffix = `rejoin_${name.replace(/\W+/g, '_')}`;
    const id = ids(suffix);
    const events = {
      ...rejoin(suffix),
      ...Object.fromEntries(order.filter((type) => !type.startsWith('rejoin')).map((type) => [type, fixture(type, suffix)])),
    };
    for (const type of order) expect((await deliver(events[type])).status).toBe(200);
    expect(await membershipRow(id.org, id.user)).toMatchObject({
      clerkId: `orgmem_rejoined_${suffix}`,
      clerkCreatedAt: T0 + 300_000,
      role: 'org:member',
      endedAt: live ? null : new Date(T0 + 360_000),
      deletedAt: live ? null : new Date(T0 + 360_000),
    });
  });

  it('an event of the old membership after the rejoin is stale', async () => {
    const suffix = 'rejoin_stale';
    await deliverAll(suffix, 'organizationMembership.created', 'organizationMembership.deleted');
    await deliver(rejoin(suffix)['rejoin.created']);
    expect((await deliver(fixture('organizationMembership.updated', suffix))).body).toEqual({ ok: true, status: 'stale' });
    expect((await deliver(fixture('organizationMembership.deleted', suffix))).body).toEqual({ ok: true, status: 'stale' });
    expect(await membershipRow(ids(suffix).org, ids(suffix).user)).toMatchObject({ clerkId: `orgmem_rejoined_${suffix}`, deletedAt: null });
  });
});

describe('invitations', () => {
  it('created, accepted and revoked set the status', async () => {
    const id = ids('inv');
    await deliverAll('inv', 'organizationInvitation.created');
    expect(await invitationRow(id.invitation)).toMatchObject({
      organizationId: id.org,
      email: 'grace@example.com',
      role: 'org:member',
      status: 'pending',
    });
    await deliverAll('inv', 'organizationInvitation.accepted', 'organizationInvitation.revoked');
    expect(await invitationRow(id.invitation)).toMatchObject({ status: 'accepted', clerkUpdatedAt: T0 + 90_000 });
    expect(await invitationRow(id.revokedInvitation)).toMatchObject({ status: 'revoked', email: 'mallory@example.com' });
  });

  it('a late invitation.created does not undo its acceptance', async () => {
    const id = ids('invlate');
    await deliverAll('invlate', 'organizationInvitation.accepted', 'organizationInvitation.created');
    expect((await invitationRow(id.invitation)).status).toBe('accepted');
  });
});

describe('sessions', () => {
  it('session.created records the sign-in and activity, with an audit entry naming the user', async () => {
    const id = ids('sc');
    await deliverAll('sc', 'user.created', 'session.created');
    expect(await userRow(id.user)).toMatchObject({ lastSignInAt: new Date(T0 + 2000), lastActiveAt: new Date(T0 + 2000) });
    expect(await auditFor(id.session)).toMatchObject([
      { action: 'session.created', actorId: id.user, targetType: 'session', metadata: { status: 'active', changed: true } },
    ]);
  });

  it.each(['session.ended', 'session.removed', 'session.revoked'])('%s moves last activity forward and is audited', async (type) => {
    const suffix = type.replace('.', '_');
    const id = ids(suffix);
    await deliverAll(suffix, 'user.created', 'session.created', type);
    expect(await userRow(id.user)).toMatchObject({ lastSignInAt: new Date(T0 + 2000), lastActiveAt: new Date(T0 + 3_500_000) });
    expect((await auditFor(id.session)).map((entry) => entry.action)).toEqual(['session.created', type]);
  });

  it('activity never moves backwards, whatever the order', async () => {
    const id = ids('sorder');
    await deliverAll('sorder', 'session.revoked', 'session.created', 'user.updated');
    expect(await userRow(id.user)).toMatchObject({ lastSignInAt: new Date(T0 + 2000), lastActiveAt: new Date(T0 + 3_500_000) });
  });
});

describe('Clerk’s published examples: every envelope stamped in seconds, deletions before the last updates', () => {
  const story = [
    'user.created',
    'user.updated',
    'organization.created',
    'organization.updated',
    'organizationMembership.created',
    'organizationMembership.updated',
    'organizationMembership.deleted',
    'organization.deleted',
    'user.deleted',
  ];
  it.each([
    ['delivered in Clerk’s order', story],
    ['delivered in reverse', [...story].reverse()],
  ])('the user, the organization and the membership end deleted (%s)', async (name, order) => {
    const suffix = `examples_${name.split(' ').at(-1)}`;
    const id = ids(suffix);
    await setup.database.db.insert(organizations).values({ id: id.org });
    await setup.database.db.insert(projects).values({ organizationId: id.org, name: 'Tenant data' });
    for (const type of order) {
      const event = fixture(type, suffix);
      event.timestamp = T0 / 1000; // like Clerk's examples: one second for every event, so each deletion predates the updates
      const delivery = await deliver(event);
      expect(delivery.status).toBe(200);
      expect(['applied', 'stale']).toContain(delivery.body.status);
    }
    const deletedAt = new Date(T0);
    expect(await userRow(id.user)).toMatchObject({
      deletedAt,
      email: null,
      firstName: null,
      lastName: null,
      imageUrl: null,
      lastSignInAt: null,
      lastActiveAt: null,
    });
    expect(await orgRow(id.org)).toMatchObject({ deletedAt, name: '', slug: null });
    expect(await setup.database.db.select().from(projects).where(eq(projects.organizationId, id.org))).toEqual([]);
    expect(await membershipRow(id.org, id.user)).toMatchObject({ clerkId: id.membership, endedAt: deletedAt, deletedAt });
  });
});

describe('every fixture through the signed route', () => {
  it.each(CLERK_EVENT_TYPES)('%s (Clerk’s envelope, timestamp in seconds) is accepted', async (type) => {
    const event = fixture(type, `fixture_${type.replace('.', '_')}`);
    expect(event).toMatchObject({
      object: 'event',
      type,
      instance_id: expect.any(String),
      event_attributes: { http_request: expect.any(Object) },
    });
    expect(event.timestamp).toBeLessThan(1e11);
    const delivery = await deliver(event);
    expect(delivery).toEqual({ status: 200, body: { ok: true, status: HANDLED_EVENT_TYPES.has(type) ? 'applied' : 'ignored' } });
  });
});

describe('acknowledged without applying', () => {
  it.each(['email.created', 'sms.created', 'organizationDomain.created', 'role.created'])(
    '%s is answered 200 ignored and only recorded in the ledger (without its payload)',
    async (type) => {
      const event = type.startsWith('email') || type.startsWith('sms') ? clerkEvent(type) : { ...clerkEvent('user.created'), type };
      const before = await rowCounts();
      const svixId = `msg_ignored_${type}`;
      expect(await deliver(event, { id: svixId })).toEqual({ status: 200, body: { ok: true, status: 'ignored' } });
      expect(await rowCounts()).toEqual({ ...before, webhookEvents: before.webhookEvents! + 1 });
      const [ledger] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, svixId));
      expect(ledger).toMatchObject({ type, status: 'ignored', payload: null });
    },
  );
});

describe('idempotency', () => {
  it('a redelivery of the same message is a duplicate and applies nothing', async () => {
    const id = ids('dup');
    const event = fixture('session.created', 'dup');
    expect((await deliver(event, { id: 'msg_dup' })).body).toEqual({ ok: true, status: 'applied' });
    expect((await deliver(event, { id: 'msg_dup' })).body).toEqual({ ok: true, status: 'duplicate' });
    expect(await auditFor(id.session)).toHaveLength(1);
    const [ledger] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_dup'));
    expect(ledger!.attempts).toBe(1);
  });

  it('the same event under a new message id changes nothing (versions, not ids, decide) and says so: stale', async () => {
    const id = ids('resend');
    await deliverAll('resend', 'user.created', 'user.updated');
    info.mockClear();
    const resent = await deliver(fixture('user.created', 'resend'), { id: 'msg_resent_stale' });
    expect(resent).toEqual({ status: 200, body: { ok: true, status: 'stale' } });
    expect(info).toHaveBeenCalledTimes(1);
    expect(info.mock.calls[0]!.join(' ')).toMatch(new RegExp(`msg_resent_stale user\\.created ${id.user} is stale`));
    expect(await userRow(id.user)).toMatchObject({ firstName: 'Augusta Ada', clerkUpdatedAt: T0 + 60_000 });
    expect((await auditFor(id.user)).at(-1)?.metadata).toMatchObject({ changed: false });
    const [ledger] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_resent_stale'));
    expect(ledger).toMatchObject({ type: 'user.created', status: 'stale', payload: null });
    expect((await deliver(fixture('user.created', 'resend'), { id: 'msg_resent_stale' })).body).toEqual({ ok: true, status: 'duplicate' });
  });

  it.each([
    ['an update older than the row', ['user.created', 'user.updated'], 'user.created'],
    ['a deletion already applied', ['user.deleted'], 'user.deleted'],
    ['an update after the deletion', ['user.deleted'], 'user.updated'],
    ['an organization deletion already applied', ['organization.deleted'], 'organization.deleted'],
    ['a membership update after its deletion', ['organizationMembership.deleted'], 'organizationMembership.updated'],
    ['an invitation event older than the row', ['organizationInvitation.accepted'], 'organizationInvitation.created'],
  ])('%s is answered stale', async (name, before, late) => {
    const suffix = `stale_${name.replace(/\W+/g, '_')}`;
    await deliverAll(suffix, ...before);
    expect((await deliver(fixture(late, suffix))).body).toEqual({ ok: true, status: 'stale' });
  });
});

describe('deliveries that cannot be applied', () => {
  it('a signed payload of an unexpected shape is recorded as failed with its payload, answered 422, and applied when retried after a fix', async () => {
    const id = ids('bad');
    const broken = fixture('user.created', 'bad');
    delete broken.data.updated_at;
    const first = await deliver(broken, { id: 'msg_bad' });
    expect(first.status).toBe(422);
    expect(String(first.body.error)).toContain('data.updated_at');
    const [failed] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_bad'));
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, payload: broken });
    expect(failed!.error).toContain('data.updated_at');
    expect(await setup.database.db.select().from(users).where(eq(users.id, id.user))).toEqual([]);

    expect((await deliver(broken, { id: 'msg_bad' })).status).toBe(422);
    const retried = await deliver(fixture('user.created', 'bad'), { id: 'msg_bad' });
    expect(retried).toEqual({ status: 200, body: { ok: true, status: 'applied' } });
    const [applied] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_bad'));
    expect(applied).toMatchObject({ status: 'applied', attempts: 3, error: null, payload: null });
    expect((await userRow(id.user)).email).toBe('ada@example.com');
    expect((await deliver(fixture('user.created', 'bad'), { id: 'msg_bad' })).body).toEqual({ ok: true, status: 'duplicate' });
  });

  it('a signed body that is not JSON is recorded as failed and answered 422', async () => {
    const delivery = await deliver('{"type": "user.created", "data": ', { id: 'msg_not_json' });
    expect(delivery.status).toBe(422);
    const [failed] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_not_json'));
    expect(failed).toMatchObject({ status: 'failed', payload: '{"type": "user.created", "data": ' });
  });
});

describe('rejected deliveries write nothing', () => {
  const body = () => JSON.stringify(fixture('user.created', `rej_${randomUUID().slice(0, 8)}`));
  const signed = (options: { secret?: string; timestamp?: Date } = {}) =>
    signedWebhookRequest(ENDPOINT, options.secret ?? SECRET, body(), options);

  const cases: Array<[string, () => Request | Promise<Request>, number]> = [
    [
      'a tampered body',
      async () => {
        const request = signed();
        const tampered = (await request.text()).replace('ada@example.com', 'eve@example.com');
        return new Request(ENDPOINT, { method: 'POST', headers: request.headers, body: tampered });
      },
      400,
    ],
    [
      'a signature made with another secret',
      () => signed({ secret: `whsec_${Buffer.from('some-other-secret-entirely').toString('base64')}` }),
      400,
    ],
    ['a stale timestamp (10 minutes old)', () => signed({ timestamp: new Date(Date.now() - 10 * 60_000) }), 400],
    ['a timestamp from the future (10 minutes ahead)', () => signed({ timestamp: new Date(Date.now() + 10 * 60_000) }), 400],
    ...(['svix-id', 'svix-timestamp', 'svix-signature'] as const).map((header): [string, () => Request, number] => [
      `a missing ${header} header`,
      () => {
        const request = signed();
        const headers = new Headers(request.headers);
        headers.delete(header);
        return new Request(ENDPOINT, { method: 'POST', headers, body: request.body, duplex: 'half' } as RequestInit);
      },
      400,
    ]),
    [
      'a body over 512 KiB (declared by Content-Length)',
      () => {
        const request = signed();
        const headers = new Headers(request.headers);
        headers.set('content-length', String(600 * 1024));
        return new Request(ENDPOINT, { method: 'POST', headers, body: request.body, duplex: 'half' } as RequestInit);
      },
      413,
    ],
    [
      'a body over 512 KiB (streamed without Content-Length)',
      () => {
        const event = fixture('user.created', 'huge');
        event.data.unsafe_metadata = { padding: 'x'.repeat(600 * 1024) };
        const request = signedWebhookRequest(ENDPOINT, SECRET, JSON.stringify(event));
        const stream = new ReadableStream({
          async start(controller) {
            controller.enqueue(new Uint8Array(await request.arrayBuffer()));
            controller.close();
          },
        });
        return new Request(ENDPOINT, { method: 'POST', headers: request.headers, body: stream, duplex: 'half' } as RequestInit);
      },
      413,
    ],
  ];

  it.each(cases)('%s', async (_name, makeRequest, status) => {
    const before = await rowCounts();
    const request = await makeRequest();
    const response = await setup.route.POST(request);
    expect(response.status).toBe(status);
    expect(await response.json()).toHaveProperty('error');
    expect(await rowCounts()).toEqual(before);
  });
});

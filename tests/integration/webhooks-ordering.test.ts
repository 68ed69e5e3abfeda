/**
 * Order-safety, property-based. On Clerk's clock, a user, an organization (with
 * one project), the user's membership of it and an invitation each live
 * through a prefix of their events; the membership may end and the user rejoin
 * (Clerk makes that a new membership: new id, later `created_at`). Delivered in
 * any order, with redeliveries (same svix id) and resends (new svix id) mixed
 * in, with every stamp in seconds or milliseconds, and with deletions stamped
 * earlier than the updates before them (as in Clerk's published examples), the
 * database must end in the state Clerk holds: a deleted user, organization or
 * membership is deleted, whatever came after it. That state is computed by a
 * small model (below), which an in-order delivery checks too.
 */
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { invitations, memberships, organizations, projects, users } from '@/lib/db/schema';
import { processDelivery } from '@/lib/sync/deliveries';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { setUpWebhookRoute } from '@/tests/support/database';

const SECRET = `whsec_${Buffer.from('ordering-test-secret-0123456789ab').toString('base64')}`;
/** Clerk's clock, in whole seconds so that every stamp can be sent in either unit. */
const BASE = 1_764_150_000_000;
const SECOND = 1000;

const setup = setUpWebhookRoute(SECRET);
// Redelivered and out-of-order events are answered `stale` and logged (tests/integration/webhooks-route.test.ts checks the line).
beforeAll(() => void vi.spyOn(console, 'info').mockImplementation(() => {}));

// ---------------------------------------------------------------------------
// Scenarios

type Entity = 'user' | 'org' | 'member' | 'invite';
/** The two memberships of the user in the organization: the first, and the one a rejoin creates. */
type Life = 0 | 1;

interface UserFields {
  firstName: string;
  email: string;
  role: string;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
}
interface OrgFields {
  name: string;
  slug: string | null;
}

interface Scenario {
  /** How many of its events each entity lives through (user, org: created, updated, updated, deleted). */
  steps: { user: number; org: number; invite: number };
  /** Membership events: the first membership's (created, updated, updated, deleted), then, if it ended, the rejoin's (created, updated, deleted). */
  lives: [number, number];
  userFields: UserFields[];
  orgFields: OrgFields[];
  /** Roles by life: the k-th write of life L has roles[3L + k]. */
  roles: string[];
  invitation: { email: string; role: string; outcome: 'accepted' | 'revoked' };
  /** How much earlier than its moment each deletion is stamped (seconds). */
  deletionSkew: Record<'user' | 'org' | 'member0' | 'member1', number>;
  /** Per life: the deleted membership's payload repeats its creation's state (as Clerk's example does), not its last. */
  deletedRepeatsCreation: [boolean, boolean];
  /** Entity labels in Clerk's order: the k-th label of an entity is its k-th event. */
  timeline: Entity[];
  /** Per event (in Clerk's order): the envelope `timestamp` in seconds, and the stamps in `data` in seconds. */
  units: { envelopeInSeconds: boolean; dataInSeconds: boolean }[];
  /** Extra deliveries: the index (mod event count) of an event to send again, under the same svix id or a new one. */
  repeats: { index: number; sameId: boolean }[];
  /** Sort keys giving the delivery order. */
  order: number[];
}

const stamp = fc.option(
  fc.integer({ min: -1000, max: 0 }).map((seconds) => BASE + seconds * SECOND),
  { nil: null },
);
const userFields = fc.record({
  firstName: fc.string({ maxLength: 8 }),
  email: fc.emailAddress(),
  role: fc.constantFrom('admin', 'manager', 'member', 'owner'),
  lastSignInAt: stamp,
  lastActiveAt: stamp,
});
const orgFields = fc.record({ name: fc.string({ maxLength: 8 }), slug: fc.option(fc.stringMatching(/^[a-z]{1,6}$/), { nil: null }) });
const skew = fc.integer({ min: 0, max: 8 });

const scenarios: fc.Arbitrary<Scenario> = fc
  .record({
    steps: fc.record({ user: fc.integer({ min: 1, max: 4 }), org: fc.integer({ min: 1, max: 4 }), invite: fc.integer({ min: 1, max: 2 }) }),
    lives: fc
      .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 3 }))
      .map(([first, rejoin]): [number, number] => [first, first === 4 ? rejoin : 0]),
    userFields: fc.array(userFields, { minLength: 3, maxLength: 3 }),
    orgFields: fc.array(orgFields, { minLength: 3, maxLength: 3 }),
    roles: fc.array(fc.constantFrom('org:admin', 'org:member', 'org:billing'), { minLength: 6, maxLength: 6 }),
    invitation: fc.record({ email: fc.emailAddress(), role: fc.constantFrom('org:admin', 'org:member'), outcome: fc.constantFrom('accepted' as const, 'revoked' as const) }),
    deletionSkew: fc.record({ user: skew, org: skew, member0: skew, member1: skew }),
    deletedRepeatsCreation: fc.tuple(fc.boolean(), fc.boolean()),
    repeats: fc.array(fc.record({ index: fc.nat(), sameId: fc.boolean() }), { maxLength: 6 }),
  })
  .chain((base) => {
    const counts: Record<Entity, number> = { ...base.steps, member: base.lives[0] + base.lives[1] };
    const labels = (Object.entries(counts) as [Entity, number][]).flatMap(([entity, n]) => Array<Entity>(n).fill(entity));
    const deliveries = labels.length + base.repeats.length;
    return fc
      .record({
        timeline: fc.shuffledSubarray(labels, { minLength: labels.length, maxLength: labels.length }),
        units: fc.array(fc.record({ envelopeInSeconds: fc.boolean(), dataInSeconds: fc.boolean() }), { minLength: labels.length, maxLength: labels.length }),
        order: fc.array(fc.double({ noNaN: true }), { minLength: deliveries, maxLength: deliveries }),
      })
      .map((rest) => ({ ...base, ...rest }));
  });

interface Ids {
  user: string;
  org: string;
  memberships: [string, string];
  invitation: string;
}
const idsFor = (run: string): Ids => ({
  user: `user_${run}`,
  org: `org_${run}`,
  memberships: [`orgmem_${run}_first`, `orgmem_${run}_rejoined`],
  invitation: `orginv_${run}`,
});

type Step = 'created' | 'updated' | 'deleted' | 'accepted' | 'revoked';

interface TimedEvent {
  entity: Entity;
  /** Which membership (memberships only). */
  life: Life;
  /** Position among the entity's (or the membership's) own events (0 = created). */
  index: number;
  step: Step;
  /** When it happened on Clerk's clock. */
  at: number;
  /** The envelope `timestamp`: `at`, or earlier for a deletion. */
  stampedAt: number;
  units: Scenario['units'][number];
}

/** The last event of an entity's life is its deletion when it reaches this many events. */
const DELETED_AT_STEP = { user: 3, org: 3, member: [3, 2] } as const;

function timeline(scenario: Scenario): TimedEvent[] {
  const seen: Record<Entity, number> = { user: 0, org: 0, member: 0, invite: 0 };
  return scenario.timeline.map((entity, position) => {
    const overall = seen[entity]++;
    const life: Life = entity === 'member' && overall >= scenario.lives[0] ? 1 : 0;
    const index = life === 1 ? overall - scenario.lives[0] : overall;
    const at = BASE + (position + 1) * SECOND;
    const lastStep = entity === 'member' ? DELETED_AT_STEP.member[life] : entity === 'invite' ? Infinity : DELETED_AT_STEP[entity];
    const step: Step =
      entity === 'invite' ? (index === 0 ? 'created' : scenario.invitation.outcome) : index === lastStep ? 'deleted' : index === 0 ? 'created' : 'updated';
    const skewKey = entity === 'member' ? (`member${life}` as const) : (entity as 'user' | 'org');
    const stampedAt = step === 'deleted' ? Math.max(BASE, at - scenario.deletionSkew[skewKey] * SECOND) : at;
    return { entity, life, index, step, at, stampedAt, units: scenario.units[position]! };
  });
}

const eventsOf = (events: TimedEvent[], entity: Entity, life: Life = 0) =>
  events.filter((event) => event.entity === entity && event.life === life);

/** The Clerk webhook payload for one event, shaped like Clerk's (see tests/fixtures/clerk-events). */
function payload(scenario: Scenario, ids: Ids, events: TimedEvent[], event: TimedEvent) {
  const type = { user: 'user', org: 'organization', member: 'organizationMembership', invite: 'organizationInvitation' }[event.entity];
  const { envelopeInSeconds, dataInSeconds } = event.units;
  const time = (ms: number | null) => (ms === null || !dataInSeconds ? ms : ms / SECOND);
  const envelope = (data: Record<string, unknown>) => ({
    object: 'event',
    type: `${type}.${event.step}`,
    timestamp: envelopeInSeconds ? event.stampedAt / SECOND : event.stampedAt,
    instance_id: 'ins_ordering',
    event_attributes: { http_request: { client_ip: '203.0.113.7', user_agent: 'property-test' } },
    data,
  });
  const own = eventsOf(events, event.entity, event.life);
  const createdAt = own[0]!.at;
  if ((event.entity === 'user' || event.entity === 'org') && event.step === 'deleted') {
    return envelope({ id: ids[event.entity], object: type, deleted: true });
  }
  if (event.entity === 'user') {
    const fields = scenario.userFields[event.index]!;
    return envelope({
      id: ids.user,
      object: 'user',
      email_addresses: [{ id: `idn_${ids.user}`, email_address: fields.email, linked_to: [] }],
      primary_email_address_id: `idn_${ids.user}`,
      first_name: fields.firstName,
      last_name: null,
      image_url: `https://img.example/${event.index}`,
      public_metadata: { role: fields.role },
      created_at: time(createdAt),
      updated_at: time(event.at),
      last_sign_in_at: time(fields.lastSignInAt),
      last_active_at: time(fields.lastActiveAt),
    });
  }
  if (event.entity === 'org') {
    const fields = scenario.orgFields[event.index]!;
    return envelope({ id: ids.org, object: 'organization', name: fields.name, slug: fields.slug, image_url: null, created_at: time(createdAt), updated_at: time(event.at) });
  }
  if (event.entity === 'invite') {
    return envelope({
      id: ids.invitation,
      object: 'organization_invitation',
      email_address: scenario.invitation.email,
      role: scenario.invitation.role,
      status: event.index === 0 ? 'pending' : scenario.invitation.outcome,
      organization_id: ids.org,
      created_at: time(createdAt),
      updated_at: time(event.at),
    });
  }
  // A deleted membership carries a state of its own: its last, or (as in Clerk's example) its first.
  const state = event.step === 'deleted' ? (scenario.deletedRepeatsCreation[event.life] ? 0 : event.index - 1) : event.index;
  return envelope({
    id: ids.memberships[event.life],
    object: 'organization_membership',
    role: scenario.roles[event.life * 3 + state],
    created_at: time(createdAt),
    updated_at: time(own[state]!.at),
    organization: { id: ids.org, object: 'organization', name: 'nested', slug: null, created_at: time(BASE), updated_at: time(BASE) },
    public_user_data: { user_id: ids.user, identifier: 'someone@example.com' },
  });
}

// ---------------------------------------------------------------------------
// The state Clerk holds, by model

function expectedState(scenario: Scenario, ids: Ids) {
  const events = timeline(scenario);
  const deletion = (own: TimedEvent[]) => own.find((event) => event.step === 'deleted')?.stampedAt ?? null;
  const present = (values: (number | null)[]) => values.filter((value): value is number => value !== null);
  const maxOf = (values: (number | null)[]) => (present(values).length ? Math.max(...present(values)) : null);
  const minOf = (values: (number | null)[]) => (present(values).length ? Math.min(...present(values)) : null);

  const userEvents = eventsOf(events, 'user');
  const userDeleted = deletion(userEvents);
  const userWrites = userEvents.filter((event) => event.step !== 'deleted');
  const lastUser = scenario.userFields[userWrites.length - 1]!;
  const user = userDeleted
    ? { id: ids.user, email: null, firstName: null, lastName: null, imageUrl: null, role: 'member', lastSignInAt: null, lastActiveAt: null, clerkUpdatedAt: userDeleted, deletedAt: userDeleted }
    : {
        id: ids.user,
        email: lastUser.email,
        firstName: lastUser.firstName,
        lastName: null,
        imageUrl: `https://img.example/${userWrites.length - 1}`,
        role: ['admin', 'manager', 'member'].includes(lastUser.role) ? lastUser.role : 'member',
        lastSignInAt: maxOf(scenario.userFields.slice(0, userWrites.length).map((fields) => fields.lastSignInAt)),
        lastActiveAt: maxOf(scenario.userFields.slice(0, userWrites.length).map((fields) => fields.lastActiveAt)),
        clerkUpdatedAt: userWrites.at(-1)!.at,
        deletedAt: null,
      };

  const orgEvents = eventsOf(events, 'org');
  const orgDeleted = deletion(orgEvents);
  const orgWrites = orgEvents.filter((event) => event.step !== 'deleted');
  const lastOrg = scenario.orgFields[orgWrites.length - 1]!;
  const organization = orgDeleted
    ? { id: ids.org, name: '', slug: null, imageUrl: null, clerkUpdatedAt: orgDeleted, deletedAt: orgDeleted }
    : { id: ids.org, name: lastOrg.name, slug: lastOrg.slug, imageUrl: null, clerkUpdatedAt: orgWrites.at(-1)!.at, deletedAt: null };

  // The row holds the latest membership; the first one's events no longer matter after a rejoin.
  const life: Life = scenario.lives[1] > 0 ? 1 : 0;
  const memberEvents = eventsOf(events, 'member', life);
  const memberWrites = memberEvents.filter((event) => event.step !== 'deleted');
  const ended = deletion(memberEvents);
  const roleIndex = ended !== null && scenario.deletedRepeatsCreation[life] ? 0 : memberWrites.length - 1;
  const membership = {
    organizationId: ids.org,
    userId: ids.user,
    clerkId: ids.memberships[life],
    clerkCreatedAt: memberEvents[0]!.at,
    role: scenario.roles[life * 3 + roleIndex],
    clerkUpdatedAt: ended ?? memberWrites.at(-1)!.at,
    endedAt: ended,
    // Deleted from the earliest of its own, its organization's and its user's deletion.
    deletedAt: minOf([ended, orgDeleted, userDeleted]),
  };

  const inviteEvents = eventsOf(events, 'invite');
  const invitation = {
    id: ids.invitation,
    organizationId: ids.org,
    email: scenario.invitation.email,
    role: scenario.invitation.role,
    status: inviteEvents.length > 1 ? scenario.invitation.outcome : 'pending',
    clerkUpdatedAt: inviteEvents.at(-1)!.at,
    deletedAt: orgDeleted,
  };

  return { user, organization, projects: orgDeleted ? 0 : 1, membership, invitation };
}

const toMillis = (value: Date | null) => (value ? value.getTime() : null);

async function actualState(ids: Ids) {
  const { db } = setup.database;
  const [user] = await db.select().from(users).where(eq(users.id, ids.user));
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, ids.org));
  const [membership] = await db.select().from(memberships).where(and(eq(memberships.organizationId, ids.org), eq(memberships.userId, ids.user)));
  const [invitation] = await db.select().from(invitations).where(eq(invitations.id, ids.invitation));
  const projectRows = await db.select().from(projects).where(eq(projects.organizationId, ids.org));
  return {
    user: user && {
      id: user.id,
      email: user.email,
      firstName: user.firstName,
      lastName: user.lastName,
      imageUrl: user.imageUrl,
      role: user.role,
      lastSignInAt: toMillis(user.lastSignInAt),
      lastActiveAt: toMillis(user.lastActiveAt),
      clerkUpdatedAt: user.clerkUpdatedAt,
      deletedAt: toMillis(user.deletedAt),
    },
    organization: organization && {
      id: organization.id,
      name: organization.name,
      slug: organization.slug,
      imageUrl: organization.imageUrl,
      clerkUpdatedAt: organization.clerkUpdatedAt,
      deletedAt: toMillis(organization.deletedAt),
    },
    projects: projectRows.length,
    membership: membership && {
      organizationId: membership.organizationId,
      userId: membership.userId,
      clerkId: membership.clerkId,
      clerkCreatedAt: membership.clerkCreatedAt,
      role: membership.role,
      clerkUpdatedAt: membership.clerkUpdatedAt,
      endedAt: toMillis(membership.endedAt),
      deletedAt: toMillis(membership.deletedAt),
    },
    invitation: invitation && {
      id: invitation.id,
      organizationId: invitation.organizationId,
      email: invitation.email,
      role: invitation.role,
      status: invitation.status,
      clerkUpdatedAt: invitation.clerkUpdatedAt,
      deletedAt: toMillis(invitation.deletedAt),
    },
  };
}

// ---------------------------------------------------------------------------
// Deliveries

interface Delivery {
  svixId: string;
  payload: ReturnType<typeof payload>;
}

function inOrder(scenario: Scenario, ids: Ids, run: string): Delivery[] {
  const events = timeline(scenario);
  return events.map((event, n) => ({ svixId: `msg_${run}_${n}`, payload: payload(scenario, ids, events, event) }));
}

/** The in-order deliveries plus redeliveries and resends, shuffled. */
function shuffled(scenario: Scenario, ids: Ids, run: string): Delivery[] {
  const original = inOrder(scenario, ids, run);
  const repeats = scenario.repeats.map(({ index, sameId }, n) => {
    const delivery = original[index % original.length]!;
    return sameId ? delivery : { ...delivery, svixId: `${delivery.svixId}_resent_${n}` };
  });
  return [...original, ...repeats]
    .map((delivery, n) => ({ delivery, key: scenario.order[n]! }))
    .sort((a, b) => a.key - b.key)
    .map(({ delivery }) => delivery);
}

let runs = 0;
const nextRun = () => `r${++runs}_${Math.random().toString(36).slice(2, 8)}`;

/** The organization's tenant data, there before any event: an organization deletion must purge it. */
async function seedProject(ids: Ids) {
  await setup.database.db.insert(organizations).values({ id: ids.org });
  await setup.database.db.insert(projects).values({ organizationId: ids.org, name: 'Tenant data' });
}

const viaSyncLayer = async (deliveries: Delivery[]) => {
  for (const delivery of deliveries) {
    const outcome = await processDelivery(setup.database.db, delivery);
    expect(['applied', 'stale', 'duplicate']).toContain(outcome.status);
  }
};

const viaRoute = async (deliveries: Delivery[]) => {
  for (const { svixId, payload: event } of deliveries) {
    const response = await setup.route.POST(signedWebhookRequest('http://localhost/api/webhooks/clerk', SECRET, JSON.stringify(event), { id: svixId }));
    expect(response.status).toBe(200);
  }
};

async function check(scenario: Scenario, deliver: (deliveries: Delivery[]) => Promise<void>, order: typeof inOrder) {
  const run = nextRun();
  const ids = idsFor(run);
  await seedProject(ids);
  await deliver(order(scenario, ids, run));
  expect(await actualState(ids)).toEqual(expectedState(scenario, ids));
}

describe('any delivery order converges to the state Clerk holds', () => {
  it('in-order delivery matches the model (sanity check of the model itself)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, (scenario) => check(scenario, viaSyncLayer, inOrder)),
      { numRuns: 60 },
    );
  });

  it('shuffled, with redeliveries and resends, through the sync layer', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, (scenario) => check(scenario, viaSyncLayer, shuffled)),
      { numRuns: 300 },
    );
  });

  it('shuffled, with redeliveries and resends, through the signed HTTP route (smaller sample)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, (scenario) => check(scenario, viaRoute, shuffled)),
      { numRuns: 25 },
    );
  });

  it('a deletion stamped before the last update wins in Clerk’s order and in reverse (the shape of Clerk’s published examples)', async () => {
    // Every entity runs its whole course; each deletion is stamped 8 s early, before the update that preceded it.
    const course: Omit<Scenario, 'order'> = {
      userFields: [0, 1, 2].map((n) => ({ firstName: `Ada ${n}`, email: `ada${n}@example.com`, role: 'admin', lastSignInAt: BASE, lastActiveAt: BASE })),
      orgFields: [0, 1, 2].map((n) => ({ name: `Acme ${n}`, slug: `acme${n}` })),
      roles: ['org:admin', 'org:member', 'org:admin', 'org:member', 'org:member', 'org:member'],
      invitation: { email: 'grace@example.com', role: 'org:member', outcome: 'accepted' },
      steps: { user: 4, org: 4, invite: 2 },
      lives: [4, 0],
      deletionSkew: { user: 8, org: 8, member0: 8, member1: 0 },
      deletedRepeatsCreation: [true, false],
      timeline: ['user', 'org', 'member', 'invite', 'user', 'org', 'member', 'invite', 'user', 'org', 'member', 'user', 'org', 'member'],
      units: Array.from({ length: 14 }, () => ({ envelopeInSeconds: true, dataInSeconds: false })),
      repeats: [],
    };
    await check({ ...course, order: course.timeline.map((_, n) => n) }, viaRoute, shuffled);
    await check({ ...course, order: course.timeline.map((_, n) => -n) }, viaRoute, shuffled);
    const state = expectedState({ ...course, order: [] }, idsFor('shape'));
    expect(state.user.deletedAt).not.toBeNull();
    expect(state.organization.deletedAt).not.toBeNull();
    expect(state.membership.endedAt).not.toBeNull();
    expect(state.projects).toBe(0);
  });
});

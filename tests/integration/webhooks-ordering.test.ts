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
 *
 * Clerk Billing's events (last section) follow the same protocol: a
 * subscription, its free and pro items and a payment attempt change over time;
 * each `subscription.*` event repeats its items as they are at that moment.
 * Whatever the order, the tables end on each object's latest state.
 */
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  billingPaymentAttempts,
  billingSubscriptionItems,
  billingSubscriptions,
  invitations,
  memberships,
  organizations,
  projects,
  users,
} from '@/lib/db/schema';
import { processDelivery } from '@/lib/sync/deliveries';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { setUpWebhookRoute } from '@/tests/support/database';

// Hundreds of property runs against Postgres: ~45 s on a busy two-core machine, too near the suite's 60 s default.
vi.setConfig({ testTimeout: 300_000 });

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
    invitation: fc.record({
      email: fc.emailAddress(),
      role: fc.constantFrom('org:admin', 'org:member'),
      outcome: fc.constantFrom('accepted' as const, 'revoked' as const),
    }),
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
        units: fc.array(fc.record({ envelopeInSeconds: fc.boolean(), dataInSeconds: fc.boolean() }), {
          minLength: labels.length,
          maxLength: labels.length,
        }),
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
      entity === 'invite'
        ? index === 0
          ? 'created'
          : scenario.invitation.outcome
        : index === lastStep
          ? 'deleted'
          : index === 0
            ? 'created'
            : 'updated';
    const skewKey = entity === 'member' ? (`member${life}` as const) : (entity as 'user' | 'org');
    const stampedAt = step === 'deleted' ? Math.max(BASE, at - scenario.deletionSkew[skewKey] * SECOND) : at;
    return { entity, life, index, step, at, stampedAt, units: scenario.units[position]! };
  });
}

const eventsOf = (events: TimedEvent[], entity: Entity, life: Life = 0) =>
  events.filter((event) => event.entity === entity && event.life === life);

/** The Clerk webhook payload for one event, shaped like Clerk's (see scripts/support/clerk-events). */
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
    return envelope({
      id: ids.org,
      object: 'organization',
      name: fields.name,
      slug: fields.slug,
      image_url: null,
      created_at: time(createdAt),
      updated_at: time(event.at),
    });
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
    ? {
        id: ids.user,
        email: null,
        firstName: null,
        lastName: null,
        imageUrl: null,
        role: 'member',
        lastSignInAt: null,
        lastActiveAt: null,
        clerkUpdatedAt: userDeleted,
        deletedAt: userDeleted,
      }
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
  const [membership] = await db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, ids.org), eq(memberships.userId, ids.user)));
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
    const response = await setup.route.POST(
      signedWebhookRequest('http://localhost/api/webhooks/clerk', SECRET, JSON.stringify(event), { id: svixId }),
    );
    expect(response.status).toBe(200);
  }
};

/** Delivers the scenario, checks the database against the model, and returns what the database holds. */
async function deliverAndCompare(scenario: Scenario, deliver: (deliveries: Delivery[]) => Promise<void>, order: typeof inOrder) {
  const run = nextRun();
  const ids = idsFor(run);
  await seedProject(ids);
  await deliver(order(scenario, ids, run));
  const state = await actualState(ids);
  expect(state).toEqual(expectedState(scenario, ids));
  return state;
}

async function check(scenario: Scenario, deliver: (deliveries: Delivery[]) => Promise<void>, order: typeof inOrder) {
  await deliverAndCompare(scenario, deliver, order);
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
      userFields: [0, 1, 2].map((n) => ({
        firstName: `Ada ${n}`,
        email: `ada${n}@example.com`,
        role: 'admin',
        lastSignInAt: BASE,
        lastActiveAt: BASE,
      })),
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
    for (const order of [course.timeline.map((_, n) => n), course.timeline.map((_, n) => -n)]) {
      // What the database holds, not what the model says: every deletion won.
      const state = await deliverAndCompare({ ...course, order }, viaRoute, shuffled);
      expect(state.user?.deletedAt).toEqual(expect.any(Number));
      expect(state.organization?.deletedAt).toEqual(expect.any(Number));
      expect(state.membership?.endedAt).toEqual(expect.any(Number));
      expect(state.projects).toBe(0);
    }
  });
});

// ---------------------------------------------------------------------------
// Clerk Billing: subscriptions, their items and payment attempts

type BillingEntity = 'subscription' | 'free' | 'pro' | 'attempt';
const SUBSCRIPTION_STATUSES = ['active', 'past_due', 'canceled', 'ended'] as const;
const ITEM_STATUSES = ['upcoming', 'active', 'canceled', 'past_due', 'ended', 'abandoned'] as const;
const ITEM_EVENT: Record<(typeof ITEM_STATUSES)[number], string> = {
  upcoming: 'upcoming',
  active: 'active',
  canceled: 'canceled',
  past_due: 'pastDue',
  ended: 'ended',
  abandoned: 'abandoned',
};
const ATTEMPT_STATUSES = ['pending', 'paid', 'failed'] as const;

interface BillingChange {
  entity: BillingEntity;
  /** The entity's state after the change: an index into its status list. */
  status: number;
  /** Free trial and cancellation stamp, for items. */
  trial: boolean;
  canceled: boolean;
}
interface BillingScenario {
  changes: BillingChange[];
  units: { envelopeInSeconds: boolean; dataInSeconds: boolean }[];
  repeats: { index: number; sameId: boolean }[];
  order: number[];
}

const billingScenarios: fc.Arbitrary<BillingScenario> = fc
  .record({
    // The subscription is created first; the rest follows in any order.
    changes: fc.array(
      fc.record({
        entity: fc.constantFrom<BillingEntity>('subscription', 'free', 'pro', 'attempt'),
        status: fc.nat({ max: 5 }),
        trial: fc.boolean(),
        canceled: fc.boolean(),
      }),
      { minLength: 1, maxLength: 10 },
    ),
    repeats: fc.array(fc.record({ index: fc.nat(), sameId: fc.boolean() }), { maxLength: 5 }),
  })
  .map((base) => ({ ...base, changes: [{ entity: 'subscription' as const, status: 0, trial: false, canceled: false }, ...base.changes] }))
  .chain((base) => {
    const deliveries = base.changes.length + base.repeats.length;
    return fc
      .record({
        units: fc.array(fc.record({ envelopeInSeconds: fc.boolean(), dataInSeconds: fc.boolean() }), {
          minLength: base.changes.length,
          maxLength: base.changes.length,
        }),
        order: fc.array(fc.double({ noNaN: true }), { minLength: deliveries, maxLength: deliveries }),
      })
      .map((rest) => ({ ...base, ...rest }));
  });

interface BillingIds {
  org: string;
  user: string;
  subscription: string;
  free: string;
  pro: string;
  attempt: string;
}
const billingIdsFor = (run: string): BillingIds => ({
  org: `org_${run}`,
  user: `user_${run}`,
  subscription: `csub_${run}`,
  free: `csub_item_${run}_free`,
  pro: `csub_item_${run}_pro`,
  attempt: `pa_${run}`,
});

const PLAN_OF = { free: { slug: 'free_org', name: 'Free', amount: 0 }, pro: { slug: 'pro', name: 'Pro', amount: 2000 } } as const;
const MONTH = 30 * 24 * 3600 * SECOND;

/** Each object's state after each change, on Clerk's clock (change n happens at BASE + n + 1 seconds). */
function billingStates(scenario: BillingScenario, ids: BillingIds) {
  const latest = new Map<BillingEntity, { change: BillingChange; at: number }>();
  return scenario.changes.map((change, position) => {
    const at = BASE + (position + 1) * SECOND;
    latest.set(change.entity, { change, at });
    return { change, at, snapshot: new Map(latest), ids };
  });
}

function itemJSON(
  entity: 'free' | 'pro',
  state: { change: BillingChange; at: number },
  ids: BillingIds,
  time: (ms: number | null) => number | null,
  withPayer: boolean,
) {
  const plan = PLAN_OF[entity];
  return {
    object: 'commerce_subscription_item',
    id: ids[entity],
    status: ITEM_STATUSES[state.change.status % ITEM_STATUSES.length],
    is_free_trial: entity === 'pro' && state.change.trial,
    created_at: time(BASE),
    updated_at: time(state.at),
    period_start: time(BASE),
    period_end: entity === 'free' ? null : time(BASE + MONTH),
    canceled_at: state.change.canceled ? time(state.at) : null,
    interval: 'month',
    plan_id: `cplan_${plan.slug}`,
    plan: {
      id: `cplan_${plan.slug}`,
      slug: plan.slug,
      name: plan.name,
      is_recurring: entity === 'pro',
      amount: plan.amount,
      currency: 'USD',
    },
    // Inside a subscription, items carry no payer and no subscription id (as in Clerk's example).
    subscription_id: withPayer ? ids.subscription : null,
    ...(withPayer ? { payer: billingPayer(ids) } : {}),
  };
}
const billingPayer = (ids: BillingIds) => ({
  object: 'commerce_payer',
  id: `cpayer_${ids.org}`,
  user_id: ids.user,
  organization_id: ids.org,
  organization_name: 'Acme',
  first_name: 'Ada',
  last_name: 'L',
  email: 'ada@example.com',
  image_url: '',
});

function billingPayload(scenario: BillingScenario, state: ReturnType<typeof billingStates>[number], position: number) {
  const { change, at, snapshot, ids } = state;
  const { envelopeInSeconds, dataInSeconds } = scenario.units[position]!;
  const time = (ms: number | null) => (ms === null || !dataInSeconds ? ms : ms / SECOND);
  const envelope = (type: string, data: Record<string, unknown>) => ({
    object: 'event',
    type,
    timestamp: envelopeInSeconds ? at / SECOND : at,
    instance_id: 'ins_ordering',
    event_attributes: { http_request: { client_ip: '203.0.113.7', user_agent: 'property-test' } },
    data,
  });
  if (change.entity === 'subscription') {
    const status = SUBSCRIPTION_STATUSES[change.status % SUBSCRIPTION_STATUSES.length]!;
    const type = { active: 'active', past_due: 'pastDue', canceled: 'updated', ended: 'updated' }[status];
    const items = (['free', 'pro'] as const).flatMap((entity) => {
      const item = snapshot.get(entity);
      return item ? [itemJSON(entity, item, ids, time, false)] : [];
    });
    return envelope(position === 0 ? 'subscription.created' : `subscription.${type}`, {
      object: 'commerce_subscription',
      id: ids.subscription,
      status,
      active_at: time(BASE),
      canceled_at: status === 'canceled' ? time(at) : null,
      ended_at: status === 'ended' ? time(at) : null,
      past_due_at: status === 'past_due' ? time(at) : null,
      created_at: time(BASE),
      updated_at: time(at),
      latest_payment_id: null,
      payer_id: `cpayer_${ids.org}`,
      payer: billingPayer(ids),
      payment_source_id: null,
      items,
    });
  }
  if (change.entity === 'attempt') {
    const status = ATTEMPT_STATUSES[change.status % ATTEMPT_STATUSES.length]!;
    return envelope(`paymentAttempt.${status === 'pending' ? 'created' : 'updated'}`, {
      id: ids.attempt,
      payment_id: `cpa_${ids.attempt}`,
      status,
      charge_type: 'checkout',
      created_at: time(BASE),
      updated_at: time(at),
      billing_date: time(BASE),
      paid_at: status === 'paid' ? time(at) : null,
      failed_at: status === 'failed' ? time(at) : null,
      failed_reason: status === 'failed' ? { code: 'card_declined', decline_code: 'generic_decline' } : null,
      payer: billingPayer(ids),
      totals: { grand_total: { amount: 2000, amount_formatted: '$20.00', currency: 'USD', currency_symbol: '$' } },
      subscription_items: [],
    });
  }
  const item = itemJSON(change.entity, { change, at }, ids, time, true);
  return envelope(`subscriptionItem.${ITEM_EVENT[item.status as keyof typeof ITEM_EVENT]}`, item);
}

function expectedBilling(scenario: BillingScenario, ids: BillingIds) {
  const states = billingStates(scenario, ids);
  const last = states.at(-1)!.snapshot;
  const subscription = last.get('subscription')!;
  const subscriptionStatus = SUBSCRIPTION_STATUSES[subscription.change.status % SUBSCRIPTION_STATUSES.length]!;
  const item = (entity: 'free' | 'pro') => {
    const state = last.get(entity);
    if (!state) return undefined;
    return {
      subscriptionId: ids.subscription,
      organizationId: ids.org,
      payerType: 'org',
      planSlug: PLAN_OF[entity].slug,
      status: ITEM_STATUSES[state.change.status % ITEM_STATUSES.length],
      isFreeTrial: entity === 'pro' && state.change.trial,
      canceledAt: state.change.canceled ? state.at : null,
      clerkUpdatedAt: state.at,
    };
  };
  const attempt = last.get('attempt');
  return {
    subscription: { status: subscriptionStatus, organizationId: ids.org, payerType: 'org', clerkUpdatedAt: subscription.at },
    free: item('free'),
    pro: item('pro'),
    attempt: attempt && {
      status: ATTEMPT_STATUSES[attempt.change.status % ATTEMPT_STATUSES.length],
      amount: 2000,
      clerkUpdatedAt: attempt.at,
    },
  };
}

async function actualBilling(ids: BillingIds) {
  const { db } = setup.database;
  const [subscription] = await db.select().from(billingSubscriptions).where(eq(billingSubscriptions.id, ids.subscription));
  const item = async (entity: 'free' | 'pro') => {
    const [row] = await db.select().from(billingSubscriptionItems).where(eq(billingSubscriptionItems.id, ids[entity]));
    return (
      row && {
        subscriptionId: row.subscriptionId,
        organizationId: row.organizationId,
        payerType: row.payerType,
        planSlug: row.planSlug,
        status: row.status,
        isFreeTrial: row.isFreeTrial,
        canceledAt: toMillis(row.canceledAt),
        clerkUpdatedAt: row.clerkUpdatedAt,
      }
    );
  };
  const [attempt] = await db.select().from(billingPaymentAttempts).where(eq(billingPaymentAttempts.id, ids.attempt));
  return {
    subscription: subscription && {
      status: subscription.status,
      organizationId: subscription.organizationId,
      payerType: subscription.payerType,
      clerkUpdatedAt: subscription.clerkUpdatedAt,
    },
    free: await item('free'),
    pro: await item('pro'),
    attempt: attempt && { status: attempt.status, amount: attempt.amount, clerkUpdatedAt: attempt.clerkUpdatedAt },
  };
}

function billingDeliveries(scenario: BillingScenario, ids: BillingIds, run: string, shuffle: boolean): Delivery[] {
  const original = billingStates(scenario, ids).map((state, n) => ({
    svixId: `msg_${run}_${n}`,
    payload: billingPayload(scenario, state, n) as unknown as Delivery['payload'],
  }));
  if (!shuffle) return original;
  const repeats = scenario.repeats.map(({ index, sameId }, n) => {
    const delivery = original[index % original.length]!;
    return sameId ? delivery : { ...delivery, svixId: `${delivery.svixId}_resent_${n}` };
  });
  return [...original, ...repeats]
    .map((delivery, n) => ({ delivery, key: scenario.order[n]! }))
    .sort((a, b) => a.key - b.key)
    .map(({ delivery }) => delivery);
}

async function checkBilling(scenario: BillingScenario, deliver: (deliveries: Delivery[]) => Promise<void>, shuffle: boolean) {
  const run = nextRun();
  const ids = billingIdsFor(run);
  await deliver(billingDeliveries(scenario, ids, run, shuffle));
  expect(await actualBilling(ids)).toEqual(expectedBilling(scenario, ids));
}

describe("Clerk Billing events in any delivery order converge to each object's latest state", () => {
  it('in-order delivery matches the model', async () => {
    await fc.assert(
      fc.asyncProperty(billingScenarios, (scenario) => checkBilling(scenario, viaSyncLayer, false)),
      { numRuns: 40 },
    );
  });

  it('shuffled, with redeliveries and resends, through the sync layer', async () => {
    await fc.assert(
      fc.asyncProperty(billingScenarios, (scenario) => checkBilling(scenario, viaSyncLayer, true)),
      { numRuns: 200 },
    );
  });

  it('shuffled, through the signed HTTP route (smaller sample)', async () => {
    await fc.assert(
      fc.asyncProperty(billingScenarios, (scenario) => checkBilling(scenario, viaRoute, true)),
      { numRuns: 20 },
    );
  });
});

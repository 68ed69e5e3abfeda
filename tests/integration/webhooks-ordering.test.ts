/**
 * Order-safety, property-based: a user, an organization and a membership each
 * live through a prefix of created -> updated -> updated -> deleted, interleaved
 * on Clerk's clock. Delivered in any order, with redeliveries (same svix id) and
 * resends (new svix id) mixed in, the database must end in the state that
 * delivering them in order gives. That in-order state is computed by a small
 * model (below) and checked against an in-order delivery too.
 */
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memberships, organizations, users } from '@/lib/db/schema';
import { processDelivery } from '@/lib/sync/deliveries';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { setUpWebhookRoute } from '@/tests/support/database';

const SECRET = `whsec_${Buffer.from('ordering-test-secret-0123456789ab').toString('base64')}`;
const BASE = 1_764_150_000_000;
const STEPS = ['created', 'updated', 'updated', 'deleted'] as const;

const setup = setUpWebhookRoute(SECRET);

// ---------------------------------------------------------------------------
// Scenarios

type Entity = 'user' | 'org' | 'member';

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
  steps: Record<Entity, number>;
  userFields: UserFields[];
  orgFields: OrgFields[];
  roles: string[];
  /** Entity labels in Clerk's order: the k-th label of an entity is its k-th step. */
  timeline: Entity[];
  /** Extra deliveries: the index (mod event count) of an event to send again, under the same svix id or a new one. */
  repeats: { index: number; sameId: boolean }[];
  /** Sort keys giving the delivery order. */
  order: number[];
}

const userFields = fc.record({
  firstName: fc.string({ maxLength: 8 }),
  email: fc.emailAddress(),
  role: fc.constantFrom('admin', 'manager', 'member', 'owner'),
  lastSignInAt: fc.option(fc.integer({ min: BASE - 1e6, max: BASE }), { nil: null }),
  lastActiveAt: fc.option(fc.integer({ min: BASE - 1e6, max: BASE }), { nil: null }),
});
const orgFields = fc.record({ name: fc.string({ maxLength: 8 }), slug: fc.option(fc.stringMatching(/^[a-z]{1,6}$/), { nil: null }) });

const scenarios: fc.Arbitrary<Scenario> = fc
  .record({
    steps: fc.record({ user: fc.integer({ min: 1, max: 4 }), org: fc.integer({ min: 1, max: 4 }), member: fc.integer({ min: 1, max: 4 }) }),
    userFields: fc.array(userFields, { minLength: 3, maxLength: 3 }),
    orgFields: fc.array(orgFields, { minLength: 3, maxLength: 3 }),
    roles: fc.array(fc.constantFrom('org:admin', 'org:member', 'org:billing'), { minLength: 3, maxLength: 3 }),
    repeats: fc.array(fc.record({ index: fc.nat(), sameId: fc.boolean() }), { maxLength: 6 }),
  })
  .chain((base) => {
    const labels = (Object.entries(base.steps) as [Entity, number][]).flatMap(([entity, n]) => Array<Entity>(n).fill(entity));
    return fc.record({
      timeline: fc.shuffledSubarray(labels, { minLength: labels.length, maxLength: labels.length }),
      order: fc.array(fc.double({ noNaN: true }), { minLength: labels.length + base.repeats.length, maxLength: labels.length + base.repeats.length }),
    }).map((rest) => ({ ...base, ...rest }));
  });

interface Ids {
  user: string;
  org: string;
  membership: string;
}
const idsFor = (run: string): Ids => ({ user: `user_${run}`, org: `org_${run}`, membership: `orgmem_${run}` });

interface TimedEvent {
  entity: Entity;
  step: (typeof STEPS)[number];
  /** Position among the entity's own events (0 = created). */
  index: number;
  at: number;
}

function timeline(scenario: Scenario): TimedEvent[] {
  const seen: Record<Entity, number> = { user: 0, org: 0, member: 0 };
  return scenario.timeline.map((entity, position) => {
    const index = seen[entity]++;
    return { entity, index, step: index === 3 ? 'deleted' : STEPS[index]!, at: BASE + (position + 1) * 1000 };
  });
}

/** The Clerk webhook payload for one step, shaped like Clerk's (see tests/fixtures/clerk-events). */
function payload(scenario: Scenario, ids: Ids, events: TimedEvent[], event: TimedEvent) {
  const type = { user: 'user', org: 'organization', member: 'organizationMembership' }[event.entity];
  const envelope = (data: Record<string, unknown>) => ({ object: 'event', type: `${type}.${event.step}`, timestamp: event.at, data });
  const createdAt = events.find((other) => other.entity === event.entity)!.at;
  if (event.entity !== 'member' && event.step === 'deleted') {
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
      created_at: createdAt,
      updated_at: event.at,
      last_sign_in_at: fields.lastSignInAt,
      last_active_at: fields.lastActiveAt,
    });
  }
  if (event.entity === 'org') {
    const fields = scenario.orgFields[event.index]!;
    return envelope({ id: ids.org, object: 'organization', name: fields.name, slug: fields.slug, image_url: null, created_at: createdAt, updated_at: event.at });
  }
  // A deleted membership carries its last state (role, updated_at), as Clerk's does.
  const state = event.step === 'deleted' ? event.index - 1 : event.index;
  const lastWrite = events.filter((other) => other.entity === 'member')[state]!;
  return envelope({
    id: ids.membership,
    object: 'organization_membership',
    role: scenario.roles[state],
    created_at: createdAt,
    updated_at: lastWrite.at,
    organization: { id: ids.org, object: 'organization', name: 'nested', slug: null, created_at: createdAt, updated_at: createdAt },
    public_user_data: { user_id: ids.user, identifier: 'someone@example.com' },
  });
}

// ---------------------------------------------------------------------------
// The in-order state, by model

function expectedState(scenario: Scenario, ids: Ids) {
  const events = timeline(scenario);
  const last = (entity: Entity) => events.filter((event) => event.entity === entity).at(-1)!;
  const deletedAt = (entity: Entity) => (last(entity).step === 'deleted' ? last(entity).at : null);
  const present = (values: (number | null)[]) => values.filter((value): value is number => value !== null);
  const maxOf = (values: (number | null)[]) => (present(values).length ? Math.max(...present(values)) : null);
  const minOf = (values: (number | null)[]) => (present(values).length ? Math.min(...present(values)) : null);

  const userEvents = events.filter((event) => event.entity === 'user');
  const userDeleted = deletedAt('user');
  const lastUser = scenario.userFields[userEvents.filter((event) => event.step !== 'deleted').length - 1]!;
  const user = userDeleted
    ? { id: ids.user, email: null, firstName: null, lastName: null, imageUrl: null, role: 'member', lastSignInAt: null, lastActiveAt: null, clerkUpdatedAt: userDeleted, deletedAt: userDeleted }
    : {
        id: ids.user,
        email: lastUser.email,
        firstName: lastUser.firstName,
        lastName: null,
        imageUrl: `https://img.example/${userEvents.length - 1}`,
        role: ['admin', 'manager', 'member'].includes(lastUser.role) ? lastUser.role : 'member',
        lastSignInAt: maxOf(scenario.userFields.slice(0, userEvents.length).map((fields) => fields.lastSignInAt)),
        lastActiveAt: maxOf(scenario.userFields.slice(0, userEvents.length).map((fields) => fields.lastActiveAt)),
        clerkUpdatedAt: last('user').at,
        deletedAt: null,
      };

  const orgDeleted = deletedAt('org');
  const orgWrites = events.filter((event) => event.entity === 'org' && event.step !== 'deleted').length;
  const lastOrg = scenario.orgFields[orgWrites - 1]!;
  const organization = orgDeleted
    ? { id: ids.org, name: '', slug: null, imageUrl: null, clerkUpdatedAt: orgDeleted, deletedAt: orgDeleted }
    : { id: ids.org, name: lastOrg.name, slug: lastOrg.slug, imageUrl: null, clerkUpdatedAt: last('org').at, deletedAt: null };

  const memberWrites = events.filter((event) => event.entity === 'member' && event.step !== 'deleted');
  const ownDeletion = deletedAt('member');
  const membership = {
    organizationId: ids.org,
    userId: ids.user,
    clerkId: ids.membership,
    role: scenario.roles[memberWrites.length - 1],
    clerkUpdatedAt: ownDeletion ?? memberWrites.at(-1)!.at,
    // Deleted from the earliest of its own, its organization's and its user's deletion.
    deletedAt: minOf([ownDeletion, orgDeleted, userDeleted]),
  };
  return { user, organization, membership };
}

const toMillis = (value: Date | null) => (value ? value.getTime() : null);

async function actualState(ids: Ids) {
  const [user] = await setup.database.db.select().from(users).where(eq(users.id, ids.user));
  const [organization] = await setup.database.db.select().from(organizations).where(eq(organizations.id, ids.org));
  const [membership] = await setup.database.db
    .select()
    .from(memberships)
    .where(and(eq(memberships.organizationId, ids.org), eq(memberships.userId, ids.user)));
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
    membership: membership && {
      organizationId: membership.organizationId,
      userId: membership.userId,
      clerkId: membership.clerkId,
      role: membership.role,
      clerkUpdatedAt: membership.clerkUpdatedAt,
      deletedAt: toMillis(membership.deletedAt),
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

describe('any delivery order converges to the in-order state', () => {
  it('in-order delivery matches the model (sanity check of the model itself)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const run = nextRun();
        const ids = idsFor(run);
        await viaSyncLayer(inOrder(scenario, ids, run));
        expect(await actualState(ids)).toEqual(expectedState(scenario, ids));
      }),
      { numRuns: 60 },
    );
  });

  it('shuffled, with redeliveries and resends, through the sync layer', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const run = nextRun();
        const ids = idsFor(run);
        await viaSyncLayer(shuffled(scenario, ids, run));
        expect(await actualState(ids)).toEqual(expectedState(scenario, ids));
      }),
      { numRuns: 300 },
    );
  });

  it('shuffled, with redeliveries and resends, through the signed HTTP route (smaller sample)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (scenario) => {
        const run = nextRun();
        const ids = idsFor(run);
        await viaRoute(shuffled(scenario, ids, run));
        expect(await actualState(ids)).toEqual(expectedState(scenario, ids));
      }),
      { numRuns: 25 },
    );
  });
});

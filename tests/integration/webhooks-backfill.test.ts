/**
 * The backfill's reconciling (tombstones, never overwriting newer rows) and ensureUser,
 * against a small local server answering Clerk's Backend API wire format, so a test can
 * hide an item from a listing. The backfill at scale, its checkpoint, 429s and billing
 * run against the stand-in: clerk-backfill.test.ts.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClerkClient } from '@clerk/nextjs/server';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { memberships, organizations, projects, users } from '@/lib/db/schema';
import { BackendApi } from '@/lib/sync/backend-api';
import { backfillFromClerk } from '@/lib/sync/backfill';
import { processDelivery } from '@/lib/sync/deliveries';
import { ensureUser } from '@/lib/sync/users';
import { clerkEvent } from '@/scripts/support/clerk-events';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';

const T0 = 1764150000000;

type Json = Record<string, unknown>;

/** Clerk's side: what the Backend API lists. Tests edit it between runs. */
const clerkState = {
  users: [] as Json[],
  organizations: [] as Json[],
  memberships: new Map<string, Json[]>(),
  /** Ids the user list leaves out while a by-id lookup still finds them (a skip caused by offset paging). */
  hiddenFromListing: new Set<string>(),
};
const requests: string[] = [];
/** Requests whose connection the server drops without answering (as a kept-alive connection closed under a reused one). */
let resetConnections = 0;

function userJSON(id: string, overrides: Json = {}): Json {
  const data = clerkEvent('user.created').data;
  return { ...data, id, email_addresses: [{ ...(data.email_addresses as Json[])[0], email_address: `${id}@example.com` }], ...overrides };
}
const organizationJSON = (id: string, overrides: Json = {}): Json => ({
  ...clerkEvent('organization.created').data,
  id,
  name: `Org ${id}`,
  slug: id,
  ...overrides,
});
const membershipJSON = (organizationId: string, userId: string, overrides: Json = {}): Json => ({
  ...clerkEvent('organizationMembership.created').data,
  id: `orgmem_${organizationId}_${userId}`,
  organization: organizationJSON(organizationId),
  public_user_data: {
    user_id: userId,
    identifier: `${userId}@example.com`,
    first_name: null,
    last_name: null,
    image_url: '',
    has_image: false,
  },
  ...overrides,
});

function page(items: Json[], query: URLSearchParams) {
  const cursor = query.get('starting_after');
  const offset = cursor ? items.findIndex((item) => item.id === cursor) + 1 : Number(query.get('offset') ?? 0);
  const limit = Number(query.get('limit') ?? 10);
  return items.slice(offset, offset + limit);
}

/**
 * GET /v1/users (bare array, offset or `starting_after`), /v1/users/count, /v1/users/:id, /v1/organizations,
 * /v1/organization_memberships, /v1/organizations/:id/memberships, /v1/billing/subscription_items (none).
 */
function answer(url: URL): [number, unknown] {
  const query = url.searchParams;
  const byId = (key: string, items: Json[], idOf: (item: Json) => string) =>
    query.getAll(key).length ? items.filter((item) => query.getAll(key).includes(idOf(item))) : items;
  const listedUsers = () =>
    query.getAll('user_id').length
      ? byId('user_id', clerkState.users, (user) => String(user.id))
      : clerkState.users.filter((user) => !clerkState.hiddenFromListing.has(String(user.id)));

  const path = url.pathname;
  if (path === '/v1/users') return [200, page(listedUsers(), query)];
  if (path === '/v1/users/count') return [200, { object: 'total_count', total_count: listedUsers().length }];
  const user = /^\/v1\/users\/([^/]+)$/.exec(path);
  if (user) {
    const found = clerkState.users.find((candidate) => candidate.id === user[1]);
    return found ? [200, found] : [404, { errors: [{ code: 'resource_not_found', message: 'not found', long_message: 'User not found' }] }];
  }
  if (path === '/v1/organizations') {
    const listed = byId('organization_id', clerkState.organizations, (organization) => String(organization.id));
    return [200, { data: page(listed, query), total_count: listed.length }];
  }
  if (path === '/v1/organization_memberships') {
    const all = [...clerkState.memberships.values()].flat();
    return [200, { data: page(all, query), total_count: all.length }];
  }
  if (path === '/v1/billing/subscription_items') return [200, { data: [], total_count: 0 }];
  const members = /^\/v1\/organizations\/([^/]+)\/memberships$/.exec(path);
  if (members) {
    const all = clerkState.memberships.get(members[1]!) ?? [];
    const listed = byId('user_id', all, (membership) => String((membership.public_user_data as Json).user_id));
    return [200, { data: page(listed, query), total_count: listed.length }];
  }
  return [404, { errors: [{ code: 'resource_not_found', message: 'not found', long_message: `No route ${path}` }] }];
}

let database: TestDatabase;
let server: http.Server;
let clerk: ReturnType<typeof createClerkClient>;
let backendApi: BackendApi;
let apiUrl: string;

beforeAll(async () => {
  database = await createTestDatabase();
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    requests.push(`${request.method} ${url.pathname}${url.search}`);
    if (resetConnections > 0) {
      resetConnections--;
      request.socket.destroy();
      return;
    }
    const [status, body] = answer(url);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  clerk = createClerkClient({ secretKey: 'sk_test_backfill', apiUrl });
  backendApi = new BackendApi({ secretKey: 'sk_test_backfill', apiUrl });
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await database?.close();
});

const userRow = async (id: string) => (await database.db.select().from(users).where(eq(users.id, id)))[0];
const orgRow = async (id: string) => (await database.db.select().from(organizations).where(eq(organizations.id, id)))[0];
const membershipRow = async (organizationId: string, userId: string) =>
  (
    await database.db
      .select()
      .from(memberships)
      .where(and(eq(memberships.organizationId, organizationId), eq(memberships.userId, userId)))
  )[0];

describe('backfillFromClerk', () => {
  beforeEach(() => {
    requests.length = 0;
    clerkState.hiddenFromListing.clear();
  });

  it('pages through users, organizations and memberships and writes them through the sync', async () => {
    clerkState.users = ['user_b1', 'user_b2', 'user_b3', 'user_b4', 'user_b5'].map((id, n) =>
      userJSON(id, { updated_at: T0 + n, public_metadata: { role: n === 0 ? 'admin' : 'member' } }),
    );
    clerkState.organizations = [organizationJSON('org_b1'), organizationJSON('org_b2')];
    clerkState.memberships = new Map([
      [
        'org_b1',
        [
          membershipJSON('org_b1', 'user_b1', { role: 'org:admin' }),
          membershipJSON('org_b1', 'user_b2'),
          membershipJSON('org_b1', 'user_b3'),
        ],
      ],
      ['org_b2', [membershipJSON('org_b2', 'user_b4')]],
    ]);

    const report = await backfillFromClerk(database.db, backendApi, { pageSize: 2 });

    expect(report).toMatchObject({
      users: { seen: 5, written: 5, tombstoned: 0 },
      organizations: { seen: 2, written: 2, tombstoned: 0 },
      memberships: { seen: 4, written: 4, tombstoned: 0 },
    });
    expect(requests.filter((request) => request.startsWith('GET /v1/users?'))).toHaveLength(3);
    expect(await userRow('user_b1')).toMatchObject({ email: 'user_b1@example.com', role: 'admin', clerkUpdatedAt: T0, deletedAt: null });
    expect(await orgRow('org_b2')).toMatchObject({ name: 'Org org_b2', slug: 'org_b2' });
    expect(await membershipRow('org_b1', 'user_b1')).toMatchObject({
      role: 'org:admin',
      clerkId: 'orgmem_org_b1_user_b1',
      deletedAt: null,
    });

    // A second run finds nothing to change.
    expect(await backfillFromClerk(database.db, backendApi, { pageSize: 2 })).toMatchObject({
      users: { seen: 5, written: 0, tombstoned: 0 },
      organizations: { seen: 2, written: 0, tombstoned: 0 },
      memberships: { seen: 4, written: 0, tombstoned: 0 },
    });
  });

  it('never overwrites a newer row with an older listing', async () => {
    const newer = clerkEvent('user.updated');
    Object.assign(newer.data, { id: 'user_b2', first_name: 'From the webhook', updated_at: T0 + 1_000_000 });
    expect(await processDelivery(database.db, { svixId: 'msg_newer_than_listing', payload: newer })).toEqual({ status: 'applied' });

    const report = await backfillFromClerk(database.db, backendApi);
    expect(report.users.written).toBe(0);
    expect(await userRow('user_b2')).toMatchObject({ firstName: 'From the webhook', clerkUpdatedAt: T0 + 1_000_000 });
  });

  it('tombstones what Clerk confirms is gone, and only that', async () => {
    await database.db.insert(projects).values({ organizationId: 'org_b2', name: 'Tenant data' });
    clerkState.users = clerkState.users.filter((user) => user.id !== 'user_b5');
    clerkState.organizations = clerkState.organizations.filter((organization) => organization.id !== 'org_b2');
    clerkState.memberships.set(
      'org_b1',
      (clerkState.memberships.get('org_b1') ?? []).filter((membership) => (membership.public_user_data as Json).user_id !== 'user_b3'),
    );
    clerkState.hiddenFromListing.add('user_b4'); // skipped by the listing, but still exists

    const report = await backfillFromClerk(database.db, backendApi, { now: () => T0 + 5_000_000 });

    expect(report.users.tombstoned).toBe(1);
    expect(report.organizations.tombstoned).toBe(1);
    expect(report.memberships.tombstoned).toBe(1);
    expect(await userRow('user_b5')).toMatchObject({ deletedAt: new Date(T0 + 5_000_000), email: null });
    expect((await userRow('user_b4'))?.deletedAt).toBeNull();
    expect(await orgRow('org_b2')).toMatchObject({ deletedAt: new Date(T0 + 5_000_000) });
    expect(await membershipRow('org_b2', 'user_b4')).toMatchObject({ deletedAt: new Date(T0 + 5_000_000) });
    expect(await database.db.select().from(projects).where(eq(projects.organizationId, 'org_b2'))).toEqual([]);
    expect(await membershipRow('org_b1', 'user_b3')).toMatchObject({ deletedAt: new Date(T0 + 5_000_000) });
    expect((await membershipRow('org_b1', 'user_b2'))?.deletedAt).toBeNull();
  });
});

describe('ensureUser (a user who signs in before user.created arrives)', () => {
  it('writes the user from the Backend API object when the webhook has not delivered it', async () => {
    clerkState.users.push(userJSON('user_early', { first_name: 'Early', updated_at: T0 + 10, public_metadata: { role: 'manager' } }));
    const row = await ensureUser(database.db, await clerk.users.getUser('user_early'));
    expect(row).toMatchObject({
      id: 'user_early',
      firstName: 'Early',
      email: 'user_early@example.com',
      role: 'manager',
      clerkUpdatedAt: T0 + 10,
    });
    expect(await userRow('user_early')).toEqual(row);
  });

  it('never fights the webhook: the newer updated_at wins whichever writes first', async () => {
    // The webhook's older user.created arrives after the page wrote a newer version.
    const older = clerkEvent('user.created');
    Object.assign(older.data, { id: 'user_early', first_name: 'Stale', updated_at: T0 + 5 });
    await processDelivery(database.db, { svixId: 'msg_older_than_page', payload: older });
    expect((await userRow('user_early'))?.firstName).toBe('Early');

    // A newer webhook update wins, and a page holding the older object leaves it alone.
    const newer = clerkEvent('user.updated');
    Object.assign(newer.data, { id: 'user_early', first_name: 'Renamed', updated_at: T0 + 20 });
    await processDelivery(database.db, { svixId: 'msg_newer_than_page', payload: newer });
    const row = await ensureUser(database.db, await clerk.users.getUser('user_early'));
    expect(row).toMatchObject({ firstName: 'Renamed', clerkUpdatedAt: T0 + 20 });
  });

  it('returns a tombstoned user as is, never resurrecting it', async () => {
    const deleted = clerkEvent('user.deleted');
    Object.assign(deleted, { timestamp: T0 + 30 });
    Object.assign(deleted.data, { id: 'user_early' });
    await processDelivery(database.db, { svixId: 'msg_early_deleted', payload: deleted });
    clerkState.users = clerkState.users.map((user) => (user.id === 'user_early' ? { ...user, updated_at: T0 + 40 } : user));
    const row = await ensureUser(database.db, await clerk.users.getUser('user_early'));
    expect(row).toMatchObject({ deletedAt: new Date(T0 + 30), firstName: null });
  });
});

describe('Backend API requests without an answer', () => {
  it('are sent again a second later, a few times (reads are safe to repeat), then the backfill stops with the error', async () => {
    const waits: number[] = [];
    const api = () => new BackendApi({ secretKey: 'sk_test_backfill', apiUrl, sleep: async (ms) => void waits.push(ms) });
    const plain = await backfillFromClerk(database.db, api());

    resetConnections = 2;
    const retried = await backfillFromClerk(database.db, api());
    expect(waits).toEqual([1000, 1000]);
    expect(retried).toEqual({ ...plain, requests: { calls: plain.requests.calls + 2, rateLimited: 0 } });

    resetConnections = 4;
    await expect(backfillFromClerk(database.db, api())).rejects.toThrow(/fetch failed/);
    resetConnections = 0;
  });
});

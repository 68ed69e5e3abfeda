/**
 * `npm run clerk:backfill` against local mode's Clerk stand-in (its Backend API, Clerk's
 * wire format and paging): every list walked in pages, billing included, the
 * instance-wide membership list, nothing written on a second run, a run killed
 * mid-way resumed from its checkpoint, and Clerk's 429 + Retry-After waited out.
 * Real Postgres when one answers (tests/support/database.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalKeys, startLocalClerk, type LocalClerkServer } from '@saas-starter/local-clerk';
import { backendApiRequests, limitBackendApi } from '@saas-starter/local-clerk/testing';
import { count, eq, isNull, max, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  billingSubscriptionItems,
  clerkBackfillCheckpoints,
  clerkBackfillListed,
  memberships,
  organizations,
  users,
} from '@/lib/db/schema';
import { LOCAL_FRONTEND_API_HOST } from '@/lib/env/mode';
import { LOCAL_INSTANCE } from '@/lib/local-mode';
import { BackendApi } from '@/lib/sync/backend-api';
import { backfillFromClerk } from '@/lib/sync/backfill';
import { seedClerkAtScale } from '@/scripts/support/clerk-scale';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';

/** More users than one page of 500, so a run can be killed between pages of one list. */
const SHAPE = { users: 620, organizations: 12, memberships: 90, subscriptions: 5 };

let database: TestDatabase;
let clerk: LocalClerkServer;
let secretKey: string;
let dataDir: string;

beforeAll(async () => {
  database = await createTestDatabase();
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'clerk-backfill-'));
  const keys = await ensureLocalKeys(dataDir, { frontendApiHost: LOCAL_FRONTEND_API_HOST });
  secretKey = keys.secretKey;
  clerk = await startLocalClerk({ dataDir, keys, appUrl: 'http://localhost:3000', instance: LOCAL_INSTANCE });
  await seedClerkAtScale({ bapiUrl: clerk.bapiUrl, fapiUrl: clerk.fapiUrl, secretKey }, SHAPE, 'backfill');
});
afterAll(async () => {
  await clerk?.close();
  await database?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});
beforeEach(async () => {
  await limitBackendApi(clerk.fapiUrl, { requests: 0, retryAfterSeconds: 0 });
  for (const table of [billingSubscriptionItems, clerkBackfillCheckpoints, clerkBackfillListed, memberships, organizations, users])
    await database.db.delete(table);
});

const api = (options: Partial<ConstructorParameters<typeof BackendApi>[0]> = {}) =>
  new BackendApi({ secretKey, apiUrl: clerk.bapiUrl, ...options });
const rows = async (table: typeof users | typeof organizations | typeof memberships | typeof billingSubscriptionItems) =>
  (await database.db.select({ rows: count() }).from(table))[0]!.rows;

/** The Backend API routes called while `run` ran, with how often. */
async function routesCalled(run: () => Promise<unknown>): Promise<Record<string, number>> {
  const before = await backendApiRequests(clerk.fapiUrl);
  await run();
  const after = await backendApiRequests(clerk.fapiUrl);
  return Object.fromEntries(
    Object.entries(after.byRoute)
      .map(([route, calls]) => [route, calls - (before.byRoute[route] ?? 0)] as const)
      .filter(([, calls]) => calls > 0),
  );
}

describe('clerk:backfill against the stand-in', () => {
  it('walks every list in pages of 500, billing included, with one instance-wide membership list; a second run writes nothing, not even a row lock', async () => {
    let report!: Awaited<ReturnType<typeof backfillFromClerk>>;
    const routes = await routesCalled(async () => (report = await backfillFromClerk(database.db, api())));

    expect(report).toMatchObject({
      users: { seen: 620, written: 620, tombstoned: 0 },
      organizations: { seen: 12, written: 12, tombstoned: 0 },
      memberships: { seen: 90, written: 90, tombstoned: 0 },
      billing: { seen: 5, written: 5 },
      requests: { calls: 5, rateLimited: 0 },
      resumed: false,
    });
    // Users by cursor: 500, then 120 (short: the last). One page of each other list, whatever the number of organizations.
    expect(routes).toEqual({
      'GET /v1/users': 2,
      'GET /v1/organizations': 1,
      'GET /v1/organization_memberships': 1,
      'GET /v1/billing/subscription_items': 1,
    });
    expect([await rows(users), await rows(organizations), await rows(memberships)]).toEqual([620, 12, 90]);
    const paid = await database.db.select().from(billingSubscriptionItems);
    expect(paid).toHaveLength(5);
    for (const item of paid) expect(item).toMatchObject({ payerType: 'org', status: 'active', planSlug: expect.any(String) });
    expect(paid.every((item) => item.organizationId?.startsWith('org_'))).toBe(true);
    expect(await database.db.select().from(clerkBackfillCheckpoints)).toEqual([]);

    const lastWrite = async () =>
      Promise.all(
        [users, organizations, memberships, billingSubscriptionItems].map(
          async (table) => (await database.db.select({ at: max(table.updatedAt) }).from(table))[0]!.at,
        ),
      );
    // Where each row version lies and who last locked or replaced it: equal means no row was written, nor even locked.
    const rowVersions = async () =>
      Promise.all(
        [users, organizations, memberships, billingSubscriptionItems].map(
          async (table) =>
            ((await database.db.execute(sql`select ctid::text, xmax::text from ${table} order by ctid`)) as { rows: unknown[] }).rows,
        ),
      );
    const before = await lastWrite();
    const versionsBefore = await rowVersions();
    const again = await backfillFromClerk(database.db, api());
    expect(again).toMatchObject({
      users: { seen: 620, written: 0, tombstoned: 0 },
      organizations: { seen: 12, written: 0, tombstoned: 0 },
      memberships: { seen: 90, written: 0, tombstoned: 0 },
      billing: { seen: 5, written: 0 },
    });
    expect(await lastWrite()).toEqual(before);
    expect(await rowVersions()).toEqual(versionsBefore);
  });

  it('resumes after a kill from the checkpoint of the last page it wrote', async () => {
    // The first users page goes through; every later request is told to wait a minute, and the backfill is killed while it
    // waits, once the first page is committed (the second page is asked for while the first is written).
    await limitBackendApi(clerk.fapiUrl, { after: 1, requests: 1_000, retryAfterSeconds: 60 });
    const requestsBefore = (await backendApiRequests(clerk.fapiUrl)).total;
    // One process (no tsx launcher in between), so SIGKILL stops the backfill itself.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/backfill.ts'], {
      env: { ...process.env, CLERK_SECRET_KEY: secretKey, CLERK_API_URL: clerk.bapiUrl, DATABASE_URL: database.url },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await vi.waitFor(
      async () => {
        expect((await backendApiRequests(clerk.fapiUrl)).total - requestsBefore).toBeGreaterThanOrEqual(2);
        expect(await database.db.select().from(clerkBackfillCheckpoints)).toHaveLength(1);
      },
      { timeout: 60_000, interval: 100 },
    );
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    expect(await database.db.select().from(clerkBackfillCheckpoints)).toMatchObject([{ list: 'users', done: false, offset: 0 }]);
    expect(await rows(users)).toBe(500);
    expect(await rows(memberships)).toBe(0);

    await limitBackendApi(clerk.fapiUrl, { requests: 0, retryAfterSeconds: 0 });
    const report = await backfillFromClerk(database.db, api());
    expect(report).toMatchObject({
      resumed: true,
      users: { seen: 120, written: 120, tombstoned: 0 },
      organizations: { written: 12 },
      memberships: { written: 90 },
      billing: { written: 5 },
    });
    expect(await database.db.select({ rows: count() }).from(users).where(isNull(users.deletedAt))).toEqual([{ rows: 620 }]);
    expect(await database.db.select().from(clerkBackfillCheckpoints)).toEqual([]);
  });

  it("waits out Clerk's 429 for as long as Retry-After says, then carries on", async () => {
    await limitBackendApi(clerk.fapiUrl, { after: 2, requests: 3, retryAfterSeconds: 2 });
    const waits: number[] = [];
    const report = await backfillFromClerk(database.db, api({ sleep: async (ms) => void waits.push(ms) }));

    expect(waits).toEqual([2000, 2000, 2000]);
    expect(report).toMatchObject({ requests: { calls: 5 + 3, rateLimited: 3 }, organizations: { written: 12 }, billing: { written: 5 } });
    expect([await rows(users), await rows(organizations), await rows(memberships)]).toEqual([620, 12, 90]);
  });

  it('stops, without a checkpoint past what it wrote, when Clerk keeps refusing', async () => {
    await limitBackendApi(clerk.fapiUrl, { after: 0, requests: 100, retryAfterSeconds: 1 });
    await expect(backfillFromClerk(database.db, api({ maxWaits: 2, sleep: async () => {} }))).rejects.toThrow(
      /answered 429: too_many_requests/,
    );
    expect(await database.db.select().from(clerkBackfillCheckpoints)).toEqual([]);
    expect(await rows(users)).toBe(0);
  });

  it('tombstones a user deleted in Clerk whose webhook never came', async () => {
    await backfillFromClerk(database.db, api());
    const [gone] = await database.db.select().from(users).limit(1);
    const response = await fetch(`${clerk.bapiUrl}/v1/users/${gone!.id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${secretKey}` },
    });
    expect(response.status).toBe(200);

    const report = await backfillFromClerk(database.db, api());
    expect(report.users).toMatchObject({ seen: 619, tombstoned: 1 });
    expect((await database.db.select().from(users).where(eq(users.id, gone!.id)))[0]?.deletedAt).toBeInstanceOf(Date);
  });
});

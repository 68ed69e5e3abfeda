/**
 * Concurrent deliveries through the route: the database (primary key on the
 * svix id, row locks, one transaction per event) decides, not process memory.
 */
import { eq, sql } from 'drizzle-orm';
import { beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { auditLog, memberships, users, webhookEvents } from '@/lib/db/schema';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { clerkEvent } from '@/scripts/support/clerk-events';
import { requirePostgres, setUpWebhookRoute } from '@/tests/support/database';

const SECRET = `whsec_${Buffer.from('concurrency-test-secret-01234567').toString('base64')}`;
const T0 = 1764150000000;

const setup = setUpWebhookRoute(SECRET);
// Updates that lose the race are answered `stale` and logged (tests/integration/webhooks-route.test.ts checks the line).
beforeAll(() => void vi.spyOn(console, 'info').mockImplementation(() => {}));
// Every test here claims concurrency.
beforeEach(() => requirePostgres(setup.database));

async function deliver(payload: unknown, id?: string) {
  const response = await setup.route.POST(
    signedWebhookRequest('http://localhost/api/webhooks/clerk', SECRET, JSON.stringify(payload), { id }),
  );
  return { status: response.status, body: (await response.json()) as { status?: string } };
}

const tally = (outcomes: { status: number; body: { status?: string } }[]) =>
  outcomes.reduce<Record<string, number>>((counts, { status, body }) => {
    const key = `${status} ${body.status ?? 'error'}`;
    counts[key] = (counts[key] ?? 0) + 1;
    return counts;
  }, {});

const auditCount = async (targetId: string) => {
  const [row] = await setup.database.db
    .select({ count: sql<number>`count(*)::int` })
    .from(auditLog)
    .where(eq(auditLog.targetId, targetId));
  return row!.count;
};

it('50 concurrent deliveries of one message apply it exactly once', async () => {
  const event = clerkEvent('session.created');
  const sessionId = String(event.data.id);
  const outcomes = await Promise.all(Array.from({ length: 50 }, () => deliver(event, 'msg_same_50')));

  expect(tally(outcomes)).toEqual({ '200 applied': 1, '200 duplicate': 49 });
  const [ledger] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_same_50'));
  expect(ledger).toMatchObject({ status: 'applied', attempts: 1 });
  expect(await auditCount(sessionId)).toBe(1);
});

it('concurrent retries of a failed message re-apply it exactly once', async () => {
  const fixed = clerkEvent('organization.created');
  fixed.data.id = 'org_retried_concurrently';
  const broken = { ...fixed, data: { ...fixed.data, name: 42 } };
  expect((await deliver(broken, 'msg_failed_then_fixed')).status).toBe(422);

  const outcomes = await Promise.all(Array.from({ length: 20 }, () => deliver(fixed, 'msg_failed_then_fixed')));
  expect(tally(outcomes)).toEqual({ '200 applied': 1, '200 duplicate': 19 });
  const [ledger] = await setup.database.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_failed_then_fixed'));
  expect(ledger).toMatchObject({ status: 'applied', attempts: 2, error: null });
  expect(await auditCount('org_retried_concurrently')).toBe(1);
});

it('50 concurrent distinct messages touching shared rows are all applied (or stale, when a newer one won the race)', async () => {
  // 25 members joining one organization nobody has synced yet (all racing to create
  // its stub row), and 25 updates of one user racing on a single row.
  const joins = Array.from({ length: 25 }, (_, n) => {
    const event = clerkEvent('organizationMembership.created');
    const data = event.data as { id: string; organization: { id: string }; public_user_data: { user_id: string } };
    data.id = `orgmem_race_${n}`;
    data.organization.id = 'org_race';
    data.public_user_data.user_id = `user_race_member_${n}`;
    return event;
  });
  const updates = Array.from({ length: 25 }, (_, n) => {
    const event = clerkEvent('user.updated');
    Object.assign(event.data, { id: 'user_race', first_name: `Version ${n}`, updated_at: T0 + n });
    return event;
  });

  const outcomes = await Promise.all([...joins, ...updates].map((event) => deliver(event)));
  expect(tally(outcomes.slice(0, 25))).toEqual({ '200 applied': 25 });
  // An update that commits after a newer one changes nothing and says so.
  const updateOutcomes = tally(outcomes.slice(25));
  expect(Object.keys(updateOutcomes).filter((outcome) => outcome !== '200 applied' && outcome !== '200 stale')).toEqual([]);
  expect(updateOutcomes['200 applied']).toBeGreaterThanOrEqual(1);

  const members = await setup.database.db.select().from(memberships).where(eq(memberships.organizationId, 'org_race'));
  expect(members).toHaveLength(25);
  expect(members.every((member) => member.deletedAt === null)).toBe(true);
  const [user] = await setup.database.db.select().from(users).where(eq(users.id, 'user_race'));
  expect(user).toMatchObject({ firstName: 'Version 24', clerkUpdatedAt: T0 + 24 });
  expect(await auditCount('user_race')).toBe(25);
});

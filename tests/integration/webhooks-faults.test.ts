/**
 * Database faults answer 500 (so Clerk retries), leave no partial write, and the
 * same delivery succeeds, once, when the database is back.
 *
 * The route reaches the test database through a TCP relay on a port that, at
 * first, nothing listens on: the database is unreachable. Starting the relay
 * brings it back without touching the app's configuration.
 */
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { auditLog, memberships, organizations, users, webhookEvents } from '@/lib/db/schema';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { clerkEvent } from '@/scripts/support/clerk-events';
import { createTestDatabase, loadWebhookRoute, type TestDatabase, type WebhookRoute } from '@/tests/support/database';

const SECRET = `whsec_${Buffer.from('faults-test-secret-0123456789abcd').toString('base64')}`;

let database: TestDatabase;
let route: WebhookRoute;
let relayPort: number;
let relay: net.Server | undefined;
const logged: string[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Forwards 127.0.0.1:relayPort to the test database. */
async function startRelay(target: URL): Promise<void> {
  relay = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  await new Promise<void>((resolve) => relay!.listen(relayPort, '127.0.0.1', resolve));
}

beforeAll(async () => {
  database = await createTestDatabase();
  relayPort = await freePort();
  const viaRelay = new URL(database.url);
  viaRelay.host = `127.0.0.1:${relayPort}`;
  route = await loadWebhookRoute({ databaseUrl: viaRelay.toString(), secret: SECRET });
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    logged.push(args.map(String).join(' '));
  });
});
afterAll(async () => {
  await route?.close();
  await new Promise((resolve) => (relay ? relay.close(resolve) : resolve(undefined)));
  await database?.close();
});

async function deliver(payload: unknown, id: string) {
  const response = await route.POST(signedWebhookRequest('http://localhost/api/webhooks/clerk', SECRET, JSON.stringify(payload), { id }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function rowCounts() {
  const tables = { users, organizations, memberships, webhookEvents, auditLog };
  const counts: Record<string, number> = {};
  for (const [name, table] of Object.entries(tables)) {
    const [row] = await database.db.select({ count: sql<number>`count(*)::int` }).from(table);
    counts[name] = row!.count;
  }
  return counts;
}

it('an unreachable database answers 500; the same delivery later applies once', async () => {
  const event = clerkEvent('user.created');
  const down = await deliver(event, 'msg_while_down');
  expect(down).toEqual({ status: 500, body: { error: 'the event could not be applied; it will be retried' } });
  expect(logged.some((line) => line.includes('msg_while_down') && line.includes('Clerk will retry'))).toBe(true);
  expect(await rowCounts()).toEqual({ users: 0, organizations: 0, memberships: 0, webhookEvents: 0, auditLog: 0 });

  await startRelay(new URL(database.url));
  expect(await deliver(event, 'msg_while_down')).toEqual({ status: 200, body: { ok: true, status: 'applied' } });
  expect(await deliver(event, 'msg_while_down')).toEqual({ status: 200, body: { ok: true, status: 'duplicate' } });
  expect(await rowCounts()).toEqual({ users: 1, organizations: 0, memberships: 0, webhookEvents: 1, auditLog: 1 });
});

it('a failure in the middle of applying an event rolls all of it back', async () => {
  // The audit entry is the last write of every event: make the database refuse it.
  await database.db.execute(sql`
    create function refuse_audit() returns trigger language plpgsql as $$
    begin raise exception 'injected fault'; end $$`);
  await database.db.execute(sql`create trigger refuse_audit before insert on audit_log for each row execute function refuse_audit()`);
  const before = await rowCounts();

  // Writes a stub organization, a stub user and the membership before the audit entry.
  const event = clerkEvent('organizationMembership.created');
  const failed = await deliver(event, 'msg_mid_fault');
  expect(failed.status).toBe(500);
  expect(await rowCounts()).toEqual(before);

  await database.db.execute(sql`drop trigger refuse_audit on audit_log`);
  expect(await deliver(event, 'msg_mid_fault')).toEqual({ status: 200, body: { ok: true, status: 'applied' } });
  expect(await rowCounts()).toEqual({
    ...before,
    organizations: before.organizations! + 1,
    memberships: before.memberships! + 1,
    webhookEvents: before.webhookEvents! + 1,
    auditLog: before.auditLog! + 1,
  });
});

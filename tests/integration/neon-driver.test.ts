import net from 'node:net';
import { neonConfig } from '@neondatabase/serverless';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { createDatabase, driverFor, type DatabaseHandle } from '@/lib/db/client';
import { migrateDatabase } from '@/lib/db/migrate';
import { users, webhookEvents } from '@/lib/db/schema';
import { processDelivery } from '@/lib/sync/deliveries';
import { createTestDatabase, type TestDatabase } from '../support/database';
import userCreated from '../../scripts/support/clerk-events/user.created.json';

/**
 * The production Neon path (serverless Pool over WebSocket) against a local
 * database: a small WebSocket-to-TCP relay stands in for Neon's proxy, as
 * Neon's own docs describe for local development. A `*.neon.tech` URL picks the
 * driver; the relay ignores the host and connects to the test database.
 */
let database: TestDatabase;
let relay: WebSocketServer;
let neon: DatabaseHandle;

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  relay = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  relay.on('connection', (socket) => {
    const tcp = net.connect(Number(target.port || 5432), target.hostname);
    socket.on('message', (data: Buffer) => tcp.write(data));
    tcp.on('data', (data) => socket.send(data));
    socket.on('close', () => tcp.destroy());
    tcp.on('close', () => socket.close());
    tcp.on('error', () => socket.close());
  });
  await new Promise((resolve) => relay.once('listening', resolve));
  const { port } = relay.address() as net.AddressInfo;
  Object.assign(neonConfig, { wsProxy: () => `127.0.0.1:${port}/`, useSecureWebSocket: false, pipelineConnect: false });

  const url = `postgres://${target.username || 'postgres'}:${target.password || 'x'}@ep-test-123456.eu-central-1.aws.neon.tech${target.pathname}`;
  expect(driverFor(url)).toBe('neon');
  await migrateDatabase(url);
  neon = createDatabase(url, { max: 2 });
  expect(neon.driver).toBe('neon');
});

afterAll(async () => {
  await neon?.close();
  // The embedded database keeps a socket open after a client's Terminate message; end the relay's side.
  for (const client of relay?.clients ?? []) client.terminate();
  await new Promise((resolve) => relay?.close(resolve));
  await database?.close();
});

describe('Neon serverless driver', () => {
  it('applies a webhook delivery in one interactive transaction, exactly once', async () => {
    expect(await processDelivery(neon.db, { svixId: 'msg_neon_1', payload: userCreated })).toEqual({ status: 'applied' });
    expect(await processDelivery(neon.db, { svixId: 'msg_neon_1', payload: userCreated })).toEqual({ status: 'duplicate' });
    const [row] = await neon.db.select().from(users).where(eq(users.id, userCreated.data.id));
    expect(row?.email).toBe(userCreated.data.email_addresses[0]?.email_address);
  });

  it('rolls the whole transaction back on an error', async () => {
    await expect(
      neon.db.transaction(async (tx) => {
        await tx.insert(webhookEvents).values({ svixId: 'msg_neon_rollback', type: 'user.created', status: 'applied' });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await neon.db.select().from(webhookEvents).where(eq(webhookEvents.svixId, 'msg_neon_rollback'))).toEqual([]);
  });
});

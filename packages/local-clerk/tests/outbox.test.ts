/**
 * The webhook outbox at scale (src/webhooks.ts): deliveries go out one at a time in the
 * order of the changes, the Backend API answers without waiting for them, and what is
 * still queued survives a restart in the journal, then goes out in the same order.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ensureLocalKeys } from '../src/keys';
import { startLocalClerk } from '../src/server';
import { INSTANCE, WEBHOOK_PATH } from './fixtures';
import { verifiedEvent } from './delivery';

interface Received {
  svixId: string;
  type: string;
  id: string;
}

/** The app's webhook route: verifies each delivery; answers with `status()` once `gate` lets it, one request at a time or not. */
async function startReceiver(secret: string, status: () => number) {
  const received: Received[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  let open!: () => void;
  const gate = { opened: new Promise<void>((resolve) => (open = resolve)), open: () => open() };
  const server = http.createServer((req, res) => {
    let body = '';
    inFlight++;
    mostInFlight = Math.max(mostInFlight, inFlight);
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on(
      'end',
      () =>
        void gate.opened.then(() => {
          const answer = status();
          if (answer === 200) {
            const headers = Object.fromEntries(
              ['svix-id', 'svix-timestamp', 'svix-signature'].map((name) => [name, String(req.headers[name])]),
            );
            const event = verifiedEvent<{ type: string; data: { id: string } }>(secret, body, headers);
            received.push({ svixId: headers['svix-id']!, type: event.type, id: event.data.id });
          }
          inFlight--;
          res.writeHead(answer).end();
        }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`,
    received,
    gate,
    requests: () => ({ inFlight, mostInFlight }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startWith(dataDir: string, receiverUrl: string) {
  const keys = await ensureLocalKeys(dataDir);
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: 'http://localhost:3000',
    webhookUrl: receiverUrl,
    instance: INSTANCE,
    webhookRetry: { initialDelayMs: 10, maxDelayMs: 20 },
  });
  cleanups.push(server.close);
  return { server, clerk: createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl }), keys };
}

describe('the webhook outbox', () => {
  it('answers the Backend API while deliveries wait, then delivers them one at a time, in order', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-outbox-'));
    const keys = await ensureLocalKeys(dataDir);
    const receiver = await startReceiver(keys.webhookSecret, () => 200);
    cleanups.push(receiver.close);
    const { server, clerk } = await startWith(dataDir, receiver.url);

    // The app holds the first delivery: every Backend API call still answers.
    const created = [];
    for (let i = 0; i < 30; i++) created.push(await clerk.users.createUser({ emailAddress: [`outbox-${i}@example.test`] }));
    const organization = await clerk.organizations.createOrganization({ name: 'Outbox Inc', createdBy: created[0]!.id });
    expect(receiver.received).toEqual([]);
    await vi.waitFor(() => expect(receiver.requests().inFlight).toBe(1));

    receiver.gate.open();
    await server.flushWebhooks();
    expect(receiver.received.map(({ type, id }) => [type, id])).toEqual([
      ...created.map((user) => ['user.created', user.id]),
      ['organization.created', organization.id],
      ['organizationMembership.created', expect.stringMatching(/^orgmem_/)],
    ]);
    expect(receiver.requests().mostInFlight).toBe(1);
    expect(fs.statSync(path.join(dataDir, 'local-clerk', 'webhooks.journal')).size).toBe(0);
  });

  it('keeps what is queued across a restart, and delivers it once, in order', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-outbox-'));
    const keys = await ensureLocalKeys(dataDir);
    const down = await startReceiver(keys.webhookSecret, () => 503);
    down.gate.open();
    cleanups.push(down.close);
    const first = await startWith(dataDir, down.url);
    const users = [];
    for (let i = 0; i < 5; i++) users.push(await first.clerk.users.createUser({ emailAddress: [`restart-${i}@example.test`] }));
    await first.clerk.users.updateUser(users[0]!.id, { firstName: 'Renamed' });
    await first.server.close();
    expect(down.received).toEqual([]);

    const up = await startReceiver(keys.webhookSecret, () => 200);
    up.gate.open();
    cleanups.push(up.close);
    const second = await startWith(dataDir, up.url);
    await second.server.flushWebhooks();
    expect(up.received.map(({ type, id }) => [type, id])).toEqual([
      ...users.map((user) => ['user.created', user.id]),
      ['user.updated', users[0]!.id],
    ]);
    expect(new Set(up.received.map((delivery) => delivery.svixId)).size).toBe(6);
  });
});

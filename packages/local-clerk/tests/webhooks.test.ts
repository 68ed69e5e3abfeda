import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { ensureLocalKeys, type LocalClerkKeys } from '../src/keys';
import { startLocalClerk, type LocalClerkServer } from '../src/server';
import { CONFIGURED, WEBHOOK_PATH } from './fixtures';
import { verifiedEvent } from './delivery';

interface Delivery {
  id: string;
  type: string;
  data: Record<string, unknown>;
  object: string;
  timestamp: number;
  instance_id: string;
}

/**
 * A stand-in for the app's webhook route: verifies each delivery with svix, as the app does. What it
 * could not accept (a wrong path, a bad signature) is recorded for the test to assert on: a throw in
 * the server's callback would not fail the test.
 */
async function startReceiver(secret: string, answer: (attempt: number) => number = () => 200) {
  const deliveries: Delivery[] = [];
  const refused: string[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      attempts++;
      const status = answer(attempts);
      if (status === 200) {
        const headers = {
          'svix-id': req.headers['svix-id'] as string,
          'svix-timestamp': req.headers['svix-timestamp'] as string,
          'svix-signature': req.headers['svix-signature'] as string,
        };
        try {
          if (req.url !== WEBHOOK_PATH) throw new Error(`posted to ${req.url}, not ${WEBHOOK_PATH}`);
          const event = verifiedEvent<Omit<Delivery, 'id'>>(secret, body, headers);
          deliveries.push({ id: headers['svix-id'], ...event });
        } catch (error) {
          refused.push(error instanceof Error ? error.message : String(error));
        }
      }
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    deliveries,
    refused,
    attempts: () => attempts,
    close: () => server.close(),
  };
}

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(
  answer?: (attempt: number) => number,
): Promise<{ server: LocalClerkServer; keys: LocalClerkKeys; receiver: Awaited<ReturnType<typeof startReceiver>> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-webhooks-'));
  const keys = await ensureLocalKeys(dataDir);
  const receiver = await startReceiver(keys.webhookSecret, answer);
  cleanups.push(receiver.close, () => expect(receiver.refused, 'deliveries the receiver could not accept').toEqual([]));
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl: receiver.url,
    webhookUrl: `${receiver.url}${WEBHOOK_PATH}`,
    ...CONFIGURED,
    webhookRetry: { initialDelayMs: 10, maxDelayMs: 50 },
  });
  cleanups.push(server.close);
  return { server, keys, receiver };
}

describe('webhooks out', () => {
  it('announce the demo data, svix-signed, in the order it was created', async () => {
    const { server, receiver } = await start();
    await server.flushWebhooks();
    expect(receiver.deliveries.map((event) => event.type)).toEqual([
      'organization.created',
      'organization.created',
      ...Array.from({ length: 4 }, () => ['user.created', 'organizationMembership.created']).flat(),
    ]);
    for (const event of receiver.deliveries) expect(event).toMatchObject({ object: 'event', instance_id: 'ins_local' });

    const membership = receiver.deliveries.find((event) => event.type === 'organizationMembership.created')!;
    expect(membership.data).toMatchObject({
      object: 'organization_membership',
      role: 'org:admin',
      organization: { object: 'organization', slug: 'acme' },
      public_user_data: { identifier: 'admin@acme.test', first_name: 'Ada', last_name: 'Admin' },
    });
    const user = receiver.deliveries.find((event) => event.type === 'user.created')!;
    expect(user.data).toMatchObject({
      object: 'user',
      public_metadata: { role: 'admin' },
      email_addresses: [{ email_address: 'admin@acme.test', linked_to: [] }],
    });
  });

  it('announce Backend API changes with the resource as data, and deletions as stubs', async () => {
    const { server, keys, receiver } = await start();
    await server.flushWebhooks();
    receiver.deliveries.length = 0;

    const clerk = createClerkClient({ secretKey: keys.secretKey, apiUrl: server.bapiUrl });
    const {
      data: [mia],
    } = await clerk.users.getUserList({ emailAddress: ['member@acme.test'] });
    await clerk.users.updateUserMetadata(mia!.id, { publicMetadata: { role: 'manager' } });
    await clerk.users.deleteUser(mia!.id);
    await server.flushWebhooks();

    expect(receiver.deliveries.map((event) => event.type)).toEqual(['user.updated', 'organizationMembership.deleted', 'user.deleted']);
    expect(receiver.deliveries[0]!.data).toMatchObject({ id: mia!.id, public_metadata: { role: 'manager' } });
    expect(receiver.deliveries[1]!.data).toMatchObject({ public_user_data: { user_id: mia!.id }, organization: { slug: 'acme' } });
    expect(receiver.deliveries[2]!.data).toEqual({ id: mia!.id, object: 'user', deleted: true });
  });

  it('retry until the app answers 2xx, keeping the svix id', async () => {
    const { server, receiver } = await start((attempt) => (attempt <= 3 ? 503 : 200));
    await server.flushWebhooks();
    expect(receiver.attempts()).toBe(3 + 10);
    expect(receiver.deliveries).toHaveLength(10);
    expect(new Set(receiver.deliveries.map((event) => event.id)).size).toBe(10);
  });
});

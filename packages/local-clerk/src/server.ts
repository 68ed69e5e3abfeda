import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { createBackendApiHandler } from './bapi';
import { createFrontendApiHandler } from './fapi';
import { localClerkDir, type LocalClerkKeys } from './keys';
import { seedDemoData } from './seed';
import { webhookData } from './serializers';
import { LocalClerkStore } from './store';
import { WebhookOutbox, type WebhookRetryPolicy } from './webhooks';

export interface LocalClerkOptions {
  /** The store persists at `<dataDir>/local-clerk/store.json`, so users and organizations survive restarts. */
  dataDir: string;
  keys: LocalClerkKeys;
  /** The app's origin: webhooks go to `<appUrl>/api/webhooks/clerk`. */
  appUrl: string;
  /** 0 (default) picks a free port. Both servers bind 127.0.0.1 only. */
  fapiPort?: number;
  bapiPort?: number;
  /** Shown by Clerk's components ("Sign in to ..."). */
  applicationName?: string;
  log?: (message: string) => void;
  webhookRetry?: Partial<WebhookRetryPolicy>;
}

export interface LocalClerkServer {
  fapiUrl: string;
  bapiUrl: string;
  /** Resolves once every webhook emitted so far has been delivered (or given up on). */
  flushWebhooks(): Promise<void>;
  close(): Promise<void>;
}

export const WEBHOOK_PATH = '/api/webhooks/clerk';
const INSTANCE_ID = 'ins_local';

/** The stand-in's parts, unstarted: the store, the outbox and both request handlers. */
export async function createLocalClerk(options: LocalClerkOptions) {
  const log = options.log ?? (() => {});
  const directory = localClerkDir(options.dataDir);
  const store = LocalClerkStore.open(path.join(directory, 'store.json'));
  const outbox = new WebhookOutbox({
    url: new URL(WEBHOOK_PATH, options.appUrl).toString(),
    secret: options.keys.webhookSecret,
    file: path.join(directory, 'webhooks.json'),
    instanceId: INSTANCE_ID,
    log,
    retry: options.webhookRetry,
  });
  store.subscribe((event) => outbox.enqueue(event.type, webhookData(store, event)));
  if (store.isNew) {
    await seedDemoData(store);
    log('seeded the demo users and organizations');
  }
  const fapi = createFrontendApiHandler(
    { store, keys: options.keys, appUrl: options.appUrl, applicationName: options.applicationName ?? 'SaaS Starter', log },
    { pendingWebhooks: () => outbox.pending },
  );
  const bapi = createBackendApiHandler({ store, keys: options.keys, log });
  return { store, outbox, fapi, bapi };
}

function listen(handler: http.RequestListener, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(handler);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const urlOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts local mode's stand-ins for Clerk's Frontend API and Backend API. */
export async function startLocalClerk(options: LocalClerkOptions): Promise<LocalClerkServer> {
  const { outbox, fapi, bapi } = await createLocalClerk(options);
  const fapiServer = await listen(fapi, options.fapiPort ?? 0);
  const bapiServer = await listen(bapi, options.bapiPort ?? 0).catch(async (error: unknown) => {
    await stop(fapiServer);
    throw error;
  });
  return {
    fapiUrl: urlOf(fapiServer),
    bapiUrl: urlOf(bapiServer),
    flushWebhooks: () => outbox.flush(),
    close: async () => {
      await Promise.all([stop(fapiServer), stop(bapiServer)]);
      await outbox.close();
    },
  };
}

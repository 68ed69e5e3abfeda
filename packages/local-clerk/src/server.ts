import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { appEnvironment } from './app-env';
import { createBackendApiHandler } from './bapi';
import { createFrontendApiHandler } from './fapi';
import { sendJson } from './http';
import { ImageStore } from './images';
import { Instance, type InstanceConfig } from './instance';
import { localClerkDir, type LocalClerkKeys } from './keys';
import { applySeed, type Seed } from './seed';
import { webhookData } from './serializers/webhook';
import { LocalClerkStore } from './store';
import { BackendApiRateLimit } from './rate-limit';
import { RequestCounter } from './request-counter';
import { WebhookOutbox, type WebhookRetryPolicy } from './webhooks';

export interface LocalClerkOptions {
  /** The store persists at `<dataDir>/local-clerk/store.json` and `store.journal`, so users and organizations survive restarts. */
  dataDir: string;
  keys: LocalClerkKeys;
  /**
   * The app's origin. The Frontend API takes the origin from the proxy's
   * forwarding headers; a request without them is taken to come from here.
   */
  appUrl: string;
  /**
   * More apps that use this stand-in (their origins): their browsers may call the Frontend API
   * (others get 403 `origin_invalid`), their tokens name them (`azp`), and the handshake and
   * the Account Portal's pages send browsers back to them.
   */
  otherAppUrls?: string[];
  /** Where every change is announced, svix-signed, as Clerk's webhooks (e.g. `<app>/api/webhooks/clerk`). None: not announced. */
  webhookUrl?: string;
  /** The instance's settings (application name, organization roles, paths); defaults are a fresh Clerk instance's. */
  instance?: Partial<InstanceConfig>;
  /** Users and organizations a new store starts with. */
  seed?: Seed;
  /**
   * Where browsers reach the Frontend API: the app's proxy (`<app>/clerk-fapi`).
   * Uploaded avatars and logos are linked there. Default: the Frontend API's own URL.
   */
  publicFrontendApiUrl?: string;
  /** 0 (default) picks a free port. Both servers bind 127.0.0.1 only. */
  fapiPort?: number;
  bapiPort?: number;
  log?: (message: string) => void;
  webhookRetry?: Partial<WebhookRetryPolicy>;
}

export interface LocalClerkServer {
  fapiUrl: string;
  bapiUrl: string;
  /** Where browsers reach the Frontend API (`publicFrontendApiUrl`; by default on the app's loopback host name, for its cookies). */
  publicFrontendApiUrl: string;
  /** The variables an app sets to use this stand-in (see app-env.ts). */
  appEnvironment(): Record<string, string>;
  /** Resolves once every webhook emitted so far has been delivered (or given up on). */
  flushWebhooks(): Promise<void>;
  close(): Promise<void>;
}

const INSTANCE_ID = 'ins_local';

/** The stand-in's parts, unstarted: the store, the outbox (when webhooks are sent) and both request handlers. */
export async function createLocalClerk(options: LocalClerkOptions) {
  const log = options.log ?? (() => {});
  const directory = localClerkDir(options.dataDir);
  const instance = new Instance(options.instance, options.appUrl);
  const store = LocalClerkStore.open(path.join(directory, 'store.json'), instance);
  // Backend API requests being answered, and when the last one ended: deliveries wait for a quiet moment.
  const backendApiBusy = { inFlight: 0, lastEndedAt: 0 };
  const outbox = options.webhookUrl
    ? new WebhookOutbox({
        url: options.webhookUrl,
        secret: options.keys.webhookSecret,
        file: path.join(directory, 'webhooks.journal'),
        instanceId: INSTANCE_ID,
        log,
        retry: options.webhookRetry,
        holdWhile: () => backendApiBusy.inFlight > 0 || Date.now() - backendApiBusy.lastEndedAt < 20,
      })
    : null;
  if (outbox) store.subscribe((event) => outbox.enqueue(event.type, webhookData(store, event)));
  // Every user and organization has its default plan's subscription; subscribed after the outbox, so the payer's event goes first.
  store.subscribe((event) => {
    if (event.type === 'user.created' && store.billing.enabledFor('user'))
      store.billing.subscriptionOf({ type: 'user', id: event.user.id });
    if (event.type === 'organization.created' && store.billing.enabledFor('org'))
      store.billing.subscriptionOf({ type: 'org', id: event.organization.id });
  });
  if (store.isNew && options.seed) {
    await applySeed(store, options.seed);
    log('seeded the configured users and organizations');
  }
  store.billing.ensureAll();
  if (options.publicFrontendApiUrl) instance.publicFrontendApiUrl = options.publicFrontendApiUrl;
  const images = new ImageStore(path.join(directory, 'images'));
  const backendApiRequests = new RequestCounter();
  const appOrigins = [options.appUrl, ...(options.otherAppUrls ?? [])].map((url) => new URL(url).origin);
  const rateLimit = new BackendApiRateLimit();
  const fapi = createFrontendApiHandler(
    { store, keys: options.keys, images, appUrl: options.appUrl, appOrigins: [...new Set(appOrigins)], log },
    {
      pendingWebhooks: () => outbox?.pending ?? 0,
      backendApiRequests: () => backendApiRequests.counts(),
      limitBackendApi: (limit) => rateLimit.refuse(limit),
    },
  );
  const handleBackendApi = createBackendApiHandler({ store, keys: options.keys, log });
  const bapi = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    backendApiBusy.inFlight++;
    try {
      const method = req.method ?? 'GET';
      backendApiRequests.record(method, req.url ?? '/');
      const refused = rateLimit.take(method, new URL(req.url ?? '/', 'http://local-clerk.invalid').pathname);
      if (refused) sendJson(res, refused);
      else await handleBackendApi(req, res);
    } finally {
      backendApiBusy.inFlight--;
      backendApiBusy.lastEndedAt = Date.now();
    }
  };
  return { store, outbox, fapi, bapi };
}

/**
 * How long an idle kept-alive connection stays open. Node's default, 5 s, closes it just as a client may
 * reuse it, and that request gets a reset (seen 2026-12-05 under the backfill); a hosted API keeps it longer.
 */
const KEEP_ALIVE_MS = 120_000;

function listen(handler: http.RequestListener, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_MS }, handler);
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

const portOf = (server: http.Server) => (server.address() as AddressInfo).port;
const urlOf = (server: http.Server) => `http://127.0.0.1:${portOf(server)}`;

/**
 * The Frontend API as a browser on the app reaches it: on the app's own host name when that is
 * `localhost` (cookies ignore ports, and `127.0.0.1` would be another site, losing SameSite=Lax cookies).
 */
const browserUrlOf = (server: http.Server, appUrl: string) =>
  `http://${new URL(appUrl).hostname === 'localhost' ? 'localhost' : '127.0.0.1'}:${portOf(server)}`;

function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** Starts the stand-ins for Clerk's Frontend API and Backend API. */
export async function startLocalClerk(options: LocalClerkOptions): Promise<LocalClerkServer> {
  const { store, outbox, fapi, bapi } = await createLocalClerk(options);
  const fapiServer = await listen(fapi, options.fapiPort ?? 0);
  store.instance.publicFrontendApiUrl ||= browserUrlOf(fapiServer, options.appUrl);
  const bapiServer = await listen(bapi, options.bapiPort ?? 0).catch(async (error: unknown) => {
    await stop(fapiServer);
    throw error;
  });
  const bapiUrl = urlOf(bapiServer);
  return {
    fapiUrl: urlOf(fapiServer),
    bapiUrl,
    publicFrontendApiUrl: store.instance.publicFrontendApiUrl,
    appEnvironment: () => appEnvironment({ keys: options.keys, instance: store.instance, bapiUrl, webhooks: Boolean(options.webhookUrl) }),
    flushWebhooks: async () => outbox?.flush(),
    close: async () => {
      await Promise.all([stop(fapiServer), stop(bapiServer)]);
      await outbox?.close();
    },
  };
}

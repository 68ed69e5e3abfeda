import fs from 'node:fs';
import path from 'node:path';
import { Webhook } from 'svix';
import { newId } from './ids';

export interface WebhookRetryPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  /** How long one event is retried in this process before it is dropped (logged). */
  giveUpAfterMs: number;
  /** One delivery attempt's timeout: the first request may wait for `next dev` to compile the route. */
  timeoutMs: number;
}

const DEFAULT_RETRY_POLICY: WebhookRetryPolicy = {
  initialDelayMs: 250,
  maxDelayMs: 10_000,
  giveUpAfterMs: 10 * 60_000,
  timeoutMs: 60_000,
};

export interface WebhookOutboxOptions {
  /** Where deliveries go: the app's `/api/webhooks/clerk`. */
  url: string;
  /** svix signing secret (`whsec_...`). */
  secret: string;
  /** Pending deliveries persist here, so a restart does not lose them; `null` keeps them in memory. */
  file: string | null;
  instanceId: string;
  log: (message: string) => void;
  retry?: Partial<WebhookRetryPolicy>;
}

interface PendingDelivery {
  id: string;
  type: string;
  /** The exact bytes signed and sent. */
  body: string;
}

/**
 * Clerk's webhook deliveries, locally: each event is signed with svix and
 * POSTed to the app, one at a time in the order they happened, retried with
 * backoff until the app answers 2xx.
 */
export class WebhookOutbox {
  private queue: PendingDelivery[];
  private readonly policy: WebhookRetryPolicy;
  private readonly signer: Webhook;
  private readonly idleWaiters: Array<() => void> = [];
  private running = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private inFlight: AbortController | null = null;

  constructor(private readonly options: WebhookOutboxOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.signer = new Webhook(options.secret);
    this.queue =
      options.file && fs.existsSync(options.file) ? (JSON.parse(fs.readFileSync(options.file, 'utf8')) as PendingDelivery[]) : [];
    if (this.queue.length) this.start();
  }

  get pending(): number {
    return this.queue.length;
  }

  enqueue(type: string, data: unknown, timestamp = Date.now()) {
    const body = JSON.stringify({ data, object: 'event', type, timestamp, instance_id: this.options.instanceId });
    this.queue.push({ id: newId('msg'), type, body });
    this.persist();
    this.start();
  }

  /** Resolves once every queued event is delivered (or given up on). */
  flush(): Promise<void> {
    if (!this.queue.length || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.inFlight?.abort();
    this.persist();
    this.settleWaiters();
  }

  private persist() {
    const { file } = this.options;
    if (!file) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(this.queue), { mode: 0o600 });
    fs.renameSync(`${file}.tmp`, file);
  }

  private settleWaiters() {
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private start() {
    if (this.running || this.closed) return;
    this.running = true;
    void this.deliverAll().finally(() => {
      this.running = false;
    });
  }

  private async deliverAll() {
    while (this.queue.length && !this.closed) {
      const delivery = this.queue[0]!;
      await this.deliverWithRetries(delivery);
      if (this.closed) return;
      this.queue.shift();
      this.persist();
    }
    if (!this.closed) this.settleWaiters();
  }

  private async deliverWithRetries(delivery: PendingDelivery) {
    const firstAttemptAt = Date.now();
    for (let attempt = 1; !this.closed; attempt++) {
      const failure = await this.attempt(delivery);
      if (!failure) {
        if (attempt > 1) this.options.log(`webhook ${delivery.type} (${delivery.id}) delivered after ${attempt} attempts`);
        return;
      }
      if (attempt === 1) this.options.log(`webhook ${delivery.type} (${delivery.id}) not delivered yet (${failure}); retrying`);
      if (Date.now() - firstAttemptAt > this.policy.giveUpAfterMs) {
        this.options.log(`webhook ${delivery.type} (${delivery.id}) dropped after ${attempt} attempts (${failure})`);
        return;
      }
      await this.sleep(Math.min(this.policy.initialDelayMs * 2 ** (attempt - 1), this.policy.maxDelayMs));
    }
  }

  /** One delivery attempt: `null` on a 2xx, else why it failed. */
  private async attempt(delivery: PendingDelivery): Promise<string | null> {
    const sentAt = new Date();
    this.inFlight = new AbortController();
    const timeout = setTimeout(() => this.inFlight?.abort(), this.policy.timeoutMs);
    try {
      const response = await fetch(this.options.url, {
        method: 'POST',
        signal: this.inFlight.signal,
        headers: {
          'content-type': 'application/json',
          'svix-id': delivery.id,
          'svix-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'svix-signature': this.signer.sign(delivery.id, sentAt, delivery.body),
        },
        body: delivery.body,
      });
      await response.arrayBuffer();
      return response.ok ? null : `HTTP ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      return cause ?? (error as Error).message;
    } finally {
      clearTimeout(timeout);
      this.inFlight = null;
    }
  }

  private sleep(ms: number) {
    return new Promise<void>((resolve) => {
      this.timer = setTimeout(resolve, ms);
      this.timer.unref();
    });
  }
}

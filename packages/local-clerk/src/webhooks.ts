import { Webhook } from 'svix';
import { newId } from './ids';
import { Journal } from './journal';

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
  /** Pending deliveries persist in this journal, so a restart does not lose them; `null` keeps them in memory. */
  file: string | null;
  instanceId: string;
  log: (message: string) => void;
  retry?: Partial<WebhookRetryPolicy>;
  /**
   * While this says so, the next delivery waits (up to `MAX_HOLD_MS`): the server says so while
   * Backend API requests are being answered, so a bulk import is answered first and the app's
   * work on each delivery (its database, in the same process under `npm run dev`) comes after.
   */
  holdWhile?: () => boolean;
}

interface PendingDelivery {
  id: string;
  type: string;
  /** The exact bytes signed and sent. */
  body: string;
}

/** A journal line: a delivery queued, or the id of one done with (delivered or given up on). */
type OutboxEntry = { queued: PendingDelivery } | { done: string };

/** A delivery waits at most this long for the Backend API to go quiet: deliveries slow down under load, never stop. */
const MAX_HOLD_MS = 5_000;

/** Past this, a journal whose deliveries are mostly done is rewritten with the pending ones alone. */
const MIN_REWRITE_BYTES = 4 * 2 ** 20;

/**
 * Clerk's webhook deliveries, locally: each event is signed with svix and
 * POSTed to the app, one at a time in the order they happened, retried with
 * backoff until the app answers 2xx. Queuing appends one journal line and
 * returns: the Backend API's answer never waits for the app.
 */
export class WebhookOutbox {
  private queue: PendingDelivery[];
  /** The first pending delivery in `queue` (delivered ones are dropped in batches, not shifted one by one). */
  private head = 0;
  private readonly journal: Journal | null;
  private pendingBytes = 0;
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
    this.queue = [];
    this.journal = options.file ? this.replay(options.file) : null;
    if (this.pending) this.start();
  }

  /** The deliveries the journal has queued and not marked done, in order. */
  private replay(file: string): Journal {
    const { journal, lines } = Journal.open(file);
    const done = new Set<string>();
    for (const entry of lines as OutboxEntry[]) if ('done' in entry) done.add(entry.done);
    for (const entry of lines as OutboxEntry[]) if ('queued' in entry && !done.has(entry.queued.id)) this.queue.push(entry.queued);
    this.pendingBytes = this.queue.reduce((bytes, delivery) => bytes + delivery.body.length, 0);
    return journal;
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  enqueue(type: string, data: unknown, timestamp = Date.now()) {
    const body = JSON.stringify({ data, object: 'event', type, timestamp, instance_id: this.options.instanceId });
    const delivery = { id: newId('msg'), type, body };
    this.journal?.append(JSON.stringify({ queued: delivery } satisfies OutboxEntry));
    this.queue.push(delivery);
    this.pendingBytes += body.length;
    this.start();
  }

  /** Resolves once every queued event is delivered (or given up on). */
  flush(): Promise<void> {
    if (!this.pending || this.closed) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.inFlight?.abort();
    this.settleWaiters();
  }

  /** Marks the first pending delivery done; the journal is emptied when nothing is pending, and rewritten when it is mostly done ones. */
  private done(delivery: PendingDelivery) {
    this.head++;
    this.pendingBytes -= delivery.body.length;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    const { journal } = this;
    if (!journal) return;
    if (!this.pending) return journal.clear();
    if (journal.bytes > Math.max(MIN_REWRITE_BYTES, 4 * this.pendingBytes)) {
      return journal.replace(this.queue.slice(this.head).map((queued) => JSON.stringify({ queued } satisfies OutboxEntry)));
    }
    journal.append(JSON.stringify({ done: delivery.id } satisfies OutboxEntry));
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
    while (this.pending && !this.closed) {
      const delivery = this.queue[this.head]!;
      await this.deliverWithRetries(delivery);
      if (this.closed) return;
      this.done(delivery);
    }
    if (!this.closed) this.settleWaiters();
  }

  private async deliverWithRetries(delivery: PendingDelivery) {
    for (const heldSince = Date.now(); this.options.holdWhile?.() && Date.now() - heldSince < MAX_HOLD_MS && !this.closed;)
      await this.sleep(20);
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

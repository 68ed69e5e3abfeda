import { eq, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { webhookEvents, type WebhookEventStatus } from '@/lib/db/schema';
import { applyEvent } from './apply';
import { parseClerkEvent, type ClerkEventType, type ParsedDelivery } from './events';

export interface Delivery {
  /** The svix message id: the same for every retry of one event. */
  svixId: string;
  /** The verified, JSON-parsed body. */
  payload: unknown;
}

export type DeliveryOutcome =
  | { status: 'applied' | 'duplicate' | 'ignored' }
  /**
   * Applied, but it changed nothing: the mirror already held this state or a
   * later one (an older update, a resent event, a deletion already applied).
   */
  | { status: 'stale'; type: ClerkEventType; targetId: string }
  /** Signed, but not a shape the sync understands: recorded with its payload, to be retried after a fix. */
  | { status: 'failed'; error: string };

/** The `webhook_events.status` each kind of delivery is recorded with (an event that changes nothing becomes `stale`). */
const RECORDED_STATUS = { event: 'applied', ignored: 'ignored', invalid: 'failed' } as const satisfies Record<
  ParsedDelivery['kind'],
  WebhookEventStatus
>;

/**
 * Processes one delivery exactly once per svix id, in one transaction.
 *
 * The ledger row and the event's writes commit together or not at all: a
 * database fault throws (the caller answers 500, Clerk retries) and leaves
 * nothing behind. Concurrent deliveries of one id are decided by the primary
 * key: the second insert waits for the first transaction and then sees its
 * row, so only one applies. A `failed` row is claimed again by a retry, which
 * re-applies the event (after a fix, it succeeds).
 */
export async function processDelivery(db: Database, { svixId, payload }: Delivery): Promise<DeliveryOutcome> {
  const parsed = parseClerkEvent(payload);
  const status = RECORDED_STATUS[parsed.kind];
  return retryOnConflict(() =>
    db.transaction(async (tx): Promise<DeliveryOutcome> => {
      const claimed = await tx
        .insert(webhookEvents)
        .values({
          svixId,
          type: parsed.type,
          status,
          error: parsed.kind === 'invalid' ? parsed.error : null,
          // Kept only when the event could not be applied, so it can be inspected and replayed;
          // applied and ignored payloads are not (email/sms events carry message bodies and codes).
          payload: status === 'failed' ? payload : null,
          processedAt: sql`now()`,
        })
        .onConflictDoUpdate({
          target: webhookEvents.svixId,
          set: {
            attempts: sql`${webhookEvents.attempts} + 1`,
            type: sql`excluded.type`,
            status: sql`excluded.status`,
            error: sql`excluded.error`,
            payload: sql`excluded.payload`,
            processedAt: sql`now()`,
          },
          setWhere: eq(webhookEvents.status, 'failed'),
        })
        .returning({ attempts: webhookEvents.attempts });
      if (claimed.length === 0) {
        // Counted, so /admin shows deliveries answered `duplicate` too.
        await tx
          .update(webhookEvents)
          .set({ duplicates: sql`${webhookEvents.duplicates} + 1` })
          .where(eq(webhookEvents.svixId, svixId));
        return { status: 'duplicate' };
      }
      if (parsed.kind === 'invalid') return { status: 'failed', error: parsed.error };
      if (parsed.kind === 'event') {
        const { changed, targetId } = await applyEvent(tx, parsed.event, svixId);
        if (!changed) {
          await tx.update(webhookEvents).set({ status: 'stale' }).where(eq(webhookEvents.svixId, svixId));
          return { status: 'stale', type: parsed.type, targetId };
        }
      }
      return { status: RECORDED_STATUS[parsed.kind] };
    }),
  );
}

/** Deadlocks and serialization failures between concurrent deliveries are resolved by running the event again. */
const RETRYABLE_CODES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 3;

const postgresCode = (error: unknown): string | undefined => {
  const { code, cause } = (error ?? {}) as { code?: unknown; cause?: { code?: unknown } };
  const found = typeof code === 'string' ? code : cause?.code;
  return typeof found === 'string' ? found : undefined;
};

async function retryOnConflict<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      const code = postgresCode(error);
      if (attempt >= MAX_ATTEMPTS || !code || !RETRYABLE_CODES.has(code)) throw error;
    }
  }
}

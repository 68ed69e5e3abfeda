import { desc, eq, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { webhookEvents, type WebhookEventStatus } from '@/lib/db/schema';

/** One recorded webhook message as /admin lists it (no payload: it can hold personal data). */
export interface DeliveryRow {
  svixId: string;
  type: string;
  status: WebhookEventStatus;
  attempts: number;
  duplicates: number;
  error: string | null;
  receivedAt: Date;
  processedAt: Date | null;
}

export const LATEST_DELIVERIES = 25;

/** The latest recorded deliveries, failures first (they wait for a fix and a retry), then newest first. */
export function latestDeliveries(db: Database, limit = LATEST_DELIVERIES): Promise<DeliveryRow[]> {
  return db
    .select({
      svixId: webhookEvents.svixId,
      type: webhookEvents.type,
      status: webhookEvents.status,
      attempts: webhookEvents.attempts,
      duplicates: webhookEvents.duplicates,
      error: webhookEvents.error,
      receivedAt: webhookEvents.receivedAt,
      processedAt: webhookEvents.processedAt,
    })
    .from(webhookEvents)
    .orderBy(desc(sql`${webhookEvents.status} = 'failed'`), desc(webhookEvents.receivedAt))
    .limit(limit);
}

/**
 * When the latest applied delivery (one that changed the mirror) was processed, or null if none
 * ever was: what an uptime monitor watches. Read through the (status, received_at) index, so
 * polling it stays cheap however long the ledger grows.
 */
export async function lastAppliedAt(db: Database): Promise<Date | null> {
  const [row] = await db
    .select({ at: webhookEvents.processedAt })
    .from(webhookEvents)
    .where(eq(webhookEvents.status, 'applied'))
    .orderBy(desc(webhookEvents.receivedAt))
    .limit(1);
  return row?.at ?? null;
}

import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema';

export interface SyncAuditEntry {
  /** The webhook event type, e.g. `user.updated`. */
  action: string;
  targetType: 'user' | 'organization' | 'membership' | 'invitation' | 'session' | 'subscription' | 'subscription_item' | 'payment_attempt';
  targetId: string;
  organizationId?: string | null;
  /** The Clerk user who acted, when the event names one (sessions); null for Clerk-originated changes. */
  actorId?: string | null;
  /** Whether the mirror changed; false when the event was older than what it held. */
  changed: boolean;
  details?: Record<string, unknown>;
}

/** One entry per applied delivery, written in its transaction: it exists if and only if the event was applied. */
export async function recordSyncAudit(tx: Database, svixId: string, entry: SyncAuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    actorId: entry.actorId ?? null,
    organizationId: entry.organizationId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    metadata: { svixId, changed: entry.changed, ...entry.details },
  });
}

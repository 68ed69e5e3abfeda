import type { Database } from '@/lib/db/client';
import { organizations, users } from '@/lib/db/schema';

/**
 * Minimal rows (ids only, version 0) for a user or organization referenced
 * before its own event arrived, so a membership, invitation or session is never
 * dropped for arriving first. Any real write is newer and fills them in; an
 * existing row, tombstoned or not, is left alone.
 */
export async function ensureReferencedRows(tx: Database, ids: { organizationId?: string; userId?: string }): Promise<void> {
  if (ids.organizationId) await tx.insert(organizations).values({ id: ids.organizationId }).onConflictDoNothing();
  if (ids.userId) await tx.insert(users).values({ id: ids.userId }).onConflictDoNothing();
}

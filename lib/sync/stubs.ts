import type { Database } from '@/lib/db/client';
import { organizations, users } from '@/lib/db/schema';

/**
 * Minimal rows (ids only, version 0) for a user or organization referenced
 * before its own event arrived, so a membership, invitation or session is never
 * dropped for arriving first. Any real write is newer and fills them in; an
 * existing row, tombstoned or not, is left alone.
 */
export function ensureReferencedRows(tx: Database, ids: { organizationId?: string; userId?: string }): Promise<void> {
  return ensureReferencedRowsOf(tx, {
    organizationIds: ids.organizationId ? [ids.organizationId] : [],
    userIds: ids.userId ? [ids.userId] : [],
  });
}

/** The same for many references at once (a backfill's page): one statement per table. */
export async function ensureReferencedRowsOf(tx: Database, ids: { organizationIds: string[]; userIds: string[] }): Promise<void> {
  const unique = (values: string[]) => [...new Set(values)].map((id) => ({ id }));
  if (ids.organizationIds.length) await tx.insert(organizations).values(unique(ids.organizationIds)).onConflictDoNothing();
  if (ids.userIds.length) await tx.insert(users).values(unique(ids.userIds)).onConflictDoNothing();
}

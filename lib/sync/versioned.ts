import { and, isNull, lt, lte, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import type { invitations, memberships, organizations, users } from '@/lib/db/schema';

/**
 * The one ordering rule every mirrored entity goes through.
 *
 * A row carries the version of the last write it accepted (`clerk_updated_at`,
 * Clerk's clock in ms). A write is accepted only when it is newer than that, so
 * deliveries can arrive in any order, any number of times, and the row ends as
 * the newest write made it:
 * - an update applies when its version is strictly newer (a duplicate or an
 *   older event is a no-op);
 * - a deletion is a write too: it leaves a tombstone (`deleted_at` = its version)
 *   and applies at an equal version, so an update and a deletion stamped in the
 *   same millisecond resolve to the deletion whichever arrives first;
 * - under the `final` policy an update never lifts a tombstone (Clerk never
 *   reuses user or organization ids, so a late update must not resurrect one);
 *   under `versioned`, a newer write does (a member who left can rejoin: same
 *   organization and user, a new membership).
 * Stub rows (ids only, version 0) lose to any real write.
 */
export type TombstonePolicy = 'final' | 'versioned';

type VersionedTable = typeof users | typeof organizations | typeof memberships | typeof invitations;

/** The columns a sync write sets: everything but the version, tombstone and bookkeeping timestamps. */
export type VersionedValues<T extends VersionedTable> = Omit<
  T['$inferInsert'],
  'clerkUpdatedAt' | 'deletedAt' | 'createdAt' | 'updatedAt'
>;

export interface Version {
  /** Clerk's `updated_at` for writes, the deletion's timestamp for deletes (ms). */
  version: number;
  deleted: boolean;
}

/** Returns true when the write took effect, false when the row already held a newer (or final) state. */
export type VersionedWriter<T extends VersionedTable> = (tx: Database, values: VersionedValues<T>, version: Version) => Promise<boolean>;

export function versionedWriter<T extends VersionedTable>(
  table: T,
  key: readonly (keyof VersionedValues<T> & string)[],
  tombstone: TombstonePolicy,
): VersionedWriter<T> {
  const columns = table as unknown as Record<string, PgColumn>;
  const target = key.map((name) => columns[name]!);
  return async (tx, values, { version, deleted }) => {
    const state = { clerkUpdatedAt: version, deletedAt: deleted ? new Date(version) : null };
    // Key columns stay out of SET: rewriting them would take a stronger row lock
    // than needed and block concurrent foreign-key checks against the row.
    const changes = Object.fromEntries(Object.entries(values).filter(([name]) => !key.includes(name as never)));
    const newer = deleted ? lte(table.clerkUpdatedAt, version) : lt(table.clerkUpdatedAt, version);
    const accepted = tombstone === 'final' && !deleted ? and(newer, isNull(table.deletedAt)) : newer;
    const written = await tx
      .insert(table as typeof users)
      .values({ ...(values as VersionedValues<typeof users>), ...state })
      .onConflictDoUpdate({ target, set: { ...changes, ...state, updatedAt: sql`now()` }, setWhere: accepted })
      .returning({ version: table.clerkUpdatedAt });
    return written.length > 0;
  };
}

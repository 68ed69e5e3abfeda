import { and, gt, isNull, lt, or, sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import type { invitations, organizations, users } from '@/lib/db/schema';

/**
 * The ordering rule the mirrored entities go through (memberships add one
 * step, see ./memberships).
 *
 * A row carries the version of the last update it accepted (`clerk_updated_at`,
 * Clerk's `updated_at` in ms). Deliveries arrive at least once and in any order:
 * - an update applies when its version is strictly newer (a duplicate or an
 *   older event is a no-op, reported as stale);
 * - a deletion is final for its id: Clerk never brings a deleted user or
 *   organization back and never reuses the id, so it applies whatever the
 *   row's version (a deletion's `timestamp` comes from another clock than the
 *   object's `updated_at`, and Clerk's own examples stamp it before the last
 *   update). It leaves a tombstone (`deleted_at`, `clerk_updated_at` = the
 *   deletion's time) that no later update lifts. A second deletion of the same
 *   id changes nothing unless it is dated earlier (the earliest wins, so any
 *   order ends on the same row).
 * Under the `inherited` policy (invitations), tombstones come only from a
 * parent (the organization) and are derived again after every write, so updates
 * keep applying beneath them and the row ends the same whichever came first.
 * Stub rows (ids only, version 0) lose to any real write.
 */
export type TombstonePolicy = 'final' | 'inherited';

type VersionedTable = typeof users | typeof organizations | typeof invitations;

/** The columns a sync write sets: everything but the version, tombstone and bookkeeping timestamps. */
export type VersionedValues<T extends VersionedTable> = Omit<T['$inferInsert'], 'clerkUpdatedAt' | 'deletedAt' | 'createdAt' | 'updatedAt'>;

export interface Version {
  /** Clerk's `updated_at` for updates, the deletion's time for deletions (ms). */
  version: number;
  deleted: boolean;
}

/** Returns true when the write changed the row, false when it already held this state or a later one. */
export type VersionedWriter<T extends VersionedTable> = (tx: Database, values: VersionedValues<T>, version: Version) => Promise<boolean>;

export function versionedWriter<T extends VersionedTable>(
  table: T,
  key: readonly (keyof VersionedValues<T> & string)[],
  tombstone: TombstonePolicy,
): VersionedWriter<T> {
  const columns = table as unknown as Record<string, PgColumn>;
  const target = key.map((name) => columns[name]!);
  return async (tx, values, { version, deleted }) => {
    const deletedAt = deleted ? new Date(version) : null;
    const state = { clerkUpdatedAt: version, deletedAt };
    // Key columns stay out of SET: rewriting them would take a stronger row lock
    // than needed and block concurrent foreign-key checks against the row.
    const changes = Object.fromEntries(Object.entries(values).filter(([name]) => !key.includes(name as never)));
    const accepted = deleted
      ? or(isNull(table.deletedAt), gt(table.deletedAt, deletedAt!))
      : tombstone === 'final'
        ? and(lt(table.clerkUpdatedAt, version), isNull(table.deletedAt))
        : lt(table.clerkUpdatedAt, version);
    const written = await tx
      .insert(table as typeof users)
      .values({ ...(values as VersionedValues<typeof users>), ...state })
      .onConflictDoUpdate({ target, set: { ...changes, ...state, updatedAt: sql`now()` }, setWhere: accepted })
      .returning({ version: table.clerkUpdatedAt });
    return written.length > 0;
  };
}

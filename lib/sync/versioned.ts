import { sql, type SQL } from 'drizzle-orm';
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
 *
 * The rule is one SQL condition on the stored row and the incoming one (`excluded`),
 * so a webhook's single row and a backfill's page of rows go through the same statement.
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

export interface VersionedRow<T extends VersionedTable> {
  values: VersionedValues<T>;
  version: Version;
}

/**
 * Writes the rows as if one after another (a later row of the same id sees the earlier one's
 * result) and returns how many of them changed their row; a row that found its id already
 * holding this state or a later one changes nothing. All rows set the same columns.
 */
export type VersionedWriter<T extends VersionedTable> = (tx: Database, rows: readonly VersionedRow<T>[]) => Promise<number>;

/** The incoming row's value of `column` in an upsert's DO UPDATE. */
export const incoming = (column: PgColumn): SQL => sql`excluded.${sql.identifier(column.name)}`;

/** Rows per statement: well under Postgres's 65,535 parameters for the widest table here. */
const ROWS_PER_STATEMENT = 1000;

/**
 * The rows in statements that apply them in their order: an upsert may touch a row only once,
 * so the n-th occurrence of a key goes into the n-th round, and rounds run in order.
 */
export function statementsOf<R>(rows: readonly R[], keyOf: (row: R) => string): R[][] {
  const rounds: R[][] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const key = keyOf(row);
    const round = seen.get(key) ?? 0;
    seen.set(key, round + 1);
    (rounds[round] ??= []).push(row);
  }
  return rounds.flatMap((round) =>
    Array.from({ length: Math.ceil(round.length / ROWS_PER_STATEMENT) }, (_, index) =>
      round.slice(index * ROWS_PER_STATEMENT, (index + 1) * ROWS_PER_STATEMENT),
    ),
  );
}

/** The columns every row sets (a batch is one statement: rows of different shapes would default each other's columns). */
export function sharedColumns(rows: readonly object[]): string[] {
  const columns = Object.keys(rows[0] ?? {}).sort();
  const shape = columns.join();
  if (rows.some((row) => Object.keys(row).sort().join() !== shape))
    throw new Error(`Rows of one batch write set different columns (${shape})`);
  return columns;
}

export function versionedWriter<T extends VersionedTable>(
  table: T,
  key: readonly (keyof VersionedValues<T> & string)[],
  tombstone: TombstonePolicy,
): VersionedWriter<T> {
  const columns = table as unknown as Record<string, PgColumn>;
  const target = key.map((name) => columns[name]!);
  const incomingDeletedAt = incoming(table.deletedAt);
  const newer = sql`${table.clerkUpdatedAt} < ${incoming(table.clerkUpdatedAt)}`;
  // A deletion applies unless an earlier one did; an update when newer (and, for final tombstones, on a live row).
  const accepted = sql`case when ${incomingDeletedAt} is not null
    then ${table.deletedAt} is null or ${table.deletedAt} > ${incomingDeletedAt}
    else ${tombstone === 'final' ? sql`${newer} and ${table.deletedAt} is null` : newer} end`;
  return async (tx, rows) => {
    if (!rows.length) return 0;
    // Key columns stay out of SET: rewriting them would take a stronger row lock
    // than needed and block concurrent foreign-key checks against the row.
    const changed = sharedColumns(rows.map((row) => row.values)).filter((name) => !key.includes(name as never));
    const set = Object.fromEntries(
      [...changed, 'clerkUpdatedAt', 'deletedAt'].map((name) => [name, incoming(columns[name]!)] as [string, SQL]),
    );
    const keyOf = (row: VersionedRow<T>) => key.map((name) => String((row.values as Record<string, unknown>)[name])).join('\u0000');
    let written = 0;
    for (const statement of statementsOf(rows, keyOf)) {
      const values = statement.map(({ values, version }) => ({
        ...(values as VersionedValues<typeof users>),
        clerkUpdatedAt: version.version,
        deletedAt: version.deleted ? new Date(version.version) : null,
      }));
      const result = await tx
        .insert(table as typeof users)
        .values(values)
        .onConflictDoUpdate({ target, set: { ...set, updatedAt: sql`now()` }, setWhere: accepted })
        .returning({ version: table.clerkUpdatedAt });
      written += result.length;
    }
    return written;
  };
}

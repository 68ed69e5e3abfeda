import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
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

/** How one statement names the row stored here and the incoming one, so that a rule is written once for every statement. */
export interface RowPair {
  stored: (column: PgColumn) => SQL;
  incoming: (column: PgColumn) => SQL;
}

/** A condition under which an incoming row replaces the stored one (null counts as false, as in ON CONFLICT's WHERE). */
export type RowRule = (rows: RowPair) => SQL;

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

/** The columns every row sets (a batch is one statement: rows of different shapes would null each other's columns). */
function sharedColumns(rows: readonly object[]): string[] {
  const columns = Object.keys(rows[0] ?? {}).sort();
  const shape = columns.join();
  if (rows.some((row) => Object.keys(row).sort().join() !== shape))
    throw new Error(`Rows of one batch write set different columns (${shape})`);
  return columns;
}

export interface Upsert {
  /** Properties (of the table's columns) that identify a row. */
  key: readonly string[];
  /** When an incoming row replaces the stored one. */
  accepted: RowRule;
  /** Properties written only when the incoming row names them (a null keeps the stored value). */
  keep?: readonly string[];
}

/**
 * Writes the rows as if one after another (a later row of the same key sees the earlier one's
 * result) and returns how many of them changed their row. Each statement takes a batch as one
 * array per column (`unnest`); the rule is applied twice from one definition: rows it rejects
 * are left out before the insert (so a row already current is not even locked, and a second
 * backfill writes nothing), and it guards the conflict's update, which settles a row written
 * meanwhile by another transaction.
 */
export async function upsertRows(
  tx: Database,
  table: PgTable,
  { key, accepted, keep = [] }: Upsert,
  rows: readonly object[],
): Promise<number> {
  if (!rows.length) return 0;
  const byName = getTableColumns(table) as Record<string, PgColumn>;
  const names = sharedColumns(rows);
  const columns = names.map((name) => byName[name]!);
  const keys = key.map((name) => byName[name]!);
  const name = (column: PgColumn) => sql`${sql.identifier(column.name)}`;
  const list = (of: readonly PgColumn[], render: (column: PgColumn) => SQL) => sql.join(of.map(render), sql`, `);
  const stored = (column: PgColumn) => sql`stored.${name(column)}`;
  const listed = (column: PgColumn) => sql`incoming.${name(column)}`;
  const current = (column: PgColumn) => sql`${table}.${name(column)}`;
  const excluded = (column: PgColumn) => sql`excluded.${name(column)}`;
  const set = list(
    columns.filter((column) => !keys.includes(column)),
    (column) =>
      sql`${name(column)} = ${keep.some((kept) => byName[kept] === column) ? sql`coalesce(${excluded(column)}, ${current(column)})` : excluded(column)}`,
  );
  const keyOf = (row: object) => key.map((property) => String((row as Record<string, unknown>)[property])).join('\u0000');
  let written = 0;
  for (const statement of statementsOf(rows, keyOf)) {
    const arrays = sql.join(
      columns.map((column, index) => {
        const values = statement.map((row) => {
          const value = (row as Record<string, unknown>)[names[index]!];
          return value === null || value === undefined ? null : column.mapToDriverValue(value);
        });
        return sql`${sql.param(values)}::${sql.raw(column.getSQLType())}[]`;
      }),
      sql`, `,
    );
    const result = (await tx.execute(sql`insert into ${table} (${list(columns, name)})
      select ${list(columns, listed)} from unnest(${arrays}) as incoming(${list(columns, name)})
      where not exists (select from ${table} as stored
        where ${sql.join(
          keys.map((column) => sql`${stored(column)} = ${listed(column)}`),
          sql` and `,
        )} and not coalesce(${accepted({ stored, incoming: listed })}, false))
      on conflict (${list(keys, name)}) do update set ${set}, ${name(byName.updatedAt!)} = now()
      where ${accepted({ stored: current, incoming: excluded })}
      returning 1`)) as { rows: unknown[] };
    written += result.rows.length;
  }
  return written;
}

/** The ordering rule above, on a stored and an incoming row. */
export function versionedRule(table: VersionedTable, tombstone: TombstonePolicy): RowRule {
  return ({ stored, incoming }) => {
    const newer = sql`${stored(table.clerkUpdatedAt)} < ${incoming(table.clerkUpdatedAt)}`;
    // A deletion applies unless an earlier one did; an update when newer (and, for final tombstones, on a live row).
    return sql`case when ${incoming(table.deletedAt)} is not null
      then ${stored(table.deletedAt)} is null or ${stored(table.deletedAt)} > ${incoming(table.deletedAt)}
      else ${tombstone === 'final' ? sql`${newer} and ${stored(table.deletedAt)} is null` : newer} end`;
  };
}

export function versionedWriter<T extends VersionedTable>(
  table: T,
  key: readonly (keyof VersionedValues<T> & string)[],
  tombstone: TombstonePolicy,
): VersionedWriter<T> {
  // Key columns stay out of SET (upsertRows): rewriting them would take a stronger row lock
  // than needed and block concurrent foreign-key checks against the row.
  const upsert: Upsert = { key, accepted: versionedRule(table, tombstone) };
  return (tx, rows) =>
    upsertRows(
      tx,
      table,
      upsert,
      rows.map(({ values, version }) => ({
        ...values,
        clerkUpdatedAt: version.version,
        deletedAt: version.deleted ? new Date(version.version) : null,
      })),
    );
}

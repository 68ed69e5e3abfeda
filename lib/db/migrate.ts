import path from 'node:path';
import { sql } from 'drizzle-orm';
import { migrate as migrateNeon } from 'drizzle-orm/neon-serverless/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { connectOnce, directUrl, type DatabaseHandle } from './client';
import { explainDatabaseError } from './errors';

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), 'drizzle');

/**
 * The advisory lock every migrator of this app takes (any constant; advisory locks
 * are per database). Two deploys migrating one database then take turns: the second
 * waits, then finds every migration applied. On the embedded database (one session
 * underneath) the lock is always granted, which is harmless: it has one migrator.
 */
export const MIGRATION_LOCK_ID = 4_242_031_337;

/** Long enough for a sleeping serverless database to wake, short enough that a wrong host fails the build. */
const CONNECT_TIMEOUT_MS = 20_000;

export interface MigrateOptions {
  migrationsFolder?: string;
  /** Called when another migrator holds the lock and this one starts waiting. */
  onWait?: () => void;
}

/**
 * Applies the committed migrations in `drizzle/` (idempotent: applied ones are
 * skipped) under the migration lock. Connection faults become a DatabaseSetupError
 * naming DATABASE_URL and the fix.
 */
export async function migrateDatabase(url: string, options: MigrateOptions = {}): Promise<void> {
  const { migrationsFolder = MIGRATIONS_FOLDER, onWait } = options;
  let handle: DatabaseHandle;
  try {
    handle = await connectOnce(directUrl(url), { connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw explainDatabaseError(error, url);
  }
  try {
    // Both drivers answer a query with `{ rows }`.
    const { rows } = (await handle.db.execute(sql`select pg_try_advisory_lock(${MIGRATION_LOCK_ID}) as locked`)) as {
      rows: Array<{ locked: boolean }>;
    };
    if (!rows[0]?.locked) {
      onWait?.();
      await handle.db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK_ID})`);
    }
    const migrate = handle.driver === 'neon' ? migrateNeon : migratePg;
    // Both migrators accept any Drizzle Postgres database at run time.
    await migrate(handle.db as never, { migrationsFolder });
  } catch (error) {
    throw explainDatabaseError(error, url);
  } finally {
    // Closing a connection releases its locks; the embedded database keeps one session, so unlock explicitly.
    await handle.db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK_ID})`).catch(() => {});
    await handle.close();
  }
}

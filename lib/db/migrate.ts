import path from 'node:path';
import { migrate as migrateNeon } from 'drizzle-orm/neon-serverless/migrator';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { createDatabase } from './client';

export const MIGRATIONS_FOLDER = path.resolve(process.cwd(), 'drizzle');

/** Applies the committed migrations in `drizzle/` (idempotent: applied ones are skipped). */
export async function migrateDatabase(url: string, migrationsFolder = MIGRATIONS_FOLDER): Promise<void> {
  const handle = createDatabase(url, { max: 1 });
  try {
    const migrate = handle.driver === 'neon' ? migrateNeon : migratePg;
    // Both migrators accept any Drizzle Postgres database at run time.
    await migrate(handle.db as never, { migrationsFolder });
  } finally {
    await handle.close();
  }
}

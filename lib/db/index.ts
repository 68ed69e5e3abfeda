import 'server-only';
import { env } from '@/lib/env/server';
import { createDatabase, type DatabaseHandle } from './client';

export type { Database } from './client';

const globalForDb = globalThis as unknown as { appDatabase?: DatabaseHandle };

function connect(): DatabaseHandle {
  if (!env.DATABASE_URL) {
    throw new Error(
      'DATABASE_URL: not set. Fix: start the app with `npm run dev` or `npm start` (they start the embedded database), or set DATABASE_URL to your Postgres/Neon connection string',
    );
  }
  // Reused across hot reloads in dev so each edit does not open a new pool.
  globalForDb.appDatabase ??= createDatabase(env.DATABASE_URL, { max: env.DATABASE_POOL_MAX });
  return globalForDb.appDatabase;
}

/** The app's database. Connected lazily, so importing this module never opens a socket. */
export const db = new Proxy({} as DatabaseHandle['db'], {
  get: (_target, property) => Reflect.get(connect().db, property),
});

/** Closes the app's pool (tests and scripts; a server keeps it for its lifetime). */
export async function closeDatabase(): Promise<void> {
  const handle = globalForDb.appDatabase;
  globalForDb.appDatabase = undefined;
  await handle?.close();
}

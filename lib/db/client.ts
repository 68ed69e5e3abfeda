import { Client as NeonClient, Pool as NeonPool, neonConfig } from '@neondatabase/serverless';
import { drizzle as drizzleNeon } from 'drizzle-orm/neon-serverless';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import ws from 'ws';
import * as schema from './schema';
import { logger } from '@/lib/log';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Driver = 'neon' | 'node-postgres';

export interface DatabaseHandle {
  db: Database;
  driver: Driver;
  close(): Promise<void>;
}

/** Neon hosts get the serverless Pool (WebSocket, interactive transactions); everything else node-postgres. */
export const driverFor = (url: string): Driver => (new URL(url).hostname.endsWith('.neon.tech') ? 'neon' : 'node-postgres');

// An idle connection dropped by the server (a restart, Neon's idle timeout) emits
// 'error' on the pool; without a listener that would crash the process.
const logIdleError = (error: Error) => logger('db').error('Idle connection error.', { error });

export function createDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const max = options.max ?? 10;
  if (driverFor(url) === 'neon') {
    // Node 20 has no global WebSocket; 22+ does, and `ws` works on both.
    neonConfig.webSocketConstructor = ws;
    const pool = new NeonPool({ connectionString: url, max });
    pool.on('error', logIdleError);
    return { db: drizzleNeon({ client: pool, schema }) as unknown as Database, driver: 'neon', close: () => pool.end() };
  }
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', logIdleError);
  return { db: drizzlePg({ client: pool, schema }), driver: 'node-postgres', close: () => pool.end() };
}

/**
 * Neon's pooled host (`ep-…-pooler.…`) runs PgBouncer in transaction mode, which
 * does not keep session state such as advisory locks; the same host without
 * `-pooler` is the direct connection Neon recommends for migrations.
 */
export function directUrl(url: string): string {
  const parsed = new URL(url);
  if (driverFor(url) !== 'neon') return url;
  parsed.hostname = parsed.hostname.replace(/^([^.]+)-pooler\./, '$1.');
  return parsed.toString();
}

/** One connection, not a pool: for work that must stay in one session, such as holding an advisory lock. */
export async function connectOnce(url: string, options: { connectionTimeoutMillis?: number } = {}): Promise<DatabaseHandle> {
  if (driverFor(url) === 'neon') {
    neonConfig.webSocketConstructor = ws;
    const client = new NeonClient({ connectionString: url, ...options });
    client.on('error', logIdleError);
    await client.connect();
    return { db: drizzleNeon({ client, schema }) as unknown as Database, driver: 'neon', close: () => client.end() };
  }
  const client = new pg.Client({ connectionString: url, ...options });
  client.on('error', logIdleError);
  await client.connect();
  return { db: drizzlePg({ client, schema }), driver: 'node-postgres', close: () => client.end() };
}

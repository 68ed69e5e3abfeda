import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
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

const tracer = trace.getTracer('saas-starter/db');
const TRACED = Symbol('traced');

/**
 * A span per query (`SELECT`, `INSERT`, … with the parameterized SQL: values travel separately and
 * are never recorded), on the pool (drizzle's queries outside a transaction) and on each client it
 * hands out (transactions) or a single connection. Calls with a callback are the pool's own calls
 * to its clients, already inside a pool span: passed through. Without a tracer provider (no
 * collector configured) the spans are no-ops.
 */
function traceQueries(target: { query: (...args: never[]) => unknown; [TRACED]?: true }) {
  if (target[TRACED]) return;
  target[TRACED] = true;
  const query = target.query.bind(target) as (...args: unknown[]) => unknown;
  target.query = ((...args: unknown[]) => {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    if (!text || typeof args.at(-1) === 'function') return query(...args);
    const operation = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
    const attributes = { 'db.system.name': 'postgresql', 'db.operation.name': operation, 'db.query.text': text };
    return tracer.startActiveSpan(operation, { kind: SpanKind.CLIENT, attributes }, async (span) => {
      try {
        return await (query(...args) as Promise<unknown>);
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'error' });
        throw error;
      } finally {
        span.end();
      }
    });
  }) as never;
}

export function createDatabase(url: string, options: { max?: number } = {}): DatabaseHandle {
  const max = options.max ?? 10;
  if (driverFor(url) === 'neon') {
    // Node 20 has no global WebSocket; 22+ does, and `ws` works on both.
    neonConfig.webSocketConstructor = ws;
    const pool = new NeonPool({ connectionString: url, max });
    pool.on('error', logIdleError);
    traceQueries(pool);
    pool.on('connect', traceQueries);
    return { db: drizzleNeon({ client: pool, schema }) as unknown as Database, driver: 'neon', close: () => pool.end() };
  }
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', logIdleError);
  traceQueries(pool);
  pool.on('connect', traceQueries);
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
    traceQueries(client);
    await client.connect();
    return { db: drizzleNeon({ client, schema }) as unknown as Database, driver: 'neon', close: () => client.end() };
  }
  const client = new pg.Client({ connectionString: url, ...options });
  client.on('error', logIdleError);
  traceQueries(client);
  await client.connect();
  return { db: drizzlePg({ client, schema }), driver: 'node-postgres', close: () => client.end() };
}

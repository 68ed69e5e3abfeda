/**
 * A fresh, migrated database per call, for integration tests.
 *
 * Real Postgres when one answers: `TEST_DATABASE_URL`, else the local server at
 * postgres://postgres@127.0.0.1:5432/postgres. Each call clones a migrated
 * template (`CREATE DATABASE ... TEMPLATE`, ~50 ms) and close() drops the clone.
 * Otherwise an in-memory PGlite (served over the wire protocol like the app's
 * embedded database; ~3 s and several hundred MB per instance, so create one per file).
 *
 * `TEST_DATABASE=postgres` requires Postgres (fails instead of falling back, for CI);
 * `TEST_DATABASE=pglite` forces PGlite.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createDatabase, type Database } from '../../lib/db/client';
import { startEmbeddedPostgres } from '../../lib/db/embedded';
import { MIGRATIONS_FOLDER, migrateDatabase } from '../../lib/db/migrate';

export interface TestDatabase {
  url: string;
  db: Database;
  close(): Promise<void>;
  kind: 'postgres' | 'pglite';
}

const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export async function createTestDatabase(): Promise<TestDatabase> {
  const choice = process.env.TEST_DATABASE;
  if (choice && choice !== 'postgres' && choice !== 'pglite') {
    throw new Error(`TEST_DATABASE=${choice}: expected "postgres" or "pglite" (or unset to pick automatically)`);
  }
  if (choice === 'pglite') return createPGliteDatabase();
  const serverUrl = process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL;
  const reason = await unreachable(serverUrl);
  if (!reason) return createPostgresDatabase(serverUrl);
  if (choice === 'postgres') throw new Error(`TEST_DATABASE=postgres, but ${redact(serverUrl)} does not answer: ${reason}`);
  return createPGliteDatabase();
}

/**
 * A fresh database with no tables (nothing migrated), on the same server choice
 * as createTestDatabase: for tests of migrating itself.
 */
export async function createEmptyDatabase(): Promise<{ url: string; kind: TestDatabase['kind']; close(): Promise<void> }> {
  const serverUrl = process.env.TEST_DATABASE !== 'pglite' ? await postgresServerUrl() : null;
  if (!serverUrl) {
    if (process.env.TEST_DATABASE === 'postgres') throw new Error('TEST_DATABASE=postgres, but no Postgres server answers');
    const embedded = await startEmbeddedPostgres();
    return { url: embedded.url, kind: 'pglite', close: embedded.close };
  }
  const name = `test_empty_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, (client) => client.query(`create database "${name}"`));
  return {
    url: withDatabase(serverUrl, name),
    kind: 'postgres',
    close: () =>
      admin(serverUrl, async (client) => {
        await connectionsClosed(client, name);
        await client.query(`drop database if exists "${name}" with (force)`);
      }),
  };
}

/** The Postgres server tests use (TEST_DATABASE_URL, else the local one), or null when none answers. */
export async function postgresServerUrl(): Promise<string | null> {
  const serverUrl = process.env.TEST_DATABASE_URL || DEFAULT_SERVER_URL;
  return (await unreachable(serverUrl)) ? null : serverUrl;
}

export interface WebhookRoute {
  POST(request: Request): Promise<Response>;
  /** Closes the app's database pool the route opened; call before the test database's close(). */
  close(): Promise<void>;
}

/**
 * Loads the webhook route against a database. The route reads its configuration
 * when first imported (`env` parses process.env then; the `db` singleton reads
 * DATABASE_URL on first use), so call this once per test file, before anything
 * else imports the app's modules (vitest isolates each file's module graph).
 */
export async function loadWebhookRoute(config: { databaseUrl: string; secret: string }): Promise<WebhookRoute> {
  process.env.DATABASE_URL = config.databaseUrl;
  process.env.CLERK_WEBHOOK_SIGNING_SECRET = config.secret;
  const [{ POST }, { closeDatabase }] = await Promise.all([import('@/app/api/webhooks/clerk/route'), import('@/lib/db')]);
  return { POST, close: closeDatabase };
}

async function unreachable(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    return null;
  } catch (error) {
    return (error as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

const withDatabase = (url: string, name: string) => {
  const next = new URL(url);
  next.pathname = `/${name}`;
  return next.toString();
};

/** Named after the migrations' content, so adding a migration builds a new template instead of reusing a stale one. */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(MIGRATIONS_FOLDER, { recursive: true, encoding: 'utf8' }).sort()) {
    const full = path.join(MIGRATIONS_FOLDER, file);
    if (fs.statSync(full).isFile()) hash.update(file).update(fs.readFileSync(full));
  }
  return `test_template_${hash.digest('hex').slice(0, 12)}`;
}

async function admin<T>(serverUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const TEMPLATE_LOCK = 727_274; // arbitrary, shared by every test worker

/**
 * Builds the template once per migration set. Vitest workers race here: an
 * advisory lock lets one build while the others wait, and the template only
 * gets its final name once fully migrated, so an interrupted build is never used.
 */
async function ensureTemplate(serverUrl: string): Promise<string> {
  const name = templateName();
  await admin(serverUrl, async (client) => {
    await client.query('select pg_advisory_lock($1)', [TEMPLATE_LOCK]);
    try {
      const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (rowCount) return;
      const building = `${name}_build_${randomBytes(4).toString('hex')}`;
      await client.query(`create database "${building}"`);
      await migrateDatabase(withDatabase(serverUrl, building));
      await client.query(`alter database "${building}" rename to "${name}"`);
    } finally {
      await client.query('select pg_advisory_unlock($1)', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

async function createPostgresDatabase(serverUrl: string): Promise<TestDatabase> {
  const template = await ensureTemplate(serverUrl);
  const name = `test_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, (client) => client.query(`create database "${name}" template "${template}"`));
  const url = withDatabase(serverUrl, name);
  const handle = createDatabase(url);
  return {
    url,
    db: handle.db,
    kind: 'postgres',
    async close() {
      await handle.close();
      await admin(serverUrl, async (client) => {
        await connectionsClosed(client, name);
        await client.query(`drop database if exists "${name}" with (force)`);
      });
    },
  };
}

/**
 * pg's pool.end() resolves before its connections have finished closing. Dropping
 * the database WITH (FORCE) in that window terminates them, and their clients
 * emit errors nobody listens to (an uncaught exception in whichever test runs
 * next). So wait for them to go; FORCE then only removes real leftovers.
 */
async function connectionsClosed(client: pg.Client, database: string, timeoutMs = 5000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const { rows } = await client.query<{ open: number }>('select count(*)::int as open from pg_stat_activity where datname = $1', [
      database,
    ]);
    if (rows[0]!.open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function createPGliteDatabase(): Promise<TestDatabase> {
  const embedded = await startEmbeddedPostgres();
  await migrateDatabase(embedded.url);
  const handle = createDatabase(embedded.url);
  return {
    url: embedded.url,
    db: handle.db,
    kind: 'pglite',
    async close() {
      await handle.close();
      await embedded.close();
    },
  };
}

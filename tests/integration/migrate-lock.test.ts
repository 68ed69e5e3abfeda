/**
 * Two deploys migrating one database at once: two real launcher processes run
 * `migrate` together on a fresh database. A slow extra migration keeps the first
 * inside its transaction long enough that, without the advisory lock, the second
 * would run the same CREATE TABLEs and fail ("already exists").
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '@/lib/db/migrate';
import { createEmptyDatabase, requirePostgres } from '../support/database';

const tsx = path.resolve('node_modules/.bin/tsx');
const launcher = path.resolve('scripts/launch.ts');
let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let cwd: string;

/** A project folder whose `drizzle/` holds the real migrations plus one that sleeps. */
function projectWithSlowMigration(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-lock-'));
  fs.cpSync(MIGRATIONS_FOLDER, path.join(dir, 'drizzle'), { recursive: true });
  const journalFile = path.join(dir, 'drizzle/meta/_journal.json');
  const journal = JSON.parse(fs.readFileSync(journalFile, 'utf8')) as { entries: Array<{ idx: number; when: number; tag: string }> };
  const last = journal.entries.at(-1)!;
  journal.entries.push({ ...last, idx: last.idx + 1, when: last.when + 1, tag: '9999_slow' });
  fs.writeFileSync(journalFile, JSON.stringify(journal));
  fs.writeFileSync(path.join(dir, 'drizzle/9999_slow.sql'), 'SELECT pg_sleep(3);');
  return dir;
}

function migrate(): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, [launcher, 'migrate'], {
      cwd,
      // The launcher's modules resolve `@/` through the project's tsconfig, not the temporary folder's.
      env: {
        ...process.env,
        TSX_TSCONFIG_PATH: path.resolve('tsconfig.json'),
        DATABASE_URL: database.url,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
        CLERK_SECRET_KEY: '',
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (status) => resolve({ status, output }));
  });
}

beforeAll(async () => {
  database = await createEmptyDatabase();
  cwd = projectWithSlowMigration();
});

afterAll(async () => {
  await database?.close();
  if (cwd) fs.rmSync(cwd, { recursive: true, force: true });
});

describe('migrations under an advisory lock', () => {
  it('two migrators at once on a fresh database both succeed and record each migration once', async () => {
    requirePostgres(database);
    const runs = await Promise.all([migrate(), migrate()]);
    for (const run of runs) expect(run.status, run.output).toBe(0);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ hash: string; times: number }>(
        'select hash, count(*)::int as times from drizzle.__drizzle_migrations group by hash',
      );
      // Every migration of the journal (the real ones plus the slow one), once.
      const journal = JSON.parse(fs.readFileSync(path.join(cwd, 'drizzle/meta/_journal.json'), 'utf8')) as { entries: unknown[] };
      expect(rows).toHaveLength(journal.entries.length);
      expect(rows.every((row) => row.times === 1)).toBe(true);
    } finally {
      await client.end();
    }
    // The two really overlapped: one waited for the other's lock.
    expect(runs.map((run) => run.output).join('\n')).toContain('another process is applying migrations; waiting for it');
  });
});

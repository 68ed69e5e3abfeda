/**
 * One of Playwright's local-profile web servers (`E2E_LOCAL_SERVER`, a project of LOCAL_SERVERS; the first by
 * default): a fresh local-mode data folder, then `next start` with local mode explicitly allowed. The first server
 * makes the one production build; the others wait until it answers, then start from that build with its keys. The
 * database is a fresh one on a real Postgres server when one answers (TEST_DATABASE_URL, as the integration tests,
 * default 127.0.0.1:5432), else the embedded PGlite.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { E2E_START_ARGS, LOCAL_SERVERS } from '../../../scripts/support/profiles';
import { recreateE2eDatabase } from './database';

const [first] = LOCAL_SERVERS;
const serverName = process.env.E2E_LOCAL_SERVER ?? first.project;
const server = LOCAL_SERVERS.find((candidate) => candidate.project === serverName);
if (!server) throw new Error(`E2E_LOCAL_SERVER=${serverName}: use one of ${LOCAL_SERVERS.map((s) => s.project).join(', ')}.`);
const port = String(server.port);
const { dataDir } = server;
// Spawned directly (not through npx) so a stop signal reaches the launcher, which stops Next.
const tsx = path.resolve('node_modules/.bin/tsx');
const keysFile = (folder: string) => path.join(folder, 'local-clerk', 'keys.json');

/** A fresh database on the Postgres server when one answers, else null (the embedded PGlite). */
async function freshPostgresDatabase(): Promise<string | null> {
  if (process.env.TEST_DATABASE === 'pglite') return null;
  // CI sets TEST_DATABASE=postgres: a server that does not answer fails the run instead of falling back.
  if (process.env.TEST_DATABASE === 'postgres') return recreateE2eDatabase(port, 1500);
  return recreateE2eDatabase(port, 1500).catch(() => null);
}

/**
 * Until the first server answers: its build is done and its keys are written. Playwright starts its web servers in
 * the listed order today, so this returns at once; it keeps the order from mattering. The webServer timeout bounds it.
 */
async function firstServerUp() {
  const url = `${first.appUrl}/api/public/health`;
  while (
    !(await fetch(url).then(
      (response) => response.ok,
      () => false,
    ))
  )
    await sleep(500);
}

const databaseUrl = await freshPostgresDatabase();
console.log(`[e2e] database: ${databaseUrl ? `Postgres (saas_e2e_${port})` : 'embedded PGlite'}`);

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: port,
  DATABASE_URL: databaseUrl ?? '',
  CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  // Specs share one server and call APIs often; the limit itself is read from response headers.
  // A minute-long window: the rate-limit spec's burst must fit in one window even on a loaded machine.
  RATE_LIMIT_MAX: '300',
  RATE_LIMIT_WINDOW_MS: '60000',
  // Specs play the one trusted proxy: the x-forwarded-for they send is the address a proxy would add,
  // so a signed-out spec owns its rate-limit key (without this, all signed-out callers share one).
  TRUSTED_PROXY_HOPS: '1',
  // Violations are also reported to the app's endpoint (the CSP guard's own test waits for one).
  CSP_REPORT_URL: '/api/csp-report',
  // The production profile plays Clerk's defaults for a new application (membership required);
  // local mode covers the other setting, personal accounts on.
  CLERK_LOCAL_MEMBERSHIP: 'optional',
  // Local mode must never pick up a developer's real keys from .env files.
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
  CLERK_SECRET_KEY: '',
};

fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

if (server !== first) {
  await firstServerUp();
  // Local mode inlines the publishable key into the build: every server of that build plays the same keys.
  fs.mkdirSync(path.dirname(keysFile(dataDir)), { recursive: true });
  fs.copyFileSync(keysFile(first.dataDir), keysFile(dataDir));
} else if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync(tsx, ['scripts/launch.ts', 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const launcher = spawn(tsx, E2E_START_ARGS, { stdio: 'inherit', env });
const stop = () => launcher.kill('SIGTERM');
process.on('SIGINT', stop).on('SIGTERM', stop);
launcher.on('exit', (code) => process.exit(code ?? 0));

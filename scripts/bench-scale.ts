/**
 * `npm run bench`'s scale section: 10,000 users, 1,000 organizations and 20,000
 * memberships created through the stand-in's Backend API (16 at a time) plus
 * 1,000 paid subscriptions, then `clerk:backfill`, with the calls each made and
 * the seconds. Timings are printed, never asserted.
 *
 * - measureScale: the stand-in alone (no app), then the backfill script into an
 *   empty database (Postgres when one answers, as the tests pick it), twice.
 * - measureScaleUnderDev (`--scale-dev`): the same seeding under `npm run dev`,
 *   where each change is also a webhook to the app (embedded Postgres), then
 *   `npm run clerk:backfill` against it while the webhooks are still delivered.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureLocalKeys, startLocalClerk } from '@saas-starter/local-clerk';
import { backendApiRequests, pendingWebhooks } from '@saas-starter/local-clerk/testing';
import { LOCAL_FRONTEND_API_HOST } from '../lib/env/mode';
import { LOCAL_INSTANCE } from '../lib/local-mode';
import { ISSUE_SCALE, seedClerkAtScale, type SeedPhase } from './support/clerk-scale';
import { createEmptyDatabase } from './support/database';
import { migrateDatabase } from '../lib/db/migrate';

type Record = (name: string, value: string) => void;

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function recordSeeding(record: Record, where: string, phases: SeedPhase[]) {
  for (const phase of phases) {
    const tenths = `first tenth ${phase.firstTenthSeconds.toFixed(1)} s, last tenth ${phase.lastTenthSeconds.toFixed(1)} s`;
    record(
      `${where}: ${phase.requests} × create ${phase.name}`,
      `${phase.seconds.toFixed(1)} s (${Math.round(phase.requests / phase.seconds)}/s; ${tenths})`,
    );
  }
  const total = phases.reduce((sum, phase) => sum + phase.seconds, 0);
  const calls = phases.reduce((sum, phase) => sum + phase.requests, 0);
  record(`${where}: seeding, total`, `${calls} calls, ${total.toFixed(1)} s`);
}

/** Runs a command to its end; its output is kept for the error message. */
function run(command: string, args: string[], env: { [name: string]: string }): Promise<{ ms: number; output: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) =>
      code === 0
        ? resolve({ ms: performance.now() - started, output })
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}

/** `scripts/backfill.ts` (what `npm run clerk:backfill` runs once the launcher has set its environment), timed, with the Backend API calls the stand-in counted. */
async function backfill(record: Record, label: string, fapiUrl: string, env: { [name: string]: string }, command: [string, string[]]) {
  const before = await backendApiRequests(fapiUrl);
  const { ms, output } = await run(command[0], command[1], env);
  const after = await backendApiRequests(fapiUrl);
  const summary = /Backfilled .*$/m.exec(output)?.[0] ?? '';
  record(`${label}`, `${after.total - before.total} calls, ${seconds(ms)} (${summary.replace(/^Backfilled from \S+ in /, 'script: ')})`);
  return output;
}

/** The stand-in alone, seeded; then the backfill into an empty database, then again. */
export async function measureScale(record: Record) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  const keys = await ensureLocalKeys(dataDir, { frontendApiHost: LOCAL_FRONTEND_API_HOST });
  const clerk = await startLocalClerk({ dataDir, keys, appUrl: 'http://localhost:3000', instance: LOCAL_INSTANCE });
  const database = await createEmptyDatabase();
  try {
    const target = { bapiUrl: clerk.bapiUrl, fapiUrl: clerk.fapiUrl, secretKey: keys.secretKey };
    recordSeeding(record, 'stand-in alone', await seedClerkAtScale(target, ISSUE_SCALE));
    await migrateDatabase(database.url);
    const env = { CLERK_SECRET_KEY: keys.secretKey, CLERK_API_URL: clerk.bapiUrl, DATABASE_URL: database.url };
    const script: [string, string[]] = [path.resolve('node_modules/.bin/tsx'), ['scripts/backfill.ts']];
    await backfill(record, `clerk:backfill into an empty ${database.kind} database`, clerk.fapiUrl, env, script);
    await backfill(record, 'clerk:backfill again (nothing to write)', clerk.fapiUrl, env, script);
  } finally {
    await database.close();
    await clerk.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Stops the launcher's whole process group and waits until it has exited. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  process.kill(-child.pid!, 'SIGTERM');
  await exited;
}

/** Under `npm run dev`: the seeding while every change is queued for the app, then `npm run clerk:backfill` while they are delivered. */
export async function measureScaleUnderDev(record: Record) {
  const port = Number(process.env.BENCH_PORT ?? 3300) + 10;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-dev-'));
  const env = { PORT: String(port), DATA_DIR: dataDir, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '', CLERK_SECRET_KEY: '', DATABASE_URL: '' };
  const dev = spawn(path.resolve('node_modules/.bin/tsx'), ['scripts/launch.ts', 'dev'], {
    env: { ...process.env, ...env },
    stdio: 'ignore',
    detached: true,
  });
  try {
    const runtimeFile = path.join(dataDir, 'runtime.json');
    for (let waited = 0; !fs.existsSync(runtimeFile); waited += 250) {
      if (waited > 300_000) throw new Error('npm run dev did not start within 300 s');
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const runtime = JSON.parse(fs.readFileSync(runtimeFile, 'utf8')) as { CLERK_API_URL: string; CLERK_LOCAL_FAPI_URL: string };
    const keys = await ensureLocalKeys(dataDir, { frontendApiHost: LOCAL_FRONTEND_API_HOST });
    // The app compiles its webhook route on the first delivery: let the seed's go first.
    while ((await pendingWebhooks(runtime.CLERK_LOCAL_FAPI_URL)) > 0) await new Promise((resolve) => setTimeout(resolve, 250));
    const target = { bapiUrl: runtime.CLERK_API_URL, fapiUrl: runtime.CLERK_LOCAL_FAPI_URL, secretKey: keys.secretKey };
    recordSeeding(record, 'under npm run dev', await seedClerkAtScale(target, ISSUE_SCALE));
    const queued = await pendingWebhooks(target.fapiUrl);
    record('under npm run dev: webhooks queued when seeding ended (delivered in order after it)', String(queued));
    // The backfill runs while they are delivered: both are versioned writes, in any order.
    const backfillStarted = performance.now();
    const npm: [string, string[]] = ['npm', ['run', 'clerk:backfill']];
    await backfill(
      record,
      'under npm run dev: npm run clerk:backfill, webhooks still arriving',
      target.fapiUrl,
      { DATA_DIR: dataDir },
      npm,
    );
    const delivered = queued - (await pendingWebhooks(target.fapiUrl));
    record(
      'under npm run dev: webhooks delivered meanwhile',
      `${delivered} in ${seconds(performance.now() - backfillStarted)} (${Math.round(delivered / ((performance.now() - backfillStarted) / 1000))}/s)`,
    );
  } finally {
    await stop(dev);
    fs.rmSync(dataDir, { recursive: true, force: true, maxRetries: 5 });
  }
}

/**
 * `npm run bench:webhooks`: webhook deliveries per second through the real
 * route handler, in process (verification + apply, one transaction each),
 * against real Postgres when one answers (else PGlite; the table says which).
 * The floor, measured in the same run, is verification alone answering 200:
 * the ratio shows what applying costs on top. Figures are printed, never
 * asserted (shared machines are noisy).
 *
 * Each delivery is distinct and changes the database: a new user, a membership
 * in a new organization (stub rows + membership), or a session (activity + audit).
 */
import { spawn } from 'node:child_process';
import os from 'node:os';
import { readBodyWithin, MAX_WEBHOOK_BODY_BYTES } from '../lib/security/body';
import { signedWebhookRequest } from '../lib/webhooks/sign';
import { svixHeadersOf, verifyDelivery } from '../lib/webhooks/verify';
import { clerkEvent } from './support/clerk-events';
import { createTestDatabase, loadWebhookRoute } from './support/database';

const MAX_DELIVERIES = 20_000;
const MAX_SECONDS = 5;
const WARM_UP = 200;
const SECRET = `whsec_${Buffer.from('bench-webhooks-secret-0123456789').toString('base64')}`;
const ENDPOINT = 'http://localhost:3000/api/webhooks/clerk';

type Handler = (request: Request) => Promise<Response>;

const TEMPLATES = ['user.created', 'organizationMembership.created', 'session.created'].map(clerkEvent);
let sequence = 0;

/** Signed ahead of time (signing is Clerk's work); the Request is built per delivery, as the server would. */
function deliveries(count: number): Array<() => Request> {
  return Array.from({ length: count }, () => {
    const n = ++sequence;
    const event = structuredClone(TEMPLATES[n % TEMPLATES.length]!);
    const data = event.data as Record<string, unknown> & { organization?: { id: string }; public_user_data?: { user_id: string } };
    data.id = `bench_${n}`;
    if (data.organization) data.organization.id = `org_bench_${n}`;
    if (data.public_user_data) data.public_user_data.user_id = `user_bench_member_${n}`;
    if ('user_id' in data) data.user_id = `user_bench_session_${n}`;
    const body = JSON.stringify(event);
    const headers = new Headers(signedWebhookRequest(ENDPOINT, SECRET, body).headers);
    return () => new Request(ENDPOINT, { method: 'POST', headers, body });
  });
}

/** The floor: the route's verification steps, then 200 without touching the database. */
const verifyOnly: Handler = async (request) => {
  const headers = svixHeadersOf(request.headers);
  const body = await readBodyWithin(request, MAX_WEBHOOK_BODY_BYTES);
  if (!headers || !body.ok || !verifyDelivery(SECRET, body.text, headers).ok) return Response.json({ error: 'rejected' }, { status: 400 });
  return Response.json({ ok: true, status: 'applied' });
};

async function run(handler: Handler, concurrency: number): Promise<{ count: number; seconds: number }> {
  const queue = deliveries(MAX_DELIVERIES);
  const started = performance.now();
  const deadline = started + MAX_SECONDS * 1000;
  let count = 0;
  const worker = async () => {
    for (let next = queue.pop(); next && performance.now() < deadline; next = queue.pop()) {
      const response = await handler(next());
      if (response.status !== 200) throw new Error(`delivery answered ${response.status}: ${await response.text()}`);
      count++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { count, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const database = await createTestDatabase();
  const route = await loadWebhookRoute({ databaseUrl: database.url, secret: SECRET });
  try {
    for (const handler of [verifyOnly, route.POST]) {
      for (const next of deliveries(WARM_UP)) await handler(next());
    }
    const rows: Record<string, string | number>[] = [];
    for (const concurrency of [1, 16]) {
      const floor = await run(verifyOnly, concurrency);
      const full = await run(route.POST, concurrency);
      const floorRate = floor.count / floor.seconds;
      const fullRate = full.count / full.seconds;
      rows.push(
        {
          scenario: 'verify only, 200 (floor)',
          concurrency,
          deliveries: floor.count,
          seconds: +floor.seconds.toFixed(2),
          'per second': Math.round(floorRate),
          'vs floor': '1.00',
        },
        {
          scenario: `verify + apply (${database.kind})`,
          concurrency,
          deliveries: full.count,
          seconds: +full.seconds.toFixed(2),
          'per second': Math.round(fullRate),
          'vs floor': (fullRate / floorRate).toFixed(3),
        },
      );
    }
    const cpus = os.cpus();
    console.log(`\nWebhook deliveries through app/api/webhooks/clerk POST, in process`);
    console.log(
      `machine: ${cpus.length} x ${cpus[0]?.model ?? 'unknown CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, node ${process.version}`,
    );
    console.log(
      `database: ${database.kind === 'postgres' ? `Postgres (${new URL(database.url).host})` : `PGlite in memory (${process.env.TEST_DATABASE === 'pglite' ? 'TEST_DATABASE=pglite' : 'no Postgres answered'})`}; app pool of 10 connections`,
    );
    console.log(`each run: up to ${MAX_DELIVERIES} deliveries or ${MAX_SECONDS} s, after ${WARM_UP} warm-up deliveries per handler\n`);
    console.table(rows);
  } finally {
    await route.close();
    await database.close();
  }
}

// The route imports 'server-only', which only resolves under React's server
// condition (as inside Next): run again with it.
if (!process.execArgv.includes('--conditions=react-server')) {
  const child = spawn(process.execPath, [...process.execArgv, '--conditions=react-server', ...process.argv.slice(1)], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 1));
} else {
  await main();
}

/**
 * `npm run bench`: the figures the README reports, measured on this machine.
 * Timings are printed, never asserted (machines are shared and noisy); sizes
 * are also enforced as tests (tests/e2e/budgets.spec.ts).
 *
 *   npm run bench               sizes + request latency against the production build (.next),
 *                               then Clerk Backend API requests per signed-in page view in the
 *                               e2e production profile (its build is reused when there is one)
 *   npm run bench -- --clone    also: fresh clone → `npm ci` → `npm run dev` → first page
 *   npm run bench -- --scale    only the stand-in and the backfill at scale (also part of the default run)
 *   npm run bench -- --scale-dev  also: the same seeding under `npm run dev`, then `npm run clerk:backfill` (scripts/bench-scale.ts)
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createClerkClient } from '@clerk/backend';
import { backendApiRequests, createLocalSession } from '@saas-starter/local-clerk/testing';
import { PRODUCTION } from './support/profiles';
import { firstLoadJs, kib, middlewareSize } from './bundle-size';
import { measureScale, measureScaleUnderDev } from './bench-scale';
import { stop, waitFor } from './support/processes';

const REQUESTS = 100;
const rows: Array<[string, string]> = [];
const record = (name: string, value: string) => {
  rows.push([name, value]);
  console.log(`${name}: ${value}`);
};

function launch(cwd: string, command: string, env: Record<string, string>): ChildProcess {
  return spawn('npx', ['tsx', 'scripts/launch.ts', command], { cwd, env: { ...process.env, ...env }, stdio: 'ignore', detached: true });
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;

async function latency(name: string, url: string, headers: Record<string, string> = {}) {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const start = performance.now();
    const response = await fetch(url, { headers, redirect: 'manual' });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - start);
  }
  record(
    `${name} latency p50 / p95 (${REQUESTS} sequential)`,
    `${percentile(times, 0.5).toFixed(1)} ms / ${percentile(times, 0.95).toFixed(1)} ms`,
  );
}

async function measureProductionBuild() {
  if (!fs.existsSync('.next/BUILD_ID')) throw new Error('No production build: run `npm run build` (or `npm run test:e2e`) first');
  const port = Number(process.env.BENCH_PORT ?? 3300);
  const base = `http://localhost:${port}`;
  const dataDir = path.resolve('.data/bench');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const server = launch(process.cwd(), 'start', {
    PORT: String(port),
    DATA_DIR: dataDir,
    CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '1',
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
    CLERK_SECRET_KEY: '',
  });
  try {
    await waitFor(`${base}/api/public/health`, 120_000);
    const landing = firstLoadJs(await (await fetch(`${base}/`)).text());
    record('first-load JS /', `${kib(landing.bytes)} gzip (${landing.files.length} files)`);

    const runtime = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as { CLERK_LOCAL_FAPI_URL: string };
    const { cookies } = await createLocalSession(runtime.CLERK_LOCAL_FAPI_URL, 'member@acme.test');
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const dashboard = firstLoadJs(await (await fetch(`${base}/dashboard`, { headers: { cookie } })).text());
    record('first-load JS /dashboard', `${kib(dashboard.bytes)} gzip (${dashboard.files.length} files)`);
    const mw = middlewareSize();
    record('middleware bundle', `${kib(mw.bytes)} gzip (${mw.files.length} files)`);
    const clerkJs = ['clerk.browser.js', 'ui.browser.js'].map((file) => `${base}/clerk-fapi/npm/${file}`);
    let clerkBytes = 0;
    for (const url of clerkJs)
      clerkBytes += (await (await fetch(url, { headers: { 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength;
    record('clerk-js + @clerk/ui entry (raw, from Clerk’s CDN in production)', kib(clerkBytes));

    await latency('GET / (signed out)', `${base}/`);
    await latency('GET /dashboard (signed in)', `${base}/dashboard`, { cookie });
  } finally {
    await stop(server);
  }
}

/** Signed-in page views (an org admin who is also the app's admin, Acme active) and what each costs in Backend API requests. */
const PAGE_VIEWS = [
  '/dashboard',
  '/select-org',
  '/org/acme',
  '/org/acme/members',
  '/org/acme/settings',
  '/admin',
  '/user-profile',
  '/api/me',
  '/api/projects',
];

/**
 * Against Clerk, each Backend API request is a network round trip on the
 * page's critical path. The production profile's server (a deployment's
 * configuration, tests/e2e/support/production-server.ts) is started, and the
 * stand-in's request counter read around each page view.
 */
async function measureBackendApiCalls() {
  const reuse = fs.existsSync(path.join(PRODUCTION.baseDir, 'app/.next/BUILD_ID'));
  const server = spawn(path.resolve('node_modules/.bin/tsx'), ['tests/e2e/support/production-server.ts'], {
    env: { ...process.env, E2E_SKIP_BUILD: reuse ? '1' : '' },
    stdio: 'ignore',
    detached: true,
  });
  try {
    await waitFor(`${PRODUCTION.appUrl}/api/public/health`, 900_000);
    const runtime = JSON.parse(fs.readFileSync(PRODUCTION.runtimeFile, 'utf8')) as {
      CLERK_FAPI_URL: string;
      CLERK_API_URL: string;
      CLERK_KEYS_FILE: string;
    };
    const { cookies } = await createLocalSession(runtime.CLERK_FAPI_URL, 'admin@acme.test', { orgSlug: 'acme' });
    // A development instance: the app's `__clerk_db_jwt` cookie holds the browser's dev browser, the stand-in's client.
    const cookie = cookies.map((c) => `${c.name === '__local_clerk_client' ? '__clerk_db_jwt' : c.name}=${c.value}`).join('; ');
    for (const page of PAGE_VIEWS) {
      const before = await backendApiRequests(runtime.CLERK_FAPI_URL);
      const response = await fetch(`${PRODUCTION.appUrl}${page}`, {
        headers: { cookie, accept: page.startsWith('/api/') ? 'application/json' : 'text/html' },
        redirect: 'manual',
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${page} answered ${response.status}`);
      const after = await backendApiRequests(runtime.CLERK_FAPI_URL);
      const routes = Object.entries(after.byRoute)
        .map(([route, count]) => [route, count - (before.byRoute[route] ?? 0)] as const)
        .filter(([, count]) => count > 0)
        .map(([route, count]) => `${count} × ${route}`);
      record(`Backend API requests: GET ${page}`, `${after.total - before.total}${routes.length ? ` (${routes.join(', ')})` : ''}`);
    }
    await measureApiKeyRequests(runtime);
  } finally {
    await stop(server);
  }
}

/** Requests with an organization's API key: each verification is a billed Backend API call, cached for API_KEY_CACHE_TTL_MS. */
const KEY_REQUESTS = 8;

async function measureApiKeyRequests(runtime: { CLERK_FAPI_URL: string; CLERK_API_URL: string; CLERK_KEYS_FILE: string }) {
  const { secretKey } = JSON.parse(fs.readFileSync(runtime.CLERK_KEYS_FILE, 'utf8')) as { secretKey: string };
  const clerk = createClerkClient({ secretKey, apiUrl: runtime.CLERK_API_URL });
  const [acme, admin] = [
    await clerk.organizations.getOrganization({ slug: 'acme' }),
    (await clerk.users.getUserList({ emailAddress: ['admin@acme.test'] })).data[0]!,
  ];
  const newKey = (name: string) => clerk.apiKeys.create({ name: `bench-${name}-${Date.now()}`, subject: acme.id, createdBy: admin.id });
  const call = (secret: string) => fetch(`${PRODUCTION.appUrl}/api/projects`, { headers: { authorization: `Bearer ${secret}` } });
  // A fresh profile: the organization and the creator reach the database through Clerk's webhooks (409 until then). Another key waits.
  const probe = await newKey('probe');
  for (let attempt = 0; (await call(probe.secret!)).status === 409 && attempt < 60; attempt++)
    await new Promise((r) => setTimeout(r, 1000));
  const key = await newKey('measured');
  const before = await backendApiRequests(runtime.CLERK_FAPI_URL);
  for (let i = 0; i < KEY_REQUESTS; i++) {
    const response = await call(key.secret!);
    await response.arrayBuffer();
    // 429 is the rate limit (per key prefix and address) doing its job; it costs no Backend API call either.
    if (response.status !== 200 && response.status !== 429) throw new Error(`/api/projects with an API key answered ${response.status}`);
  }
  const after = await backendApiRequests(runtime.CLERK_FAPI_URL);
  for (const used of [probe, key]) await clerk.apiKeys.revoke({ apiKeyId: used.id });
  record(
    `Backend API requests: ${KEY_REQUESTS} × GET /api/projects with one API key, within the cache TTL`,
    String(after.total - before.total),
  );
}

async function measureFreshClone() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'saas-starter-clone-'));
  try {
    execFileSync('git', ['clone', '--quiet', process.cwd(), dir]);
    let start = performance.now();
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'ignore' });
    record('npm ci (fresh clone, warm npm cache)', `${((performance.now() - start) / 1000).toFixed(1)} s`);

    const port = 3400;
    start = performance.now();
    const dev = launch(dir, 'dev', { PORT: String(port), NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '', CLERK_SECRET_KEY: '' });
    try {
      await waitFor(`http://localhost:${port}/`, 300_000);
      record('npm run dev → first page / (cold compile)', `${((performance.now() - start) / 1000).toFixed(1)} s`);
      const signIn = performance.now();
      await waitFor(`http://localhost:${port}/sign-in`, 300_000);
      record('then first /sign-in (compile)', `${((performance.now() - signIn) / 1000).toFixed(1)} s`);
    } finally {
      await stop(dev);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
}

console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
if (!process.argv.includes('--scale')) {
  await measureProductionBuild();
  await measureBackendApiCalls();
  if (process.argv.includes('--clone')) await measureFreshClone();
}
await measureScale(record);
if (process.argv.includes('--scale-dev')) await measureScaleUnderDev(record);
console.log('\n| measure | value |\n| --- | --- |');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);

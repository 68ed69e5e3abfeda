/**
 * What users deploy: a fresh clone with real-format Clerk keys and an external
 * Postgres, `npm run build` then `npm start`, with no data folder, and again with
 * a read-only working tree (a container image). One production build per run
 * (the expensive part), shared by every test here.
 *
 * Read-only as root: root ignores file permissions, so a chmod proves nothing.
 * When the suite runs as root, the app is started as the unprivileged `nobody`
 * user (uid 65534), for whom the root-owned clone is read-only by ownership; the
 * test first checks that such a write really fails. As any other user, the clone
 * (outside node_modules, which is hard-linked) is made read-only with chmod.
 *
 * The same build, started with and without a collector and Sentry, is what the observability
 * tests run (docs/observability.md): a second production build would double this file's cost.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEmptyDatabase } from '../support/database';
import { cleanEnv, freePort, freshClone, startApp } from '../support/fresh-clone';
import { jsonLines, sentryEvents, sessionToken, spansOf, startReceiver, type Receiver } from '../support/observability';
import { realFormatKeys, signingKeyPair } from '../support/real-keys';

// Each test starts the built app (and waits for it to answer): slower than the suite's 60 s default on a busy machine.
vi.setConfig({ testTimeout: 180_000 });

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let clone: string;
let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let env: NodeJS.ProcessEnv;
let cloneEntries: string[];
const signing = signingKeyPair();

const entries = (dir: string) => fs.readdirSync(dir).sort();

/** Every path in the clone outside node_modules and .next, for a before/after comparison. */
function treeListing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => !/^(node_modules|\.next)(\/|$)/.test(file))
    .sort();
}

beforeAll(async () => {
  clone = freshClone();
  // The Turbopack cache the clone may bring sits in .next, the folder next build writes anyway.
  cloneEntries = entries(clone).filter((entry) => entry !== '.next');
  database = await createEmptyDatabase();
  env = cleanEnv({
    ...realFormatKeys('live', signing),
    DATABASE_URL: database.url,
    DATABASE_POOL_MAX: '',
    // Any Backend API call fails on this machine instead of leaving it.
    CLERK_API_URL: 'http://127.0.0.1:9',
    CLERK_AUTHORIZED_PARTIES: '',
    CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '',
    DATA_DIR: '',
    NEXT_TELEMETRY_DISABLED: '1',
    PORT: String(await freePort()),
  });
  // Built as a deployment with Sentry is (SENTRY_DSN for the build too, next.config.ts); each start below sets its own.
  const build = spawnSync('npm', ['run', 'build'], {
    cwd: clone,
    env: { ...env, SENTRY_DSN: 'https://public@sentry.invalid/1' },
    encoding: 'utf8',
  });
  if (build.status !== 0) throw new Error(`npm run build failed (${build.status}):\n${build.stdout}${build.stderr}`);
}, 900_000);

afterAll(async () => {
  if (clone) {
    if (!asRoot) spawnSync('chmod', ['-R', 'u+w', clone]);
    fs.rmSync(clone, { recursive: true, force: true });
  }
  await database?.close();
});

async function expectServes(url: string) {
  const home = await fetch(`${url}/`);
  expect(home.status).toBe(200);
  const api = await fetch(`${url}/api/projects`);
  expect(api.status).toBe(401);
  expect(api.headers.get('content-type')).toMatch(/^application\/json/);
  expect(await api.json()).toMatchObject({ error: 'unauthenticated' });
}

describe('fresh clone, real-format keys, external Postgres', () => {
  it('npm run build migrates the database and writes only what next build writes', async () => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const { rows } = await client.query('select hash from drizzle.__drizzle_migrations').finally(() => client.end());
    expect(rows.length).toBeGreaterThan(0);
    const added = entries(clone).filter((entry) => !cloneEntries.includes(entry));
    // Next 16.5's telemetry opens its preferences store in `<cwd>/cache` when it takes the machine for CI or a
    // container (this one), even with telemetry disabled, and leaves the folder empty.
    const nextTelemetryFolder = (entry: string) => entry === 'cache' && fs.readdirSync(path.join(clone, entry)).length === 0;
    expect(added.filter((entry) => !nextTelemetryFolder(entry)).sort()).toEqual(['.next', 'next-env.d.ts']);
  });

  it('npm start serves / (200) and /api/projects (401 JSON) without creating a data folder', async () => {
    const app = await startApp(clone, env);
    try {
      await expectServes(app.url);
    } finally {
      await app.stop();
    }
    expect(fs.existsSync(path.join(clone, '.data')), app.output()).toBe(false);
  });

  // On a *.vercel.app production deployment with a production key, @clerk/nextjs proxies Clerk's Frontend
  // API through /__clerk: the pages load clerk-js from there, and clerkMiddleware answers it. `next start`
  // gives the middleware its own hostname (localhost), never the Host header, so Clerk's `*.vercel.app`
  // check cannot pass here; tests/unit/clerk-auto-proxy.test.ts runs the proxy through the middleware.
  it('on a Vercel production deployment the pages load clerk-js through /__clerk, and its .js paths reach the middleware', async () => {
    const app = await startApp(clone, {
      ...env,
      VERCEL: '1',
      VERCEL_TARGET_ENV: 'production',
      VERCEL_PROJECT_PRODUCTION_URL: 'saas-starter.vercel.app',
    });
    try {
      const signIn = await (await fetch(`${app.url}/sign-in`)).text();
      expect(signIn, app.output()).toMatch(/src="[^"]*\/__clerk\/npm\/@clerk\/clerk-js@[^"]+\/clerk\.browser\.js"/);
      // The landing page's sign-in island too: its provider runs in the browser, where VERCEL_* are unknown.
      const landing = await (await fetch(`${app.url}/?sign-in=true`)).text();
      expect(landing).toMatch(/proxyUrl\\?":\\?"\/__clerk\\?"/);

      // The middleware ran (here its access policy answers, there Clerk's proxy would); Next alone answers 404.
      const script = await fetch(`${app.url}/__clerk/npm/@clerk/clerk-js@6/dist/clerk.browser.js`, { redirect: 'manual' });
      expect(script.status).toBe(307);
      expect(script.headers.get('location')).toMatch(/\/sign-in\?redirect_url=%2F__clerk%2Fnpm%2F/);
    } finally {
      await app.stop();
    }
  });

  it('npm start serves the same from a read-only working tree', async () => {
    const before = treeListing(clone);
    let owner: { uid?: number; gid?: number } = {};
    if (asRoot) {
      owner = { uid: NOBODY, gid: NOBODY };
    } else {
      for (const entry of entries(clone).filter((name) => name !== 'node_modules'))
        spawnSync('chmod', ['-R', 'a-w', path.join(clone, entry)]);
      spawnSync('chmod', ['a-w', clone]);
    }
    // The premise: the user the app runs as cannot write to the tree (its root or .next).
    for (const target of [path.join(clone, 'probe'), path.join(clone, '.next', 'probe')]) {
      const probe = spawnSync('touch', [target], owner);
      expect(probe.status, `${target} is writable, so this test would prove nothing`).not.toBe(0);
    }

    const app = await startApp(clone, { ...env, HOME: '/nonexistent' }, owner);
    try {
      await expectServes(app.url);
    } finally {
      await app.stop();
    }
    expect(app.output()).not.toMatch(/EACCES|EROFS|ENOENT/);
    expect(treeListing(clone)).toEqual(before);
  });
});

describe('observability of the built app: traces, error lines, Sentry (docs/observability.md)', () => {
  const user = { userId: 'user_observed', orgId: 'org_observed', email: 'mia.observed@example.test' };
  let token: string;
  let otlp: Receiver;
  let sentry: Receiver;
  let sentryDsn: string;

  beforeAll(async () => {
    token = sessionToken(signing.privateKey, user);
    otlp = await startReceiver();
    sentry = await startReceiver();
    sentryDsn = `${sentry.url.replace('//', '//observability@')}/1`;
  });
  afterAll(async () => {
    await otlp?.close();
    await sentry?.close();
  });

  // The email rides in the query string and in a custom claim of the token: neither may reach a span, a line or Sentry.
  const signedIn = (url: string, path: string) =>
    fetch(`${url}${path}?q=${encodeURIComponent(user.email)}`, { headers: { authorization: `Bearer ${token}` } });
  const expectNoPersonalData = (text: string) => {
    expect(text).not.toContain(user.email);
    expect(text).not.toContain(encodeURIComponent(user.email));
    expect(text).not.toContain(token);
    expect(text).not.toContain(token.split('.')[1]!);
  };

  /** A real fault, not a mock: the projects table is gone while `run` runs. */
  async function withoutProjectsTable<T>(run: () => Promise<T>): Promise<T> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query('alter table projects rename to projects_away');
      return await run();
    } finally {
      await client.query('alter table projects_away rename to projects');
      await client.end();
    }
  }

  /** Waits for the app's output to hold `count` JSON error lines (written after the response, off the request's path). */
  async function errorLines(app: { output(): string }, count: number) {
    while (jsonLines(app.output(), 'error').length < count) await new Promise((resolve) => setTimeout(resolve, 50));
    return jsonLines(app.output(), 'error');
  }

  it('unset: nothing is loaded or sent, and a forced server error is exactly one JSON line', async () => {
    // The signal-specific variable alone would make the SDK export, were it loaded: OTEL_EXPORTER_OTLP_ENDPOINT is the switch.
    const app = await startApp(clone, {
      ...env,
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${otlp.url}/v1/traces`,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    try {
      const ok = await signedIn(app.url, '/api/projects');
      expect(ok.status, app.output()).toBe(200);
      expect(await ok.json()).toEqual({ projects: [] });
      const failed = await withoutProjectsTable(() => signedIn(app.url, '/api/projects'));
      expect(failed.status).toBe(500);
      expect(await failed.json()).toMatchObject({ error: 'internal_error' });
      await errorLines(app, 1);
    } finally {
      await app.stop();
    }
    const lines = jsonLines(app.output(), 'error');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'error',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      route: '/api/projects',
      kind: 'route',
      userId: user.userId,
      orgId: user.orgId,
      error: { message: 'relation "projects" does not exist', code: '42P01' },
    });
    expectNoPersonalData(app.output());
    expect(otlp.requests).toEqual([]);
    expect(sentry.requests).toEqual([]);
  });

  it('set: spans for a signed-in /api/projects request carry the route, user and organization; each forced error is one line and one Sentry event', async () => {
    const app = await startApp(clone, {
      ...env,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '50',
      SENTRY_DSN: sentryDsn,
    });
    try {
      expect((await signedIn(app.url, '/api/projects')).status, app.output()).toBe(200);
      const trace = await otlp.until((requests) => {
        const spans = spansOf(requests);
        const tagged = spans.find((span) => span.attributes['enduser.id'] === user.userId);
        const inTrace = spans.filter((span) => span.traceId === tagged?.traceId);
        const request = inTrace.find((span) => span.attributes['http.route'] === '/api/projects');
        const query = inTrace.find((span) => span.attributes['db.system.name'] === 'postgresql');
        return tagged && request && query ? { tagged, request, query } : undefined;
      });
      expect(trace.tagged.attributes['organization.id']).toBe(user.orgId);
      expect(trace.request.name).toBe('GET /api/projects');
      expect(trace.query.name).toBe('SELECT');
      expect(trace.query.attributes['db.query.text']).toMatch(/from "projects"/);

      // A route handler's error (caught by handler(), reported by it) and a page's (Next's onRequestError).
      expect((await withoutProjectsTable(() => signedIn(app.url, '/api/projects'))).status).toBe(500);
      expect((await withoutProjectsTable(() => signedIn(app.url, '/dashboard'))).status).toBe(500);
      await errorLines(app, 2);
      await sentry.until((requests) => (sentryEvents(requests).length >= 2 ? true : undefined));
    } finally {
      await app.stop();
    }
    const lines = jsonLines(app.output(), 'error');
    expect(lines, app.output()).toHaveLength(2);
    expect(lines[0]).toMatchObject({ route: '/api/projects', kind: 'route', userId: user.userId, orgId: user.orgId });
    expect(lines[1]).toMatchObject({ route: '/dashboard', kind: 'render', digest: expect.any(String), userId: user.userId });

    const events = sentryEvents(sentry.requests);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      user: { id: user.userId },
      tags: { route: '/api/projects', kind: 'route', orgId: user.orgId },
      exception: { values: [{ value: 'relation "projects" does not exist' }] },
    });
    expect(events[1]).toMatchObject({ tags: { route: '/dashboard', kind: 'render', digest: lines[1]!.digest } });

    for (const request of [...otlp.requests, ...sentry.requests]) expectNoPersonalData(request.body);
    expectNoPersonalData(app.output());
  });
});

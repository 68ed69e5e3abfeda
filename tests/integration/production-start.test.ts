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
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../support/database';
import { cleanEnv, freePort, freshClone, startApp } from '../support/fresh-clone';
import { realFormatKeys } from '../support/real-keys';

const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

let clone: string;
let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
let env: NodeJS.ProcessEnv;
let cloneEntries: string[];

const entries = (dir: string) => fs.readdirSync(dir).sort();

/** Every path in the clone outside node_modules and .next, for a before/after comparison. */
function treeListing(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((file) => !/^(node_modules|\.next)(\/|$)/.test(file))
    .sort();
}

beforeAll(async () => {
  clone = freshClone();
  cloneEntries = entries(clone);
  database = await createEmptyDatabase();
  env = cleanEnv({
    ...realFormatKeys('live'),
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
  const build = spawnSync('npm', ['run', 'build'], { cwd: clone, env, encoding: 'utf8' });
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
    expect(added.sort()).toEqual(['.next', 'next-env.d.ts']);
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

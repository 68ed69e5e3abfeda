/**
 * Playwright's web server for the `production` profile: the app configured
 * exactly as a deployment, with Clerk's hosted service played by the stand-in.
 *
 * 1. Keys of a Clerk development instance (`pk_test_`/`sk_test_`, the keys a
 *    user pastes first), kept between runs so a reused build still matches them.
 * 2. The stand-in, as its own process (`local-clerk serve`): the app's demo
 *    users, its webhooks to the app, its Frontend API at the key's host (the
 *    specs route that host to it), its Backend API at `CLERK_API_URL`.
 * 3. A fresh clone of the checkout (tracked files, no `.data`, no `.env*.local`),
 *    `npm run build` with a deployment's environment and a fresh database on
 *    the Postgres server (migrations applied by the build), then `npm start`.
 *    No local-mode variable, no proxy URL, no script URL: the launcher runs in
 *    Clerk mode and the browser loads clerk-js from the key's host, as deployed.
 *
 * `E2E_SKIP_BUILD=1` reuses the clone's build when there is one.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ensureLocalKeys } from '@saas-starter/local-clerk';
import { cleanEnv, freshClone } from '../../support/fresh-clone';
import { E2E_POSTGRES_URL, recreateE2eDatabase } from './database';
import { E2E_START_ARGS, PRODUCTION } from '../../../scripts/support/profiles';

const checkout = process.cwd();
const appDir = path.join(PRODUCTION.baseDir, 'app');
const clerkDir = path.join(PRODUCTION.baseDir, 'clerk');
const children: ChildProcess[] = [];

function stopAll(code: number) {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0)).on('SIGTERM', () => stopAll(0));

/** A deployment's database is external: this profile needs the Postgres server, and says so. */
async function freshDatabase(): Promise<string> {
  try {
    return await recreateE2eDatabase(PRODUCTION.port, 3000);
  } catch (error) {
    throw new Error(
      `[e2e production] no Postgres at ${E2E_POSTGRES_URL} (${(error as Error).message}). Fix: start Postgres or set TEST_DATABASE_URL; this profile runs against an external database, as deployed`,
    );
  }
}

/** `local-clerk serve --json` prints one line of keys and URLs once both APIs listen. */
async function startStandIn(keysFile: string): Promise<{ frontendApiUrl: string; backendApiUrl: string }> {
  fs.rmSync(clerkDir, { recursive: true, force: true });
  const child = spawn(
    path.join(checkout, 'node_modules/.bin/local-clerk'),
    [
      'serve',
      '--data-dir',
      clerkDir,
      '--keys',
      keysFile,
      '--config',
      path.join(checkout, 'lib/local-mode.ts'),
      '--fapi-port',
      String(PRODUCTION.fapiPort),
      '--bapi-port',
      String(PRODUCTION.bapiPort),
      '--app-url',
      PRODUCTION.appUrl,
      '--webhook-url',
      `${PRODUCTION.appUrl}/api/webhooks/clerk`,
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  children.push(child);
  const [line] = await Promise.race([
    readline
      .createInterface({ input: child.stdout! })
      [Symbol.asyncIterator]()
      .next()
      .then(({ value }) => [value as string]),
    new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`[e2e production] local-clerk serve exited with ${code}`))),
    ),
  ]);
  return JSON.parse(line!) as { frontendApiUrl: string; backendApiUrl: string };
}

const keysDir = path.join(PRODUCTION.baseDir, 'keys');
const keysFile = path.join(keysDir, 'local-clerk', 'keys.json');
const wantedKey = `pk_test_${Buffer.from(`${PRODUCTION.frontendApiHost}$`).toString('base64')}`;
const keysMatch =
  fs.existsSync(keysFile) && (JSON.parse(fs.readFileSync(keysFile, 'utf8')) as { publishableKey: string }).publishableKey === wantedKey;
// New keys (another host in profiles.ts) mean a new build: the publishable key is inlined into it.
if (!keysMatch) fs.rmSync(PRODUCTION.baseDir, { recursive: true, force: true });
const keys = await ensureLocalKeys(keysDir, { frontendApiHost: PRODUCTION.frontendApiHost, instanceType: 'development' });
const databaseUrl = await freshDatabase();
// The build calls no Clerk API; the stand-in starts after it, so its seed's webhooks find the app soon.
const backendApiUrl = `http://127.0.0.1:${PRODUCTION.bapiPort}`;

// What a deployment sets (.env.example), and nothing of local mode's.
const env = cleanEnv({
  NODE_ENV: 'production',
  PORT: String(PRODUCTION.port),
  DATABASE_URL: databaseUrl,
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: keys.publishableKey,
  CLERK_SECRET_KEY: keys.secretKey,
  CLERK_JWT_KEY: keys.jwtPublicKey,
  CLERK_API_URL: backendApiUrl,
  CLERK_AUTHORIZED_PARTIES: PRODUCTION.appUrl,
  CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
  NEXT_PUBLIC_CLERK_SIGN_IN_URL: '/sign-in',
  NEXT_PUBLIC_CLERK_SIGN_UP_URL: '/sign-up',
  NEXT_PUBLIC_CLERK_SIGN_IN_FALLBACK_REDIRECT_URL: '/dashboard',
  NEXT_PUBLIC_CLERK_SIGN_UP_FALLBACK_REDIRECT_URL: '/dashboard',
  NEXT_TELEMETRY_DISABLED: '1',
  // Specs share one server and call APIs often, as in the local profile.
  RATE_LIMIT_MAX: '100',
});
for (const name of Object.keys(env)) {
  if (/^(CLERK_LOCAL_|NEXT_PUBLIC_CLERK_(PROXY_URL|JS_URL|UI_URL|DOMAIN))|^DATA_DIR$|^E2E_/.test(name)) delete env[name];
}

const reuse = Boolean(process.env.E2E_SKIP_BUILD) && fs.existsSync(path.join(appDir, '.next', 'BUILD_ID'));
if (!reuse) {
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.renameSync(freshClone(), appDir);
  const build = spawnSync(path.join(appDir, 'node_modules/.bin/tsx'), ['scripts/launch.ts', 'build'], {
    cwd: appDir,
    stdio: 'inherit',
    env,
  });
  if (build.status !== 0) stopAll(build.status ?? 1);
} else {
  // The build's migrations are what a deploy runs; a reused build still needs them on the fresh database.
  const migrate = spawnSync(path.join(appDir, 'node_modules/.bin/tsx'), ['scripts/launch.ts', 'migrate'], {
    cwd: appDir,
    stdio: 'inherit',
    env,
  });
  if (migrate.status !== 0) stopAll(migrate.status ?? 1);
}

const standIn = await startStandIn(keysFile);
if (standIn.backendApiUrl !== backendApiUrl)
  throw new Error(`[e2e production] the stand-in's Backend API is at ${standIn.backendApiUrl}, not ${backendApiUrl}`);
console.log(
  `[e2e production] Postgres (${new URL(databaseUrl).pathname.slice(1)}); Clerk stand-in: Frontend API ${standIn.frontendApiUrl} as https://${PRODUCTION.frontendApiHost}, Backend API ${backendApiUrl}`,
);

fs.mkdirSync(path.dirname(PRODUCTION.runtimeFile), { recursive: true });
fs.writeFileSync(
  PRODUCTION.runtimeFile,
  JSON.stringify({
    APP_URL: PRODUCTION.appUrl,
    DATABASE_URL: databaseUrl,
    CLERK_FAPI_URL: standIn.frontendApiUrl,
    CLERK_API_URL: backendApiUrl,
    CLERK_KEYS_FILE: keysFile,
  }),
);

const app = spawn(path.join(appDir, 'node_modules/.bin/tsx'), E2E_START_ARGS, {
  cwd: appDir,
  stdio: 'inherit',
  env,
});
children.push(app);
app.on('exit', (code) => stopAll(code ?? 0));

/**
 * Vercel's own build of this checkout, offline, as CI runs it (`tsx scripts/ci/vercel-build.ts`):
 *
 * 1. Vercel's CLI, pinned, installed into a temporary prefix (never a project
 *    dependency); `VERCEL_CLI=<path to vercel>` reuses one already installed, and
 *    `--install-cli` only installs it and prints that path (`.ci/run` installs it
 *    while it type-checks).
 * 2. A hand-written `.vercel/project.json` (no Vercel account, no network).
 * 3. Deployment-shaped environment: real-format Clerk keys and secrets generated
 *    now (never committed), Upstash configured (as a deployment on serverless
 *    should be), and a fresh database on the local Postgres server for
 *    the build's migrations (`npm run build` applies them), dropped afterwards.
 * 4. `vercel build --prod --yes` into `.vercel/output`.
 *
 * It then writes `.data/vercel-build/build.json` (git-ignored): which variables
 * were secret and their values, so tests/deploy/vercel-output.test.ts can prove
 * none of them reached the output.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export const VERCEL_CLI_VERSION = '58.10.0';
export const BUILD_MANIFEST = path.resolve('.data/vercel-build/build.json');

export interface BuildManifest {
  vercelCli: string;
  node: string;
  /** Secret variables of the build's environment, with the values used. */
  secrets: Record<string, string>;
  /** Public values the build inlines (the test's proof that its scan finds inlined values). */
  public: { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: string };
  /** `.next/BUILD_ID` of this build: the functions ship files from `.next`, which any later build replaces. */
  nextBuildId: string;
}

const serverUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
const token = (bytes = 24) => randomBytes(bytes).toString('hex');

function installVercelCli(): string {
  if (process.env.VERCEL_CLI) return process.env.VERCEL_CLI;
  const prefix = fs.mkdtempSync(path.join(os.tmpdir(), 'vercel-cli-'));
  console.error(`== installing vercel@${VERCEL_CLI_VERSION} into ${prefix}`);
  const install = spawnSync(
    'npm',
    ['i', '-E', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `vercel@${VERCEL_CLI_VERSION}`],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (install.status !== 0) throw new Error(`npm could not install vercel@${VERCEL_CLI_VERSION} (exit ${install.status})`);
  return path.join(prefix, 'node_modules/.bin/vercel');
}

const PROJECT_FILE = '.vercel/project.json';
const LOCAL_PROJECT = { projectId: 'prj_local', orgId: 'team_local', settings: { framework: 'nextjs', nodeVersion: '24.x' } };

/** The project settings `vercel pull` would write, by hand; never over a project linked with `vercel link`. */
function writeProjectSettings() {
  if (fs.existsSync(PROJECT_FILE)) {
    const { projectId } = JSON.parse(fs.readFileSync(PROJECT_FILE, 'utf8')) as { projectId?: string };
    if (projectId !== LOCAL_PROJECT.projectId) {
      throw new Error(
        `${PROJECT_FILE} links this folder to Vercel project ${projectId}. Fix: run this in a fresh clone (CI does), or move .vercel away first`,
      );
    }
  }
  fs.mkdirSync(path.dirname(PROJECT_FILE), { recursive: true });
  fs.writeFileSync(PROJECT_FILE, JSON.stringify(LOCAL_PROJECT, null, 2));
}

/** Environment shaped like a production deployment's: every value in the format Clerk, Postgres and Upstash use. */
function deploymentEnv(databaseUrl: string) {
  const { publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const secrets = {
    CLERK_SECRET_KEY: `sk_live_${token()}`,
    CLERK_WEBHOOK_SIGNING_SECRET: `whsec_${randomBytes(32).toString('base64')}`,
    DATABASE_URL: databaseUrl,
    UPSTASH_REDIS_REST_TOKEN: `A${randomBytes(48).toString('base64url')}`,
  };
  const env = {
    ...secrets,
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_live_${Buffer.from('clerk.example.com$').toString('base64')}`,
    CLERK_JWT_KEY: publicKey,
    CLERK_AUTHORIZED_PARTIES: 'https://app.example.com',
    UPSTASH_REDIS_REST_URL: 'https://example-12345.upstash.io',
  };
  return { env, secrets };
}

async function withDatabase<T>(build: (url: string, password: string) => Promise<T>): Promise<T> {
  const name = `saas_vercel_${token(6)}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect().catch((error: Error) => {
    throw new Error(`The Vercel build needs Postgres for its migrations at ${serverUrl} (TEST_DATABASE_URL): ${error.message}`);
  });
  await admin.query(`CREATE DATABASE ${name}`);
  try {
    // A password in the URL, like a real one (trust authentication ignores it): one more secret to look for.
    const password = token(16);
    const url = new URL(serverUrl);
    Object.assign(url, { username: url.username || 'postgres', password, pathname: `/${name}` });
    return await build(url.toString(), password);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function main() {
  const cli = installVercelCli();
  fs.rmSync(BUILD_MANIFEST, { force: true });
  writeProjectSettings();

  await withDatabase(async (databaseUrl, password) => {
    const { env, secrets } = deploymentEnv(databaseUrl);
    console.log(`== vercel build --prod (vercel ${VERCEL_CLI_VERSION}, node ${process.version})`);
    const build = spawnSync(cli, ['build', '--prod', '--yes'], {
      stdio: 'inherit',
      env: { ...process.env, ...env, VERCEL_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1', NO_UPDATE_NOTIFIER: '1' },
    });
    if (build.status !== 0) throw new Error(`vercel build failed (exit ${build.status})`);
    const manifest: BuildManifest = {
      vercelCli: VERCEL_CLI_VERSION,
      node: process.version,
      secrets: { ...secrets, DATABASE_PASSWORD: password },
      public: { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY },
      nextBuildId: fs.readFileSync('.next/BUILD_ID', 'utf8').trim(),
    };
    fs.mkdirSync(path.dirname(BUILD_MANIFEST), { recursive: true });
    fs.writeFileSync(BUILD_MANIFEST, JSON.stringify(manifest, null, 2), { mode: 0o600 });
  });
  console.log(`== .vercel/output built; secrets to look for in ${path.relative(process.cwd(), BUILD_MANIFEST)}`);
}

// Run as a script; the test imports the manifest's path and type only.
if (path.resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const run = process.argv.includes('--install-cli') ? async () => console.log(installVercelCli()) : main;
  run().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
}

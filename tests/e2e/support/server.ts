/**
 * Playwright's web server: a fresh local-mode data folder, one production
 * build, then `next start` with local mode explicitly allowed. Uses a real
 * Postgres database when one is reachable (E2E_DATABASE_URL), else the embedded one.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const port = process.env.E2E_PORT ?? '3100';
const dataDir = path.resolve('.data/e2e');

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATA_DIR: dataDir,
  PORT: port,
  CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '1',
  NEXT_TELEMETRY_DISABLED: '1',
  // Local mode must never pick up a developer's real keys from .env files.
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
  CLERK_SECRET_KEY: '',
};

fs.rmSync(dataDir, { recursive: true, force: true });
fs.mkdirSync(dataDir, { recursive: true });

if (!process.env.E2E_SKIP_BUILD) {
  const build = spawnSync('npx', ['tsx', 'scripts/launch.ts', 'build'], { stdio: 'inherit', env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const server = spawn('npx', ['tsx', 'scripts/launch.ts', 'start'], { stdio: 'inherit', env });
const stop = () => server.kill('SIGTERM');
process.on('SIGINT', stop).on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 0));

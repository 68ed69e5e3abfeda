/**
 * The one entry point for running the app: `npm run dev`, `npm run build`,
 * `npm start`, `npm run db:migrate`, `npm run db:studio` and `launch exec -- <cmd>`.
 *
 * It decides the auth mode (Clerk or local), starts the embedded database when
 * DATABASE_URL is unset, applies migrations, starts local mode's Clerk stand-in
 * when there are no Clerk keys, then runs Next with that configuration in its
 * environment. Everything it starts binds to loopback and stops with it.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import nextEnv from '@next/env';
import { startEmbeddedPostgres } from '../lib/db/embedded';
import { migrateDatabase } from '../lib/db/migrate';
import { parseEnv, publicSchema, serverSchema } from '../lib/env/schema';
import { resolveAuthMode } from '../lib/env/mode';
import { assertDeploymentReady } from '../lib/env/deployment';
import { assertLoopbackOnly, withLoopbackGuard } from './launch/loopback';
import { formatFailure, verbose } from './launch/report';
import { readRuntime, writeRuntime } from './launch/runtime';

type Command = 'dev' | 'build' | 'start' | 'migrate' | 'studio' | 'exec';
const COMMANDS: Command[] = ['dev', 'build', 'start', 'migrate', 'studio', 'exec'];

const command = process.argv[2] as Command;
const passthrough = process.argv.slice(3).filter((arg) => arg !== '--');
const log = (message: string) => console.log(`\x1b[36m[launch]\x1b[0m ${message}`);
const cleanups: Array<() => Promise<void>> = [];

const binary = (name: string) => path.join(process.cwd(), 'node_modules', '.bin', name);

/** Next keeps the last --hostname: in local mode the launcher's comes last, so no spelling of an override wins. */
const serveArgs = (local: boolean, host: string, port: number) =>
  local ? ['--port', String(port), ...passthrough, '--hostname', host] : ['--hostname', host, '--port', String(port), ...passthrough];

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main(): Promise<number> {
  if (!COMMANDS.includes(command)) {
    console.error(`Usage: tsx scripts/launch.ts <${COMMANDS.join('|')}>`);
    return 2;
  }
  const production = command === 'build' || command === 'start';
  (process.env as Record<string, string>).NODE_ENV ??= production ? 'production' : 'development';
  nextEnv.loadEnvConfig(process.cwd(), !production, { info: () => {}, error: console.error });

  const env: NodeJS.ProcessEnv = { ...process.env };
  const server = parseEnv(serverSchema, env);
  parseEnv(publicSchema, env);
  const mode = command === 'migrate' || command === 'studio' ? 'clerk' : resolveAuthMode(env, production);
  const dataDir = path.resolve(env.DATA_DIR || '.data');
  const port = Number(env.PORT || 3000);
  const appUrl = `http://localhost:${port}`;
  // Local mode answers loopback only (scripts/launch/loopback.ts); with real keys, HOST may open the server to a network.
  const host = mode === 'local' ? 'localhost' : env.HOST || 'localhost';
  if (mode === 'local') assertLoopbackOnly(passthrough, env);
  if (command !== 'exec') assertDeploymentReady(env, command);

  // Local mode (README > Local mode > Removing local mode): its code loads only when it is on.
  const localMode =
    mode === 'local'
      ? await import('./local-mode').then((m) =>
          m.prepareLocalMode({
            dataDir,
            settings: {
              ...(server.CLERK_LOCAL_MEMBERSHIP && { organizationMembership: server.CLERK_LOCAL_MEMBERSHIP }),
              ...(server.CLERK_LOCAL_MFA && { mfa: server.CLERK_LOCAL_MFA }),
            },
            appUrl,
            log,
          }),
        )
      : null;
  if (localMode) {
    // Local mode promises that nothing leaves the machine; set it to 0 to opt back in.
    Object.assign(env, { NEXT_TELEMETRY_DISABLED: env.NEXT_TELEMETRY_DISABLED ?? '1', ...localMode.env });
    if (command === 'dev' || command === 'start') env.NODE_OPTIONS = withLoopbackGuard(env.NODE_OPTIONS);
  }

  // The data folder holds local mode's keys and the embedded database; with real keys and DATABASE_URL nothing is written there.
  const dataFolderInUse = Boolean(localMode) || !env.DATABASE_URL;
  if (command === 'exec') {
    Object.assign(env, dataFolderInUse ? readRuntime(dataDir) : { APP_URL: env.APP_URL || appUrl });
    const [cmd, ...args] = passthrough;
    if (!cmd) throw new Error('Usage: tsx scripts/launch.ts exec -- <command> [args...]');
    return run(cmd, args, env);
  }

  // A build compiles; it needs keys (inlined) but no database or Clerk stand-in,
  // except on a real deployment where migrations belong in the build step.
  const needsDatabase = command !== 'build' || Boolean(env.DATABASE_URL);
  if (needsDatabase && !env.DATABASE_URL) {
    const embedded = await startEmbeddedPostgres({ dataDir });
    cleanups.push(embedded.close);
    env.DATABASE_URL = embedded.url;
    // PGlite is one connection underneath: interleaved extended-protocol messages from
    // several pooled connections would corrupt each other's prepared statements.
    env.DATABASE_POOL_MAX = '1';
    log(`embedded Postgres (PGlite, ${path.relative(process.cwd(), dataDir)}/pglite) on ${new URL(embedded.url).host}`);
  }
  if (needsDatabase && env.DATABASE_URL) {
    await migrateDatabase(env.DATABASE_URL, { onWait: () => log('another process is applying migrations; waiting for it') });
    log('database migrations applied');
  }

  if (localMode && (command === 'dev' || command === 'start')) {
    const clerk = await localMode.start();
    cleanups.push(clerk.close);
    Object.assign(env, clerk.env);
    log(`local mode: no Clerk keys configured, Clerk's API answered locally. Sign in at ${appUrl}/sign-in (see README > Local mode)`);
  }
  if (dataFolderInUse && (command === 'dev' || command === 'start')) {
    cleanups.push(
      writeRuntime(dataDir, {
        APP_URL: appUrl,
        DATABASE_URL: env.DATABASE_URL,
        CLERK_API_URL: env.CLERK_API_URL,
        CLERK_LOCAL_FAPI_URL: env.CLERK_LOCAL_FAPI_URL,
      }),
    );
  }

  switch (command) {
    case 'dev':
    case 'start':
      return run(binary('next'), [command, ...serveArgs(mode === 'local', host, port)], env);
    case 'build':
      return run(binary('next'), ['build', ...passthrough], env);
    case 'studio':
      return run(binary('drizzle-kit'), ['studio', ...passthrough], env);
    case 'migrate':
      return 0;
  }
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(formatFailure(error, verbose(process.env)));
} finally {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
}
process.exit(exitCode);

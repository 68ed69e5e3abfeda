/**
 * A copy of this checkout as a fresh clone would have it: the files git tracks
 * (plus new, not-ignored ones, so uncommitted work is tested too), no `.data`,
 * `.next` or `.env*.local`. node_modules is hard-linked, not installed (same
 * files as `npm ci` would give, in a second instead of half a minute): never
 * change permissions inside it, since the links share the checkout's inodes.
 *
 * The checkout's Turbopack build cache comes along when there is one, as Vercel
 * restores it between deployments: it is keyed by content, so the clone's build
 * still compiles whatever differs (its env's public values, changed files) and
 * takes the rest from it (on two cores, 58 s of compiling became ~17 s). It is
 * copied first, before the checkout's own build can be writing to it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const BUILD_CACHE = '.next/cache/turbopack';

export function freshClone(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fresh-clone-'));
  // Readable by the unprivileged user the read-only start runs as (mkdtemp makes it 0700).
  fs.chmodSync(dir, 0o755);
  if (fs.existsSync(BUILD_CACHE)) fs.cpSync(BUILD_CACHE, path.join(dir, BUILD_CACHE), { recursive: true });
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (!fs.existsSync(file)) continue; // deleted in the working tree, not yet committed
    fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
    fs.copyFileSync(file, path.join(dir, file));
  }
  execFileSync('cp', ['-al', path.resolve('node_modules'), path.join(dir, 'node_modules')]);
  return dir;
}

/** The environment of a shell that never ran vitest (it sets NODE_ENV=test, which `next build` must not see). */
export function cleanEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_ENV' && !name.startsWith('VITEST')));
  return { ...env, ...overrides } as NodeJS.ProcessEnv;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface RunningApp {
  url: string;
  output(): string;
  stop(): Promise<void>;
}

/**
 * `npm start`'s command (`tsx scripts/launch.ts start`), spawned directly so a
 * stop signal reaches the launcher, which stops Next. Resolves once the app answers.
 */
export async function startApp(dir: string, env: NodeJS.ProcessEnv, options: { uid?: number; gid?: number } = {}): Promise<RunningApp> {
  const child: ChildProcess = spawn(path.join(dir, 'node_modules/.bin/tsx'), ['scripts/launch.ts', 'start'], { cwd: dir, env, ...options });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://localhost:${env.PORT}`;
  const app: RunningApp = {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode} before answering:\n${output}`);
    const ready = await fetch(`${url}/api/public/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return app;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

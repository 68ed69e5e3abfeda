/**
 * Playwright's web server for the `quickstart` profile: an app shaped as Clerk's Next.js
 * quickstart (tests/e2e/quickstart-app) against the stand-in as a stranger gets it, by the
 * package README's recipe ("Your own Clerk app"):
 *
 * 1. `npm pack` of packages/local-clerk, installed into an empty folder outside the checkout.
 *    `npm ci --offline`: the lockfile pins what the repository's lockfile pins, so every
 *    tarball comes from the npm cache the repository's `npm ci` filled (npm keeps tarballs,
 *    not the registry's metadata a plain `npm install --offline` would need), and only the
 *    tarball's own dependencies are installed.
 * 2. `npx local-clerk serve` there; the dotenv lines it prints are
 *    the app's `.env.local`, as the README says.
 * 3. `next dev` of the app (no build: quicker for one page), whose next, react and @clerk/nextjs
 *    are the checkout's own install (it lives under `.data`, so Node finds them there).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { QUICKSTART } from '../../../scripts/support/profiles';
import { cleanEnv } from '../../support/fresh-clone';

const checkout = process.cwd();
const children: ChildProcess[] = [];
const log = (message: string) => console.log(`[e2e quickstart] ${message}`);

function stopAll(code: number) {
  for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  process.exit(code);
}
process.on('SIGINT', () => stopAll(0)).on('SIGTERM', () => stopAll(0));

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  [field: string]: unknown;
}

/**
 * A lockfile for `<folder>` depending on the tarball alone: the tarball's dependencies, and
 * theirs, at the paths and versions of the repository's lockfile (a subset of its tree, so
 * every package resolves where it did there).
 */
function lockfileFor(tarball: string, manifest: { name: string; version: string; dependencies: Record<string, string> }) {
  const lock = JSON.parse(fs.readFileSync(path.join(checkout, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = {};
  const resolve = (from: string, name: string): string | undefined => {
    for (let dir = from; ; dir = dir.slice(0, Math.max(dir.lastIndexOf('/node_modules/'), 0))) {
      const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
      if (lock.packages[candidate]) return candidate;
      if (!dir) return undefined;
    }
  };
  const visit = (from: string, dependencies: Record<string, string> = {}) => {
    for (const name of Object.keys(dependencies)) {
      const at = resolve(from, name);
      if (!at || packages[at]) continue;
      // The repository's dev/peer flags say nothing of this tree: npm derives them again.
      const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = lock.packages[at]!;
      packages[at] = entry;
      // npm installs peers too: those the repository's install has come along.
      visit(at, { ...entry.dependencies, ...entry.optionalDependencies, ...entry.peerDependencies });
    }
  };
  const self = `node_modules/${manifest.name}`;
  visit(self, manifest.dependencies);
  const integrity = `sha512-${createHash('sha512').update(fs.readFileSync(tarball)).digest('base64')}`;
  const spec = `file:${tarball}`;
  return {
    name: 'empty-folder',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'empty-folder', dependencies: { [manifest.name]: spec } },
      [self]: {
        version: manifest.version,
        resolved: spec,
        integrity,
        dependencies: manifest.dependencies,
        bin: { 'local-clerk': 'bin/local-clerk.mjs' },
      },
      ...packages,
    },
  };
}

function installStandIn(): string {
  // One per port, emptied on each start: some 300 MB (clerk-js and @clerk/ui bring their dependencies), and Playwright
  // ends this server with SIGKILL, so it cannot clean up on the way out.
  const folder = path.join(os.tmpdir(), `local-clerk-install-${QUICKSTART.port}`);
  fs.rmSync(folder, { recursive: true, force: true });
  fs.mkdirSync(folder);
  const packed = execFileSync('npm', ['pack', path.join(checkout, 'packages/local-clerk'), '--pack-destination', folder, '--silent'], {
    encoding: 'utf8',
  }).trim();
  const tarball = path.join(folder, packed);
  const manifest = JSON.parse(fs.readFileSync(path.join(checkout, 'packages/local-clerk/package.json'), 'utf8'));
  fs.writeFileSync(
    path.join(folder, 'package.json'),
    JSON.stringify({ name: 'empty-folder', private: true, dependencies: { [manifest.name]: `file:${tarball}` } }),
  );
  fs.writeFileSync(path.join(folder, 'package-lock.json'), JSON.stringify(lockfileFor(tarball, manifest), null, 2));
  execFileSync('npm', ['ci', '--offline', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: folder,
    stdio: 'inherit',
  });
  return folder;
}

/** `npx local-clerk serve` as the README has it; resolves with the dotenv lines it prints. */
async function serveStandIn(folder: string): Promise<string[]> {
  const dataDir = path.join(QUICKSTART.baseDir, 'clerk');
  fs.rmSync(dataDir, { recursive: true, force: true });
  const child = spawn(
    'npx',
    [
      'local-clerk',
      'serve',
      '--data-dir',
      dataDir,
      '--app-url',
      QUICKSTART.appUrl,
      '--fapi-port',
      String(QUICKSTART.fapiPort),
      '--bapi-port',
      String(QUICKSTART.bapiPort),
    ],
    // npx runs the installed bin; offline, so it never asks the registry for anything.
    { cwd: folder, stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, npm_config_offline: 'true' } },
  );
  children.push(child);
  const lines: string[] = [];
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`[e2e quickstart] local-clerk serve exited with ${code}`))),
  );
  const printed = (async () => {
    for await (const line of readline.createInterface({ input: child.stdout! })) {
      if (line === '# Stop with Ctrl-C.') return lines;
      lines.push(line);
    }
    return lines;
  })();
  return Promise.race([printed, exited]);
}

try {
  const started = Date.now();
  const folder = installStandIn();
  log(`packed and installed the stand-in in ${folder} (${Date.now() - started} ms)`);

  const appDir = path.join(QUICKSTART.baseDir, 'app');
  fs.rmSync(appDir, { recursive: true, force: true });
  fs.cpSync(path.join(checkout, 'tests/e2e/quickstart-app'), appDir, { recursive: true });
  const printed = await serveStandIn(folder);
  fs.writeFileSync(path.join(appDir, '.env.local'), `${printed.join('\n')}\n`);
  log(`the stand-in printed ${printed.filter((line) => !line.startsWith('#')).length} variables into .env.local`);

  // Only .env.local configures Clerk: no variable of this shell's may override it.
  const env = cleanEnv({ NEXT_TELEMETRY_DISABLED: '1' });
  for (const name of Object.keys(env)) if (/CLERK/.test(name)) delete env[name];
  const next = spawn(path.join(checkout, 'node_modules/.bin/next'), ['dev', '--port', String(QUICKSTART.port), '--hostname', 'localhost'], {
    cwd: appDir,
    env,
    stdio: 'inherit',
  });
  children.push(next);
  next.once('exit', (code) => stopAll(code ?? 1));
} catch (error) {
  console.error(error);
  stopAll(1);
}

/**
 * Vercel's own build output (`.vercel/output`, Build Output API v3), as
 * `scripts/ci/vercel-build.ts` makes it in CI: deployment-shaped environment,
 * Upstash configured (as on serverless). Collected by
 * vitest when the output exists, always in CI (vitest.config.ts).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGETS, KiB, kib } from '../../scripts/bundle-size';
import { BUILD_MANIFEST, type BuildManifest } from '../../scripts/ci/vercel-build';

const OUTPUT = path.resolve('.vercel/output');
const MiB = 1024 * KiB;
const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
/**
 * Vercel's Edge limit on Hobby (1 MB gzip), and our budget for Node functions (Vercel allows 250 MB).
 * The largest function measured 7.9 MiB, then 12.1 MiB (2026-12-04) while instrumentation.ts's
 * trace carried Sentry's server SDK (~2.7 MiB) into every function; a build without SENTRY_DSN now
 * leaves it out (next.config.ts). 12 MiB stays well below the 17.8 MiB of sharp's libvips alone,
 * which once rode along in every function, so that, or anything of its size, coming back fails here.
 */
const LIMITS = { edgeGzip: MiB, nodeUncompressed: 12 * MiB };

interface FunctionConfig {
  runtime: string;
  /** A Node function's entry file, exporting a `(req, res)` handler. */
  handler?: string;
  entrypoint?: string;
  /** Files outside the function folder that ship with it: path in the function -> path from the project root. */
  filePathMap?: Record<string, string>;
}

const functionDir = (route: string) => fs.realpathSync(path.join(OUTPUT, 'functions', `${route}.func`));
const functionConfig = (dir: string) => JSON.parse(fs.readFileSync(path.join(dir, '.vc-config.json'), 'utf8')) as FunctionConfig;

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every file a function ships: its folder plus what its filePathMap pulls from the project (whose entries include links to folders, listed file by file too). */
function shippedFiles(dir: string): string[] {
  const mapped = Object.values(functionConfig(dir).filePathMap ?? {}).map((file) => path.resolve(file));
  return [...filesUnder(dir), ...mapped.filter((file) => fs.statSync(file).isFile())];
}

/** The app's route handlers, from the source: app/api/projects/[id]/route.ts -> api/projects/[id]. */
function apiRoutes(): string[] {
  return filesUnder(path.resolve('app/api'))
    .filter((file) => path.basename(file) === 'route.ts')
    .map((file) => path.relative(path.resolve('app'), path.dirname(file)).split(path.sep).join('/'));
}

/** Each function once (most routes are links to a few shared Node functions). */
function functionDirs(): string[] {
  const configs = filesUnder(path.join(OUTPUT, 'functions')).filter((file) => path.basename(file) === '.vc-config.json');
  return [...new Set(configs.map((file) => fs.realpathSync(path.dirname(file))))];
}

function middlewareRoute(): string {
  const config = JSON.parse(fs.readFileSync(path.join(OUTPUT, 'config.json'), 'utf8')) as { routes: Array<{ middlewarePath?: string }> };
  const route = config.routes.find((entry) => entry.middlewarePath)?.middlewarePath;
  if (!route) throw new Error('.vercel/output/config.json routes no request through a middleware');
  return route;
}

/** The middleware's code as deployed: its folder's files but the config and source maps, gzip-compressed one by one. */
function middlewareCode() {
  const dir = functionDir(middlewareRoute());
  const files = filesUnder(dir).filter((file) => !file.endsWith('.map') && path.basename(file) !== '.vc-config.json');
  return { dir, files, gzip: files.reduce((sum, file) => sum + gzipSync(fs.readFileSync(file), { level: 9 }).length, 0) };
}

let manifest: BuildManifest;

beforeAll(() => {
  if (!fs.existsSync(OUTPUT) || !fs.existsSync(BUILD_MANIFEST)) {
    throw new Error(
      `No Vercel build to check (${path.relative(process.cwd(), fs.existsSync(OUTPUT) ? BUILD_MANIFEST : OUTPUT)} is missing). Fix: run \`npx tsx scripts/ci/vercel-build.ts\` (CI always does)`,
    );
  }
  manifest = JSON.parse(fs.readFileSync(BUILD_MANIFEST, 'utf8')) as BuildManifest;
  // The functions ship files from the project's `.next` (their filePathMap): another build since (the e2e suite's) replaced them.
  if (fs.readFileSync('.next/BUILD_ID', 'utf8').trim() !== manifest.nextBuildId) {
    throw new Error(
      ".next was rebuilt after Vercel's build: the files its functions ship from there are another build's. Fix: run `npx tsx scripts/ci/vercel-build.ts` again, then these tests",
    );
  }
});

describe("Vercel's build output", () => {
  it(`the middleware is an Edge function within 1 MiB gzip (Vercel's limit) and, with Upstash configured, within our ${kib(BUDGETS.middlewareUpstash)}`, () => {
    const { dir, files, gzip } = middlewareCode();
    expect(functionConfig(dir).runtime).toBe('edge');
    expect(files.length).toBeGreaterThan(0);
    // This build's configuration has Upstash: its limiter (lib/rate-limit/upstash.ts) must be in the bundle for the budget to mean anything.
    expect(files.some((file) => fs.readFileSync(file, 'utf8').includes('flags=allow-key-locking'))).toBe(true);
    console.log(`middleware (Edge, Upstash configured): ${kib(gzip)} gzip`);
    expect(gzip, kib(gzip)).toBeLessThanOrEqual(LIMITS.edgeGzip);
    expect(gzip, kib(gzip)).toBeLessThanOrEqual(BUDGETS.middlewareUpstash);
  });

  it.each(apiRoutes())('the route handler %s is a Node.js 24 function', (route) => {
    expect(functionConfig(functionDir(route)).runtime).toBe('nodejs24.x');
  });

  it('the webhook is among the route handlers checked', () => {
    expect(apiRoutes()).toContain('api/webhooks/clerk');
  });

  it(`every function is within ${mib(LIMITS.nodeUncompressed)} uncompressed`, () => {
    const dirs = functionDirs();
    expect(dirs.length).toBeGreaterThan(1);
    for (const dir of dirs) {
      const bytes = shippedFiles(dir).reduce((sum, file) => sum + fs.statSync(file).size, 0);
      console.log(`${path.relative(OUTPUT, dir)} (${functionConfig(dir).runtime}): ${mib(bytes)} uncompressed`);
      expect(bytes, `${path.relative(OUTPUT, dir)}: ${mib(bytes)}`).toBeLessThanOrEqual(LIMITS.nodeUncompressed);
    }
  });

  it('no function ships Sentry: this build had no SENTRY_DSN (next.config.ts leaves the SDK out)', () => {
    const shipping = functionDirs().filter((dir) =>
      Object.keys(functionConfig(dir).filePathMap ?? {}).some((file) => /node_modules\/@sentry\//.test(file)),
    );
    expect(functionDirs().length).toBeGreaterThan(1);
    expect(shipping.map((dir) => path.relative(OUTPUT, dir))).toEqual([]);
  });

  it('no function ships sharp (next/og falls back to its own WebAssembly renderer; Vercel optimizes images itself)', () => {
    const shipping = functionDirs().filter((dir) =>
      Object.keys(functionConfig(dir).filePathMap ?? {}).some((file) => /node_modules\/(sharp|@img)\//.test(file)),
    );
    expect(shipping.map((dir) => path.relative(OUTPUT, dir))).toEqual([]);
  });

  describe('the generated images render from the files their function ships alone', () => {
    let server: Awaited<ReturnType<typeof serveFunction>> | undefined;
    afterAll(() => server?.stop());

    it.each(['/opengraph-image', '/twitter-image', '/apple-icon'])('%s answers a PNG', async (route) => {
      const dir = functionDir(route.slice(1));
      if (server?.dir !== dir) {
        await server?.stop();
        server = await serveFunction(dir);
      }
      // What the function ships resolves no sharp: next/og renders with resvg, as on Vercel.
      expect(() => createRequire(import.meta.url).resolve('sharp', { paths: [server!.root] })).toThrow();
      const response = await fetch(`${server.url}${route}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await response.arrayBuffer()).subarray(0, 8)).toEqual(PNG_SIGNATURE);
    });
  });

  describe('no secret of the build environment is anywhere in what would be deployed', () => {
    /** The output's files and every project file a function ships, once each. */
    const deployedFiles = () => {
      return [...new Set([...filesUnder(OUTPUT), ...functionDirs().flatMap(shippedFiles)].map((file) => fs.realpathSync(file)))];
    };
    const filesContaining = (files: string[], value: string) => files.filter((file) => fs.readFileSync(file).includes(value));

    it('the scan sees inlined values: the public publishable key is found in the browser bundles', () => {
      const found = filesContaining(deployedFiles(), manifest.public.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
      expect(found.some((file) => file.includes(`${path.sep}static${path.sep}`))).toBe(true);
    });

    it('no secret value appears', () => {
      const files = deployedFiles();
      const leaks = Object.entries(manifest.secrets).flatMap(([name, value]) =>
        filesContaining(files, value).map((file) => `${name} in ${path.relative(process.cwd(), file)}`),
      );
      expect(Object.keys(manifest.secrets).length).toBeGreaterThanOrEqual(4);
      expect(leaks).toEqual([]);
    });
  });
});

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * A Node function as Vercel unpacks it: its folder plus the project files its
 * filePathMap names, copied into an empty temporary folder (nothing above it to
 * resolve from), its handler served over HTTP on loopback by a child process.
 */
async function serveFunction(dir: string) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'vercel-function-'));
  fs.cpSync(dir, root, { recursive: true, dereference: true });
  for (const [inFunction, fromProject] of Object.entries(functionConfig(dir).filePathMap ?? {})) {
    fs.cpSync(path.resolve(fromProject), path.join(root, inFunction), { recursive: true, dereference: true });
  }
  const handler = path.join(root, functionConfig(dir).handler ?? 'index.js');
  const serve = `require('node:http').createServer(require(${JSON.stringify(handler)})).listen(0, '127.0.0.1', function () { console.log(this.address().port) })`;
  const child = spawn(process.execPath, ['-e', serve], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`the function's server exited (${String(code)}) before listening`);
  });
  const [port] = (await Promise.race([once(createInterface({ input: child.stdout }), 'line'), exited])) as [string];
  return {
    dir,
    root,
    url: `http://127.0.0.1:${port}`,
    stop: async () => {
      exited.catch(() => undefined);
      child.kill();
      await once(child, 'exit').catch(() => undefined);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

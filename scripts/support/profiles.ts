/**
 * The two e2e profiles, one `playwright test` run:
 * - `local`: the app in local mode (`tests/e2e/support/server.ts`), every spec.
 * - `production`: the app built and started as a deployment
 *   (`tests/e2e/support/production-server.ts`), the specs tagged `@production`.
 *   Clerk's hosted service is the stand-in, a separate process: the server
 *   reaches its Backend API through `CLERK_API_URL`; the browser reaches its
 *   Frontend API at the host the publishable key names, routed by Playwright.
 */
import os from 'node:os';
import path from 'node:path';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * The local profile's servers (`tests/e2e/support/server.ts`), one Playwright project each: its specs are split over
 * two so they run side by side. Each has its own port, data folder (keys, stand-in store, `runtime.json`) and database;
 * the first builds, the second starts from that build with the first's keys (local mode inlines the publishable key).
 */
export const LOCAL_SERVERS = [localServer('local', E2E_PORT), localServer('local-2', E2E_PORT + 1)] as const;

function localServer(project: string, port: number) {
  return { project, port, appUrl: `http://localhost:${port}`, dataDir: path.resolve(`.data/e2e-${port}`) };
}

/**
 * `launch.ts start`'s arguments for every e2e app server. Node closes an idle keep-alive connection after 5 s; a spec's
 * request context that reuses one just then gets ECONNRESET (seen 2026-12-05). Browsers retry that, Playwright's requests do not.
 */
export const E2E_START_ARGS = ['scripts/launch.ts', 'start', '--', '--keepAliveTimeout', '120000'];

export const PRODUCTION_PORT = Number(process.env.E2E_PRODUCTION_PORT ?? E2E_PORT + 50);

export const PRODUCTION = {
  port: PRODUCTION_PORT,
  appUrl: `http://localhost:${PRODUCTION_PORT}`,
  /**
   * The Frontend API host the development instance's key names, shaped as Clerk's
   * (`<words>.clerk.accounts.dev`): clerk-js runs the dev-browser flow only for such hosts.
   * Nothing goes there: the browser's requests to it are routed to the stand-in
   * (tests/e2e/support/fixtures.ts, where any other request fails the test), and the
   * server never calls the Frontend API.
   */
  frontendApiHost: 'offline-e2e-42.clerk.accounts.dev',
  fapiPort: PRODUCTION_PORT + 1,
  bapiPort: PRODUCTION_PORT + 2,
  /** Keys, the stand-in's data and the built fresh clone: outside the checkout, so Next sees a project of its own. */
  baseDir: path.join(os.tmpdir(), `saas-e2e-production-${PRODUCTION_PORT}`),
  /** What the specs read: the database, the stand-in's URLs, the keys' file (as `.data/e2e-<port>/runtime.json` in local mode). */
  runtimeFile: path.resolve(`.data/e2e-production-${PRODUCTION_PORT}/runtime.json`),
} as const;

export const PRODUCTION_FAPI_URL = `http://127.0.0.1:${PRODUCTION.fapiPort}`;

const QUICKSTART_PORT = Number(process.env.E2E_QUICKSTART_PORT ?? E2E_PORT + 60);

/**
 * The `quickstart` profile: a third-party-shaped app (tests/e2e/quickstart-app, Clerk's Next.js quickstart)
 * against the stand-in as packed, set up by the package README's recipe (tests/e2e/support/quickstart-server.ts).
 * The browser reaches both on `localhost`, with no routing.
 */
export const QUICKSTART = {
  port: QUICKSTART_PORT,
  appUrl: `http://localhost:${QUICKSTART_PORT}`,
  fapiPort: QUICKSTART_PORT + 1,
  bapiPort: QUICKSTART_PORT + 2,
  /** The packed stand-in, its install and data, and the app's copy with its `.env.local` (inside the checkout, so the app resolves next and @clerk/nextjs from its install). */
  baseDir: path.resolve(`.data/quickstart-${QUICKSTART_PORT}`),
} as const;

import fs from 'node:fs';
import { chromium, defineConfig, devices, type PlaywrightTestConfig } from '@playwright/test';
import { E2E_PORT, LOCAL_SERVERS, PRODUCTION, QUICKSTART } from './scripts/support/profiles';

export { E2E_PORT };

/** Playwright's own browser where installed; otherwise the system Chromium (Debian's package in CI). */
const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => fs.existsSync(path));
const bundledBrowser = fs.existsSync(chromium.executablePath());
const launchOptions = {
  executablePath: bundledBrowser ? undefined : systemChromium,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
};

/** The profile of a project or web server: `local-2` is the local profile's second server. */
const profileOf = (name = '') => name.replace(/-\d+$/, '');

/** `E2E_PROFILE=local` (or `production`, `quickstart`) runs one profile and starts only its servers: quicker while iterating. All by default. */
function profiles<T extends { name?: string }>(entries: T[]): T[] {
  const only = process.env.E2E_PROFILE;
  if (!only) return entries;
  const chosen = entries.filter((entry) => profileOf(entry.name) === only);
  if (!chosen.length) throw new Error(`E2E_PROFILE=${only}: use local, production or quickstart, or unset it to run all.`);
  return chosen;
}

/** Specs of the local profile only (the others have servers of their own). */
const notLocal = [/production-profile\.spec\.ts$/, /quickstart\.spec\.ts$/];
/**
 * The local profile's specs on its second server; every other one (a new spec too) runs on the first, a file on one.
 * Split by measured duration: 511 s of tests on each server (2026-12-05, Playwright's json reporter).
 */
const onSecondLocalServer = [
  'api-keys',
  'billing',
  'budgets',
  'foundation',
  'impersonation',
  'mfa',
  'organizations',
  'profile-security',
  'reverification',
  'security',
  'session-tasks',
  'user-profile',
].map((spec) => new RegExp(`/${spec}\\.spec\\.ts$`));
const [firstLocal, secondLocal] = LOCAL_SERVERS;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  // Each project has its own server, database and Clerk stand-in, so the projects run side by side; within one, the
  // specs share its demo accounts and organizations, so they run one at a time (each project's `workers: 1`).
  workers: 4,
  // CI machines are shared and noisy: a failed test runs once more there, and `.ci/run` reports any that passed only then as flaky.
  retries: process.env.CI ? 1 : 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list'], ['json', { outputFile: '.ci-results/e2e.json' }]] : [['list'], ['html', { open: 'never' }]],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    ...devices['Desktop Chrome'],
    launchOptions,
  },
  // Three profiles in one run (scripts/support/profiles.ts): every spec in local mode (split over two servers), the `@production`
  // ones against a deployment's configuration, and quickstart.spec.ts against an app shaped as Clerk's quickstart with the packed stand-in.
  projects: profiles([
    { name: firstLocal.project, workers: 1, testIgnore: [...notLocal, ...onSecondLocalServer], use: { baseURL: firstLocal.appUrl } },
    { name: secondLocal.project, workers: 1, testMatch: onSecondLocalServer, use: { baseURL: secondLocal.appUrl } },
    {
      name: 'production',
      workers: 1,
      grep: /@production/,
      use: {
        baseURL: PRODUCTION.appUrl,
        // The key's Frontend API host resolves to this machine, so not even a DNS query leaves it (its requests are routed to the stand-in).
        launchOptions: {
          ...launchOptions,
          args: [...launchOptions.args, `--host-resolver-rules=MAP ${PRODUCTION.frontendApiHost} 127.0.0.1`],
        },
      },
    },
    // A plain browser: the stand-in is on localhost like the app, nothing is routed.
    { name: 'quickstart', workers: 1, testMatch: /quickstart\.spec\.ts$/, use: { baseURL: QUICKSTART.appUrl } },
  ]),
  // Never reuse a running server: one on these ports would be a different app configuration.
  webServer: profiles<NonNullable<Extract<PlaywrightTestConfig['webServer'], unknown[]>>[number]>([
    // One production build, then `next start` in local mode; the second server starts from the first's build.
    ...LOCAL_SERVERS.map((server) => ({
      name: server.project,
      command: 'tsx tests/e2e/support/server.ts',
      url: `${server.appUrl}/api/public/health`,
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'pipe' as const,
      stderr: 'pipe' as const,
      env: { E2E_PORT: String(E2E_PORT), E2E_LOCAL_SERVER: server.project },
    })),
    {
      name: 'production',
      // A fresh clone built and started as deployed, and the Clerk stand-in as its own process.
      command: 'tsx tests/e2e/support/production-server.ts',
      url: `${PRODUCTION.appUrl}/api/public/health`,
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { E2E_PORT: String(E2E_PORT), E2E_PRODUCTION_PORT: String(PRODUCTION.port) },
    },
    {
      name: 'quickstart',
      // The stand-in packed and installed by its README's recipe, then `next dev` of the quickstart app.
      command: 'tsx tests/e2e/support/quickstart-server.ts',
      url: QUICKSTART.appUrl,
      reuseExistingServer: false,
      timeout: 600_000,
      stdout: 'pipe',
      stderr: 'pipe',
      env: { E2E_PORT: String(E2E_PORT), E2E_QUICKSTART_PORT: String(QUICKSTART.port) },
    },
  ]),
});

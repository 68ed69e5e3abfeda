/**
 * `npm run lighthouse`: Lighthouse's mobile audit (its default: a mid-range phone on a slow
 * 4G, simulated) of the landing page, the dashboard and an organization's overview,
 * signed in as local mode's demo admin, against a local-mode production build.
 * Scores are printed, never asserted (machines are shared and noisy: the load average is
 * printed with them).
 *
 *   npm run lighthouse                    `npm run build` in local mode, then measure
 *   npm run lighthouse -- --reuse-build   measure the existing `.next` build (any local-mode or e2e build)
 *   npm run lighthouse -- --runs 5        runs per page (default 3); the median of each figure is reported
 *
 * Lighthouse 12.2.3 (13 needs Node 22+) is installed on first use into a cache folder
 * (`LIGHTHOUSE_DIR`, default `<tmp>/lighthouse-12.2.3`), never as a project dependency: it is
 * ~110 MB and 146 packages that only this script uses, and every `npm ci` (CI's, each
 * developer's) would pay for them. The browser is the system Chromium (`CHROME_PATH`, default
 * /usr/bin/chromium) started by Lighthouse's own chrome-launcher. The app runs on
 * `LIGHTHOUSE_PORT` (default 3370) with its own data folder (`.data/lighthouse`).
 *
 * Signing in: the Clerk stand-in creates the admin's session (its testing helper, as the e2e
 * fixtures do), the cookies go into the shared browser, and one tab stays open on /dashboard
 * with clerk-js running. Session tokens live 60 s, so before each run that tab asks clerk-js
 * for a fresh one: every audited page load carries a valid `__session` and never goes
 * through Clerk's handshake redirect (a run that did fails the script). Lighthouse's storage
 * reset clears the HTTP cache before each run (a first visit) but not cookies. Each run's
 * report is kept in `.data/lighthouse/reports/`.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { createLocalSession } from '@saas-starter/local-clerk/testing';
import { stop, waitFor } from './support/processes';

const LIGHTHOUSE_VERSION = '12.2.3';
const PAGES = ['/', '/dashboard', '/org/acme'];
const ACCOUNT = 'admin@acme.test';
const ORGANIZATION = 'acme';
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'] as const;

const { values: options } = parseArgs({
  options: { 'reuse-build': { type: 'boolean', default: false }, runs: { type: 'string', default: '3' } },
});
const RUNS = Number(options.runs);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error(`--runs ${options.runs}: give a whole number of runs, 1 or more`);

/** What this script reads of Lighthouse's result (`LH.Result`). */
interface LighthouseResult {
  finalDisplayedUrl: string;
  runtimeError?: { code: string; message: string };
  environment: { benchmarkIndex: number };
  runWarnings: string[];
  categories: Record<(typeof CATEGORIES)[number], { score: number | null }>;
  audits: Record<string, { numericValue?: number; details?: { items?: Array<Record<string, unknown>> } }>;
}
type Lighthouse = (
  url: string,
  flags: { port: number; output: 'json'; logLevel: 'error'; onlyCategories: string[] },
) => Promise<{ lhr: LighthouseResult } | undefined>;
interface ChromeLauncher {
  launch(options: { chromePath?: string; chromeFlags: string[] }): Promise<{ port: number; kill: () => void }>;
}

/** Lighthouse, pinned, in its cache folder: installed there with npm the first time. */
async function loadLighthouse(): Promise<{ lighthouse: Lighthouse; chromeLauncher: ChromeLauncher }> {
  const prefix = process.env.LIGHTHOUSE_DIR ?? path.join(os.tmpdir(), `lighthouse-${LIGHTHOUSE_VERSION}`);
  const modules = path.join(prefix, 'node_modules');
  const installed = () => {
    try {
      return JSON.parse(fs.readFileSync(path.join(modules, 'lighthouse/package.json'), 'utf8')).version === LIGHTHOUSE_VERSION;
    } catch {
      return false;
    }
  };
  if (!installed()) {
    console.log(`== installing lighthouse@${LIGHTHOUSE_VERSION} into ${prefix}`);
    const install = spawnSync(
      'npm',
      ['i', '-E', '--prefix', prefix, '--no-audit', '--no-fund', '--loglevel=error', `lighthouse@${LIGHTHOUSE_VERSION}`],
      { stdio: 'inherit' },
    );
    if (install.status !== 0 || !installed())
      throw new Error(`npm could not install lighthouse@${LIGHTHOUSE_VERSION} (exit ${install.status})`);
  }
  const { default: lighthouse } = (await import(path.join(modules, 'lighthouse/core/index.js'))) as { default: Lighthouse };
  const chromeLauncher = (await import(path.join(modules, 'chrome-launcher/dist/index.js'))) as ChromeLauncher;
  return { lighthouse, chromeLauncher };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const score = (lhr: LighthouseResult, category: (typeof CATEGORIES)[number]) => Math.round((lhr.categories[category].score ?? 0) * 100);
const tbt = (lhr: LighthouseResult) => lhr.audits['total-blocking-time']?.numericValue ?? NaN;

/** Fails the run when the page load went anywhere but the page itself (Clerk's handshake, the sign-in page). */
function assertSignedInLoad(url: string, lhr: LighthouseResult) {
  const requests = (lhr.audits['network-requests']?.details?.items ?? []) as Array<{ url: string; resourceType?: string }>;
  const detours = requests.filter(
    (request) => request.resourceType === 'Document' && (/\/v1\/client\/handshake|\/sign-in/.test(request.url) || request.url !== url),
  );
  if (detours.length > 0 || lhr.finalDisplayedUrl !== url)
    throw new Error(`${url} was not loaded signed in: ${[...detours.map((request) => request.url), lhr.finalDisplayedUrl].join(' → ')}`);
}

/** The scripts that cost the most main-thread time in a run (Lighthouse's "bootup-time"), and its long tasks. */
function diagnostics(lhr: LighthouseResult) {
  const short = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');
  const bootup = (lhr.audits['bootup-time']?.details?.items ?? []) as Array<{ url: string; total: number; scripting: number }>;
  const tasks = (lhr.audits['long-tasks']?.details?.items ?? []) as Array<{ url: string; duration: number; startTime: number }>;
  return [
    `    main thread by script (ms total / scripting): ${bootup
      .slice(0, 5)
      .map((item) => `${short(item.url)} ${Math.round(item.total)}/${Math.round(item.scripting)}`)
      .join(', ')}`,
    `    long tasks (ms at ms): ${tasks.map((task) => `${Math.round(task.duration)}@${Math.round(task.startTime)} ${short(task.url)}`).join(', ') || 'none'}`,
  ];
}

async function main() {
  const port = Number(process.env.LIGHTHOUSE_PORT ?? 3370);
  const base = `http://localhost:${port}`;
  const dataDir = path.resolve('.data/lighthouse');
  const tsx = path.resolve('node_modules/.bin/tsx');
  // Local mode explicitly allowed in a production build; never a developer's real keys from .env files.
  const env = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '1',
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
    CLERK_SECRET_KEY: '',
  };
  const { lighthouse, chromeLauncher } = await loadLighthouse();

  if (!options['reuse-build'] || !fs.existsSync('.next/BUILD_ID')) {
    console.log('== npm run build (local mode)');
    const build = spawnSync(tsx, ['scripts/launch.ts', 'build'], { stdio: 'inherit', env });
    if (build.status !== 0) throw new Error(`the build failed (exit ${build.status})`);
  }

  fs.rmSync(dataDir, { recursive: true, force: true });
  const server = spawn(tsx, ['scripts/launch.ts', 'start'], { env, stdio: 'ignore', detached: true });
  const chromePath = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((file) => fs.existsSync(file));
  const chrome = await chromeLauncher.launch({
    chromePath,
    chromeFlags: ['--headless=new', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await waitFor(`${base}/api/public/health`, 120_000);
    const runtime = JSON.parse(fs.readFileSync(path.join(dataDir, 'runtime.json'), 'utf8')) as { CLERK_LOCAL_FAPI_URL: string };
    const { cookies } = await createLocalSession(runtime.CLERK_LOCAL_FAPI_URL, ACCOUNT, { orgSlug: ORGANIZATION });

    // Playwright signs the browser in, then lets go: connected during a run, it would attach to Lighthouse's tab too.
    const withKeeper = async (action: (keeper: Page) => Promise<void>) => {
      const browser = await chromium.connectOverCDP(`http://127.0.0.1:${chrome.port}`);
      try {
        const context = browser.contexts()[0]!;
        await action(context.pages().find((page) => page.url().startsWith(base)) ?? (await context.newPage()));
      } finally {
        await browser.close();
      }
    };
    await withKeeper(async (keeper) => {
      await keeper.context().addCookies(cookies.map((cookie) => ({ ...cookie, url: base })));
      // One unmeasured visit of each page: the server loads each route's code on its first request.
      for (const page of [...PAGES, '/dashboard']) await keeper.goto(`${base}${page}`);
    });
    const freshToken = () =>
      withKeeper(async (keeper) => {
        await keeper.waitForFunction(() => (window as { Clerk?: { loaded?: boolean } }).Clerk?.loaded === true);
        await keeper.evaluate(async () => {
          const clerk = (
            window as unknown as { Clerk: { session?: { getToken(options: { skipCache: boolean }): Promise<string | null> } } }
          ).Clerk;
          if (!(await clerk.session?.getToken({ skipCache: true }))) throw new Error('clerk-js has no session: the sign-in did not hold');
        });
      });

    const load = os.loadavg().map((value) => value.toFixed(2));
    console.log(
      `== Lighthouse ${LIGHTHOUSE_VERSION}, mobile, ${RUNS} runs per page, signed in as ${ACCOUNT} (${os.cpus().length} × ${os.cpus()[0]?.model}, Node ${process.version}, load average ${load.join(' ')})`,
    );
    /** One Lighthouse run, signed in; a run Lighthouse could not finish (its `runtimeError`, e.g. no paint seen on a loaded machine) is run again, up to twice. */
    const audit = async (url: string, attempt = 1): Promise<LighthouseResult> => {
      await freshToken();
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
      if (!result) throw new Error(`Lighthouse returned no result for ${url}`);
      const { lhr } = result;
      for (const warning of lhr.runWarnings) console.log(`    warning: ${warning}`);
      if (lhr.runtimeError) {
        console.log(`    ${url}: Lighthouse's run failed (${lhr.runtimeError.code}: ${lhr.runtimeError.message})`);
        if (attempt < 3) return audit(url, attempt + 1);
        throw new Error(`${url}: three runs in a row failed`);
      }
      assertSignedInLoad(url, lhr);
      return lhr;
    };
    // Each run's whole report, for Lighthouse's viewer or a closer look (git-ignored).
    const reports = path.join(dataDir, 'reports');
    fs.mkdirSync(reports, { recursive: true });
    const rows: string[] = [];
    for (const page of PAGES) {
      const url = `${base}${page}`;
      const runs: LighthouseResult[] = [];
      for (let run = 0; run < RUNS; run++) {
        const lhr = await audit(url);
        fs.writeFileSync(
          path.join(reports, `${page === '/' ? 'landing' : page.slice(1).replaceAll('/', '-')}-${run + 1}.json`),
          JSON.stringify(lhr),
        );
        runs.push(lhr);
        console.log(
          `  ${page} run ${run + 1}: performance ${score(lhr, 'performance')}, TBT ${Math.round(tbt(lhr))} ms (benchmark index ${Math.round(lhr.environment.benchmarkIndex)})`,
        );
      }
      const medians = CATEGORIES.map((category) => median(runs.map((lhr) => score(lhr, category))));
      const medianTbt = Math.round(median(runs.map(tbt)));
      const row = `| \`${page}\` | ${medians.join(' | ')} | ${medianTbt} ms |`;
      rows.push(row);
      console.log(
        `${page}: performance ${medians[0]}, accessibility ${medians[1]}, best practices ${medians[2]}, SEO ${medians[3]}, TBT ${medianTbt} ms`,
      );
      // What dominates: the diagnostics of the run with the median performance score.
      const middle = [...runs].sort((a, b) => score(a, 'performance') - score(b, 'performance'))[Math.floor(runs.length / 2)]!;
      for (const line of diagnostics(middle)) console.log(line);
    }
    console.log(
      `\nload average after: ${os
        .loadavg()
        .map((value) => value.toFixed(2))
        .join(' ')}`,
    );
    console.log(`\n| page (median of ${RUNS}) | performance | accessibility | best practices | SEO | total blocking time |`);
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const row of rows) console.log(row);
  } finally {
    chrome.kill();
    await stop(server);
  }
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});

import { createRequire } from 'node:module';
import fs from 'node:fs';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { createLocalSession } from '@saas-starter/local-clerk/testing';

export { expect };

export const DEMO_ACCOUNTS = {
  admin: 'admin@acme.test',
  manager: 'manager@acme.test',
  member: 'member@acme.test',
  outsider: 'outsider@globex.test',
} as const;
export type DemoAccount = keyof typeof DEMO_ACCOUNTS;
export const DEMO_PASSWORD = 'local-demo-password';
export const VERIFICATION_CODE = '424242';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

interface Fixtures {
  /** Signs in fast: local mode's Clerk stand-in creates a session and the test sets its cookies. */
  signInAs: (account: DemoAccount | { email: string }, options?: { orgSlug?: string }) => Promise<void>;
  /** Requests that tried to leave the machine (aborted), console errors and CSP violations, checked after each test. */
  offlineGuard: void;
}

/**
 * Watches every page of a browser context: requests leaving the machine are
 * aborted and recorded; console errors, uncaught errors and Content-Security-Policy
 * violations (the `securitypolicyviolation` event, also caught in report-only
 * mode, where the console stays quiet) are recorded. `assertClean` fails on any.
 */
export async function watchContext(context: BrowserContext) {
  const external: string[] = [];
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol.startsWith('http') && !LOOPBACK.has(url.hostname)) {
      external.push(url.href);
      return route.abort('blockedbyclient');
    }
    return route.continue();
  });
  await context.exposeBinding('__reportCspViolation', ({ page }, violation: string) => {
    cspViolations.push(`${page.url()}: ${violation}`);
  });
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (violation: string) => void }).__reportCspViolation;
      report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile || 'no source'}:${event.lineNumber}) ${event.sample}`);
    });
  });
  const watchPage = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return {
    assertClean() {
      expect(external, 'requests that tried to leave the machine').toEqual([]);
      expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
      expect(consoleErrors.filter((text) => !isExpectedConsoleError(text)), 'console errors').toEqual([]);
    },
  };
}

export const test = base.extend<Fixtures>({
  offlineGuard: [
    async ({ context }, use) => {
      const watch = await watchContext(context);
      await use();
      watch.assertClean();
    },
    { auto: true },
  ],

  signInAs: async ({ page, baseURL }, use) => {
    await use(async (account, options = {}) => {
      const email = typeof account === 'string' ? DEMO_ACCOUNTS[account] : account.email;
      const { cookies } = await createLocalSession(e2eRuntime().CLERK_LOCAL_FAPI_URL, email, options);
      await page.context().addCookies(cookies.map((cookie) => ({ ...cookie, url: baseURL! })));
    });
  },
});

/** Failed resource loads the app causes on purpose (a 401/403/404 it then handles; the 422 Clerk answers a wrong code with). */
function isExpectedConsoleError(text: string) {
  return /Failed to load resource: the server responded with a status of (401|403|404|409|422|429)/.test(text);
}

const require = createRequire(import.meta.url);

/** Runs axe-core in the page and returns violations of serious or critical impact. */
export async function seriousA11yViolations(page: Page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target) }));
}

/** What the e2e server's launcher exposes in its data folder: database and local Clerk URLs. */
export const e2eRuntime = () =>
  JSON.parse(fs.readFileSync('.data/e2e/runtime.json', 'utf8')) as { APP_URL: string; DATABASE_URL: string; CLERK_LOCAL_FAPI_URL: string };

/** Reads the e2e server's database directly, to check what webhooks and actions wrote. */
export async function queryDb<T extends Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const { default: pg } = await import('pg');
  const client = new pg.Client(e2eRuntime().DATABASE_URL);
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** Polls the database until `check` passes: webhooks arrive asynchronously, as in production. */
export async function eventually<T extends Record<string, unknown>>(text: string, values: unknown[], check: (rows: T[]) => boolean) {
  await expect.poll(async () => check(await queryDb<T>(text, values)), { timeout: 20_000 }).toBe(true);
}

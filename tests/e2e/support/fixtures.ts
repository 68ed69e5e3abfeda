import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Browser, type BrowserContext, type Locator, type Page, type Route } from '@playwright/test';
import { createClerkClient } from '@clerk/backend';
import { changeInstanceSettings, createLocalSession, type LocalSessionOptions } from '@saas-starter/local-clerk/testing';
import { LOCAL_SERVERS, PRODUCTION } from '../../../scripts/support/profiles';

export { expect };

export const DEMO_ACCOUNTS = {
  admin: 'admin@acme.test',
  manager: 'manager@acme.test',
  member: 'member@acme.test',
  outsider: 'outsider@globex.test',
} as const;
export type DemoAccount = keyof typeof DEMO_ACCOUNTS;
/** Each demo account's organization (lib/local-mode.ts). */
export const DEMO_ORGANIZATIONS: Record<DemoAccount, string> = { admin: 'acme', manager: 'acme', member: 'acme', outsider: 'globex' };
export const DEMO_PASSWORD = 'local-demo-password';
export const VERIFICATION_CODE = '424242';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
/** What a page loads on its own: any of these failing (a missing favicon) is a bug, whatever the console says. */
const ASSET_TYPES = new Set(['image', 'stylesheet', 'script', 'font', 'manifest']);

interface Fixtures {
  /** Signs in fast: local mode's Clerk stand-in creates a session and the test sets its cookies. */
  signInAs: (account: DemoAccount | { email: string }, options?: LocalSessionOptions) => Promise<void>;
  /** Requests that tried to leave the machine (aborted), console errors, CSP violations and failed assets, checked after each test. */
  offlineGuard: void;
}

/**
 * Watches every page of a browser context: requests leaving the machine are
 * aborted and recorded; console errors, uncaught errors and Content-Security-Policy
 * violations (the `securitypolicyviolation` event, also caught in report-only
 * mode, where the console stays quiet) and assets that fail to load (icons,
 * styles, scripts, fonts, manifest) are recorded. `assertClean` fails on any.
 */
export async function watchContext(context: BrowserContext) {
  const external: string[] = [];
  const consoleErrors: string[] = [];
  const cspViolations: string[] = [];
  const failedAssets: string[] = [];
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
      report(
        `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile || 'no source'}:${event.lineNumber}) ${event.sample}`,
      );
    });
  });
  const watchPage = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('response', (response) => {
      if (response.status() >= 400 && ASSET_TYPES.has(response.request().resourceType()))
        failedAssets.push(`${response.status()} ${response.url()}`);
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return {
    assertClean() {
      expect(external, 'requests that tried to leave the machine').toEqual([]);
      expect(cspViolations, 'Content-Security-Policy violations').toEqual([]);
      expect(
        consoleErrors.filter((text) => !isExpectedConsoleError(text)),
        'console errors',
      ).toEqual([]);
      expect(failedAssets, 'assets that failed to load').toEqual([]);
    },
  };
}

/**
 * Signs the browser out before another user signs in: leaves the page first, so
 * the open page's clerk-js cannot refresh the old session's cookie after the clear
 * (a race that once let an admin's token overwrite the next user's).
 */
export async function signOutBrowser(page: Page) {
  await page.goto('about:blank');
  await page.context().clearCookies();
}

/**
 * Creates an organization through Clerk's <CreateOrganization>, opened from the app's own
 * "Create organization" button on the current page (the chooser on /select-org or /dashboard),
 * optionally with a logo. Returns its slug once the app has opened it.
 */
export async function createOrganizationInClerk(page: Page, name: string, options: { logo?: Buffer } = {}) {
  await page
    .getByRole('main')
    .getByRole('button', { name: /create organization/i })
    .first()
    .click();
  if (options.logo)
    await page.locator('input[type="file"]').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: options.logo });
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page
    .getByRole('button', { name: /create organization/i })
    .last()
    .click();
  const skip = page.getByRole('button', { name: /skip/i });
  await expect(skip.or(page.getByRole('navigation', { name: 'Organization' }))).toBeVisible();
  if (await skip.isVisible()) await skip.click();
  await expect(page).toHaveURL(/\/org\/[a-z0-9-]+$/);
  return new URL(page.url()).pathname.split('/')[2]!;
}

export const test = base.extend<Fixtures>({
  offlineGuard: [
    async ({ context }, use) => {
      const watch = await watchContext(context);
      // Registered last, so they answer first: the key's Frontend API host is this machine's stand-in.
      if (isProduction()) await routeFrontendApi(context, e2eRuntime().fapiUrl);
      await use();
      watch.assertClean();
    },
    { auto: true },
  ],

  signInAs: async ({ page, baseURL }, use) => {
    await use((account, options = {}) => signInContext(page.context(), baseURL!, account, options));
  },
});

/** Failed resource loads the app causes on purpose (a 401/403/404 it then handles; the 422 Clerk answers a wrong code with). */
function isExpectedConsoleError(text: string) {
  return /Failed to load resource: the server responded with a status of (401|403|404|409|422|429)/.test(text);
}

const require = createRequire(import.meta.url);

/**
 * Waits for a page under <ClerkProvider> to settle: clerk-js has loaded (so Clerk's components have their
 * environment and client) and the page has painted twice since. A condition, where `networkidle` waited
 * for a lull in the network that a busy machine may never give or give too early.
 */
export async function clerkSettled(page: Page) {
  await page.waitForFunction(() => (window as { Clerk?: { loaded?: boolean } }).Clerk?.loaded === true);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

/**
 * Clicks once nothing on the page is animating. Clerk's components animate their sections open and
 * closed (the Web Animations API). Playwright waits for the button itself to stop moving, not for what
 * slides around it: a click then can press the button while a neighbour moves over it, and the release
 * lands on the neighbour, so no click happens and nothing is sent (seen 2026-12-05 on <UserProfile>'s
 * "Remove", 2 runs in 12).
 */
export async function clickWhenStill(target: Locator) {
  await expect
    .poll(() =>
      target
        .page()
        .evaluate(
          () =>
            document
              .getAnimations()
              .filter((animation) => animation.playState === 'running' && animation.effect?.getTiming().iterations !== Infinity).length,
        ),
    )
    .toBe(0);
  await target.click();
}

/** Runs axe-core in the page and returns violations of serious or critical impact. */
export async function seriousA11yViolations(page: Page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const results = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: Document,
            options: object,
          ) => Promise<{ violations: Array<{ id: string; impact: string | null; nodes: Array<{ target: unknown }> }> }>;
        };
      }
    ).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({ id: violation.id, impact: violation.impact, targets: violation.nodes.map((node) => node.target) }));
}

/**
 * Serious violations of ours: Clerk's own markup (class names `cl-*`) is Clerk's to fix. Its OrganizationSwitcher trigger's
 * aria-label ("Open organization switcher") does not contain its visible text (label-content-name-mismatch).
 */
export async function ourSeriousA11yViolations(page: Page) {
  return (await seriousA11yViolations(page)).filter(
    (violation) => !violation.targets.flat().every((target) => String(target).startsWith('.cl-')),
  );
}

/** The stand-in's client cookie; the production profile's dev browser token has the same value. */
const CLIENT_COOKIE = '__local_clerk_client';

/** Whether the running test belongs to the `production` profile (playwright.config.ts). */
export const isProduction = () => base.info().project.name === 'production';

/**
 * Sends the browser's requests for the publishable key's Frontend API host
 * (clerk-js, @clerk/ui, the API, the handshake) to the stand-in, as DNS and
 * Clerk's servers would: responses, redirects and headers pass unchanged.
 */
async function routeFrontendApi(context: BrowserContext, fapiUrl: string) {
  const fapiHost = PRODUCTION.frontendApiHost;
  const toStandIn = (url: string) => {
    const { pathname, search } = new URL(url);
    return new URL(`${pathname}${search}`, fapiUrl).toString();
  };
  await context.route(`https://${fapiHost}/**`, (route) =>
    settle(route, async () => route.fulfill({ response: await route.fetch({ url: toStandIn(route.request().url()), maxRedirects: 0 }) })),
  );
  // A page load the middleware sends to the Frontend API's handshake: a redirect the browser
  // follows to that host fails the navigation (net::ERR_NAME_NOT_RESOLVED, observed with
  // Playwright 1.65 and Chromium) although the route then answers it, so that leg is answered
  // here and the browser receives the handshake's redirect back to the app.
  await context.route(`${PRODUCTION.appUrl}/**`, async (route) => {
    if (!route.request().isNavigationRequest()) return route.fallback();
    await settle(route, async () => {
      const response = await route.fetch({ maxRedirects: 0 });
      const location = response.headers()['location'];
      const toHandshake = location && new URL(location, PRODUCTION.appUrl).host === fapiHost;
      await route.fulfill({ response: toHandshake ? await route.fetch({ url: toStandIn(location), maxRedirects: 0 }) : response });
    });
  });
}

/**
 * Answers a routed request, or fails it when that cannot be done (the test has
 * ended with the request in flight, the stand-in is down). A failed request is
 * still caught: the page logs it, and the guard fails the test on console errors.
 */
async function settle(route: Route, answer: () => Promise<void>) {
  try {
    await answer();
  } catch {
    await route.abort('failed').catch(() => undefined);
  }
}

interface E2eRuntime {
  APP_URL: string;
  DATABASE_URL: string;
  /** The Clerk stand-in's Frontend API, reached directly (test helpers). */
  fapiUrl: string;
  /** The stand-in's Backend API (`CLERK_API_URL` of the app). */
  bapiUrl: string;
  /** The stand-in's keys (`{ publishableKey, jwtPrivateKey, kid, ... }`), to forge tokens. */
  keysFile: string;
}

/** What the test's server exposes: the database and the Clerk stand-in (local mode's launcher writes `runtime.json` into its data folder). */
export function e2eRuntime(): E2eRuntime {
  if (isProduction()) {
    const runtime = JSON.parse(fs.readFileSync(PRODUCTION.runtimeFile, 'utf8')) as {
      APP_URL: string;
      DATABASE_URL: string;
      CLERK_FAPI_URL: string;
      CLERK_API_URL: string;
      CLERK_KEYS_FILE: string;
    };
    return {
      APP_URL: runtime.APP_URL,
      DATABASE_URL: runtime.DATABASE_URL,
      fapiUrl: runtime.CLERK_FAPI_URL,
      bapiUrl: runtime.CLERK_API_URL,
      keysFile: runtime.CLERK_KEYS_FILE,
    };
  }
  const project = base.info().project.name;
  const server = LOCAL_SERVERS.find((candidate) => candidate.project === project);
  if (!server) throw new Error(`Project ${project} has no e2e runtime: only the local and production profiles' servers write one`);
  const runtime = JSON.parse(fs.readFileSync(path.join(server.dataDir, 'runtime.json'), 'utf8')) as {
    APP_URL: string;
    DATABASE_URL: string;
    CLERK_LOCAL_FAPI_URL: string;
    CLERK_API_URL: string;
  };
  return {
    APP_URL: runtime.APP_URL,
    DATABASE_URL: runtime.DATABASE_URL,
    fapiUrl: runtime.CLERK_LOCAL_FAPI_URL,
    bapiUrl: runtime.CLERK_API_URL,
    keysFile: path.join(server.dataDir, 'local-clerk', 'keys.json'),
  };
}

/** The Clerk stand-in's keys of the running profile. */
export const clerkKeys = () =>
  JSON.parse(fs.readFileSync(e2eRuntime().keysFile, 'utf8')) as { jwtPrivateKey: string; kid: string; publishableKey: string };

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

/** The profile's Clerk Backend API (the stand-in's), as the app's server calls it. */
export function backendApi() {
  const { secretKey } = JSON.parse(fs.readFileSync(e2eRuntime().keysFile, 'utf8')) as { secretKey: string };
  return createClerkClient({ secretKey, apiUrl: e2eRuntime().bapiUrl });
}

/** The Dashboard settings the profile's Clerk plays (membership, MFA, token lifetime), changed first when given. */
export const instanceSettings = (settings: Parameters<typeof changeInstanceSettings>[1] = {}) =>
  changeInstanceSettings(e2eRuntime().fapiUrl, settings);

/** A new user with this password, in the app's database once its `user.created` webhook arrived. */
export async function newUser(firstName: string, password: string) {
  const email = `${firstName.toLowerCase()}-${Date.now().toString(36)}@example.test`;
  const user = await backendApi().users.createUser({ emailAddress: [email], password, firstName, lastName: 'Tester' });
  await eventually('select id from users where email = $1', [email], (rows) => rows.length === 1);
  return { id: user.id, email };
}

/**
 * Another browser for the same test (a second device), watched as the test's own: nothing leaves the
 * machine, and in the production profile the Frontend API host reaches the stand-in.
 */
export async function anotherBrowser(browser: Browser) {
  const context = await browser.newContext();
  const watch = await watchContext(context);
  if (isProduction()) await routeFrontendApi(context, e2eRuntime().fapiUrl);
  return { context, page: await context.newPage(), assertClean: watch.assertClean };
}

/** Signs a browser context in fast: the stand-in creates a session and the context gets its cookies (the `signInAs` fixture). */
export async function signInContext(
  context: BrowserContext,
  baseURL: string,
  account: DemoAccount | { email: string },
  options: LocalSessionOptions = {},
) {
  const email = typeof account === 'string' ? DEMO_ACCOUNTS[account] : account.email;
  // Where membership is required, the account has done the choose-organization task: an organization of its is active.
  const required = options.orgSlug === undefined && (await instanceSettings()).organizationMembership === 'required';
  const orgSlug = required
    ? typeof account === 'string'
      ? DEMO_ORGANIZATIONS[account]
      : await organizationAfterTask(email)
    : options.orgSlug;
  const { cookies } = await createLocalSession(e2eRuntime().fapiUrl, email, { ...options, orgSlug });
  // On a development instance the browser's identity at the Frontend API is its dev browser, which the app's `__clerk_db_jwt` cookie holds.
  const named = isProduction()
    ? cookies.map((cookie) => (cookie.name === CLIENT_COOKIE ? { ...cookie, name: '__clerk_db_jwt' } : cookie))
    : cookies;
  await context.addCookies(named.map((cookie) => ({ ...cookie, url: baseURL })));
}

/** The organization a user picks in the choose-organization task: their first, or one they create. */
async function organizationAfterTask(email: string): Promise<string> {
  const backend = backendApi();
  const [user] = (await backend.users.getUserList({ emailAddress: [email] })).data;
  if (!user) throw new Error(`No user with email ${email}`);
  const [membership] = (await backend.users.getOrganizationMembershipList({ userId: user.id })).data;
  if (membership) return membership.organization.slug;
  const organization = await backend.organizations.createOrganization({ name: `${user.firstName ?? 'New'} team`, createdBy: user.id });
  return organization.slug;
}

/** Clerk's <SignIn>, already open: email and password, then Continue. */
export async function fillSignIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
}

/** Clerk's <SignUp>, already open: the form, Continue, then the stand-in's verification code. */
export async function fillSignUp(page: Page, user: { firstName: string; lastName: string; email: string; password: string }) {
  await page.getByLabel('First name').fill(user.firstName);
  await page.getByLabel('Last name').fill(user.lastName);
  await page.getByLabel('Email address').fill(user.email);
  await page.getByLabel('Password', { exact: true }).fill(user.password);
  // The password's verdict opens below the field and pushes Continue down: a click before it lands on the verdict.
  await expect(page.locator('.cl-formFieldSuccessText__password')).toBeVisible();
  await clickWhenStill(page.getByRole('button', { name: 'Continue', exact: true }));
  await page.getByRole('textbox', { name: 'Enter verification code' }).pressSequentially(VERIFICATION_CODE);
}

/**
 * After a sign-in through Clerk's UI: where membership is required, Clerk's choose-organization
 * task comes first (in <SignIn>'s own flow, keeping its return URL); pick this organization there.
 */
export async function chooseOrganizationIfAsked(page: Page, organizationName: string) {
  if ((await instanceSettings()).organizationMembership !== 'required') return;
  await expect(page).toHaveURL(/\/tasks\/choose-organization/);
  await page.getByRole('main').getByRole('button', { name: organizationName, exact: false }).first().click();
}

/** After a sign-up through Clerk's UI: where membership is required, the task asks a user with no organization to create one. */
export async function createOrganizationIfAsked(page: Page, organizationName: string, { on = /\/tasks\/choose-organization/ } = {}) {
  if ((await instanceSettings()).organizationMembership !== 'required') return;
  await expect(page).toHaveURL(on);
  const main = page.getByRole('main');
  const submit = main.getByRole('button', { name: /continue|create organization/i });
  // Clerk may swap the task's form in as the previous task ends, dropping what was typed: type until it holds.
  await expect(async () => {
    await main.getByLabel('Name', { exact: true }).fill(organizationName);
    await expect(submit).toBeEnabled({ timeout: 1000 });
  }).toPass();
  await submit.click();
}

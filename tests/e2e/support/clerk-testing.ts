/**
 * Clerk's own Playwright helpers (`@clerk/testing/playwright`) against local mode, offline.
 *
 * Same names and calls as Clerk's; with a real Clerk instance, import them from
 * `@clerk/testing/playwright` instead. @clerk/testing 2.2 assumes Clerk's hosts in two places,
 * and this file bridges exactly those:
 * - `clerk.signIn({ emailAddress })` builds its Backend API client without `apiUrl`, so it
 *   would send the secret key to api.clerk.com. Here the sign-in token comes from the
 *   stand-in's Backend API, then Clerk's own ticket sign-in runs in the page.
 * - `setupClerkTestingToken` adds the testing token only to `https://<Frontend API host>/v1/`;
 *   local mode's clerk-js calls the app's own proxy (`/clerk-fapi/v1/...`), which gets it too.
 * `clerkSetup()` is Clerk's, pointed at the stand-in's Backend API. Every URL used is
 * checked to be loopback: the local secret key never leaves the machine.
 */
import fs from 'node:fs';
import { createClerkClient } from '@clerk/backend';
import { clerk as clerkHelpers, clerkSetup as clerkSetupOnline, setupClerkTestingToken as setupOnline } from '@clerk/testing/playwright';
import type { BrowserContext, Page } from '@playwright/test';
import { LOCAL_FAPI_PATH } from '@/lib/auth/routes';
import { e2eRuntime } from './fixtures';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The running stand-in's keys and Backend API, as the e2e server's launcher wrote them. */
function localClerk() {
  const { keysFile, bapiUrl: apiUrl } = e2eRuntime();
  const { publishableKey, secretKey } = JSON.parse(fs.readFileSync(keysFile, 'utf8')) as { publishableKey: string; secretKey: string };
  if (!LOOPBACK.has(new URL(apiUrl).hostname))
    throw new Error(`CLERK_API_URL (${apiUrl}) is not loopback: refusing to send the secret key there`);
  return { publishableKey, secretKey, apiUrl };
}

/** Clerk's `clerkSetup()`: fetches a testing token from the stand-in (sets CLERK_FAPI and CLERK_TESTING_TOKEN). */
export async function clerkSetup() {
  const { publishableKey, secretKey, apiUrl } = localClerk();
  // clerkSetup's Backend API client honours CLERK_API_URL; a token from a .env would be another instance's.
  process.env.CLERK_API_URL = apiUrl;
  delete process.env.CLERK_TESTING_TOKEN;
  await clerkSetupOnline({ publishableKey, secretKey, dotenv: false });
}

const bridged = new WeakSet<BrowserContext>();

/** Clerk's `setupClerkTestingToken`, plus the same for the app's Frontend API proxy. */
export async function setupClerkTestingToken({ page, context }: { page?: Page; context?: BrowserContext }) {
  const target = context ?? page?.context();
  if (!target) throw new Error('setupClerkTestingToken: pass a page or a context');
  if (!process.env.CLERK_TESTING_TOKEN)
    throw new Error('CLERK_TESTING_TOKEN is not set. Fix: call clerkSetup() first (in beforeAll or a global setup)');
  await setupOnline({ context: target });
  if (bridged.has(target)) return;
  bridged.add(target);
  await target.route(
    (url) => LOOPBACK.has(url.hostname) && url.pathname.startsWith(`${LOCAL_FAPI_PATH}/v1/`),
    (route) => {
      const url = new URL(route.request().url());
      url.searchParams.set('__clerk_testing_token', process.env.CLERK_TESTING_TOKEN!);
      return route.fallback({ url: url.toString() });
    },
  );
}

/** `clerk.signIn`'s two forms (overloads): Clerk's sign-in parameters (password, ticket, ...) or an email address alone. */
type SignInArgs = typeof clerkHelpers.signIn extends { (args: infer A): Promise<void>; (args: infer B): Promise<void> } ? A | B : never;

/** Clerk's `clerk` helpers: `loaded` and `signOut` as they are, `signIn` bridged. */
export const clerk = {
  loaded: clerkHelpers.loaded,
  signOut: clerkHelpers.signOut,
  async signIn(args: SignInArgs) {
    await setupClerkTestingToken({ page: args.page });
    if (!('emailAddress' in args)) return clerkHelpers.signIn(args);
    // What Clerk's helper does for an email address, with the stand-in's Backend API.
    const { secretKey, apiUrl } = localClerk();
    const backend = createClerkClient({ secretKey, apiUrl });
    const [user] = (await backend.users.getUserList({ emailAddress: [args.emailAddress] })).data;
    if (!user) throw new Error(`No user found with email: ${args.emailAddress}`);
    const { token } = await backend.signInTokens.createSignInToken({ userId: user.id, expiresInSeconds: 300 });
    await clerkHelpers.signIn({ page: args.page, signInParams: { strategy: 'ticket', ticket: token } });
    await args.page.waitForFunction(() => window.Clerk?.user != null);
  },
};

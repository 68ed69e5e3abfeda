/**
 * What an app sets to use the stand-in from a plain browser, in the names of
 * `@clerk/nextjs` (any clerk-js app takes the same values under its own names).
 * `local-clerk serve` prints them as dotenv lines, and as `env` with `--json`.
 */
import { pageUrl, type Instance } from './instance';
import { instanceTypeOf, type LocalClerkKeys } from './keys';

export interface AppEnvironmentInput {
  keys: LocalClerkKeys;
  instance: Instance;
  bapiUrl: string;
  /** Webhooks are sent: the app verifies them with the signing secret. */
  webhooks: boolean;
}

export function appEnvironment({ keys, instance, bapiUrl, webhooks }: AppEnvironmentInput): Record<string, string> {
  // On the app's loopback host name: 127.0.0.1 for a localhost app would be another site, and its SameSite=Lax cookies lost.
  const fapi = instance.publicFrontendApiUrl.replace(/\/$/, '');
  const { paths } = instance.config;
  // An app's own page as its path; the Account Portal's (the stand-in's hosted page) in full.
  const page = (name: 'signIn' | 'signUp') => paths[name] ?? pageUrl(paths, name, instance.appUrl, fapi);
  return {
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: keys.publishableKey,
    CLERK_SECRET_KEY: keys.secretKey,
    // clerk-js calls the Frontend API here, not at the key's host (which does not resolve)...
    NEXT_PUBLIC_CLERK_PROXY_URL: fapi,
    // ...and loads itself and @clerk/ui from here, not from Clerk's CDN.
    NEXT_PUBLIC_CLERK_JS_URL: `${fapi}/npm/clerk.browser.js`,
    NEXT_PUBLIC_CLERK_UI_URL: `${fapi}/npm/ui.browser.js`,
    // Where the server's redirects to sign in go (`auth.protect()`); the environment names the same pages to clerk-js.
    NEXT_PUBLIC_CLERK_SIGN_IN_URL: page('signIn'),
    NEXT_PUBLIC_CLERK_SIGN_UP_URL: page('signUp'),
    CLERK_API_URL: bapiUrl,
    // Session tokens verify with this key, without fetching the JWKS.
    CLERK_JWT_KEY: keys.jwtPublicKey.trim(),
    ...(webhooks && { CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret }),
    // A development instance's clerk-js reports telemetry to Clerk: off, so nothing leaves the machine.
    ...(instanceTypeOf(keys) === 'development' && { NEXT_PUBLIC_CLERK_TELEMETRY_DISABLED: '1' }),
  };
}

/** Dotenv lines (`.env.local`): a value with line breaks double-quoted, its breaks as `\n`, as dotenv reads them back. */
export const dotenvLines = (env: Record<string, string>) =>
  Object.entries(env).map(([name, value]) => (value.includes('\n') ? `${name}="${value.replaceAll('\n', '\\n')}"` : `${name}=${value}`));

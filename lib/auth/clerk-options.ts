import 'server-only';
import { env } from '@/lib/env/server';

/**
 * Options for clerkMiddleware, read at request time so a build and a start
 * may differ (local mode's keys live in the data folder, not the bundle).
 * `jwtKey` makes session verification networkless.
 */
export const clerkServerOptions = () => ({
  publishableKey: env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
  secretKey: env.CLERK_SECRET_KEY,
  jwtKey: env.CLERK_JWT_KEY,
  apiUrl: env.CLERK_API_URL,
  signInUrl: env.NEXT_PUBLIC_CLERK_SIGN_IN_URL,
  signUpUrl: env.NEXT_PUBLIC_CLERK_SIGN_UP_URL,
  proxyUrl: env.localMode ? '/clerk-fapi' : undefined,
  organizationSyncOptions: { organizationPatterns: ['/org/:slug', '/org/:slug/(.*)'] },
});

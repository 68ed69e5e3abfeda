import { contentSecurityPolicy } from '@/lib/security/csp';
import { normalizePem } from './pem';
import { LOCAL_FAPI_PATH, ORG_ROUTES, SIGN_IN_PATH, SIGN_UP_PATH } from './routes';

/**
 * Options for clerkMiddleware, read at request time so a build and a start
 * may differ (local mode's keys live in the data folder, not the bundle).
 * `jwtKey` makes session verification networkless.
 *
 * The secret key is not passed: the SDK reads CLERK_SECRET_KEY itself, and a
 * secret passed here must be encrypted with CLERK_ENCRYPTION_KEY.
 *
 * Reads process.env directly: the values were validated by the launcher
 * (lib/env) before Next started, and zod would add ~40 KiB to the edge bundle.
 */
export function clerkServerOptions() {
  const localMode = process.env.CLERK_LOCAL_MODE === '1';
  const jwtKey = process.env.CLERK_JWT_KEY;
  // Named in full: Next inlines NEXT_PUBLIC_ variables where the code names them.
  const publishableKey = process.env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY;
  return {
    publishableKey,
    jwtKey: jwtKey ? normalizePem(jwtKey) : undefined,
    apiUrl: process.env.CLERK_API_URL || undefined,
    // Tokens minted for another origin of the same Clerk instance are refused (`azp` check).
    authorizedParties: process.env.CLERK_AUTHORIZED_PARTIES?.split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
    signInUrl: process.env.NEXT_PUBLIC_CLERK_SIGN_IN_URL || SIGN_IN_PATH,
    signUpUrl: process.env.NEXT_PUBLIC_CLERK_SIGN_UP_URL || SIGN_UP_PATH,
    proxyUrl: localMode ? LOCAL_FAPI_PATH : undefined,
    organizationSyncOptions: { organizationPatterns: ORG_ROUTES },
    contentSecurityPolicy: contentSecurityPolicy({ ...process.env, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: publishableKey }),
  };
}

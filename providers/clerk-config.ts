import 'server-only';
import { getAutoProxyUrlFromEnvironment } from '@clerk/shared/proxy';
import { LOCAL_FAPI_PATH } from '@/lib/auth/routes';
import { env } from '@/lib/env/server';

/**
 * How this app configures Clerk's provider: plain props, so the landing page can
 * hand them to its sign-in island without importing Clerk's provider (which
 * would ship Clerk's React code to every visitor).
 */
export function clerkProviderConfig() {
  return {
    publishableKey: env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY,
    // Clerk's auto-proxy (/__clerk on a *.vercel.app production deployment) is decided from server-only
    // variables (VERCEL_TARGET_ENV): decided here, so the landing page's client-side provider gets it too.
    proxyUrl: env.localMode
      ? LOCAL_FAPI_PATH
      : getAutoProxyUrlFromEnvironment({ publishableKey: env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY ?? '' }) || undefined,
    signInUrl: env.NEXT_PUBLIC_CLERK_SIGN_IN_URL,
    signUpUrl: env.NEXT_PUBLIC_CLERK_SIGN_UP_URL,
    signInFallbackRedirectUrl: env.NEXT_PUBLIC_CLERK_SIGN_IN_FALLBACK_REDIRECT_URL,
    signUpFallbackRedirectUrl: env.NEXT_PUBLIC_CLERK_SIGN_UP_FALLBACK_REDIRECT_URL,
    afterSignOutUrl: '/',
  };
}
export type ClerkProviderConfig = ReturnType<typeof clerkProviderConfig>;

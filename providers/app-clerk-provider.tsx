import { ClerkProvider } from '@clerk/nextjs';
import { shadcn } from '@clerk/ui/themes';
import { LOCAL_FAPI_PATH } from '@/lib/auth/routes';
import { env } from '@/lib/env/server';

/**
 * Clerk's provider as this app configures it: the (app) root layout's, and the
 * landing page's while its sign-in modal is open. `dynamic` hands the server's
 * auth state to the client, so hooks know who is signed in before clerk-js loads.
 */
export function AppClerkProvider({ children }: { children: React.ReactNode }) {
  return (
    <ClerkProvider
      dynamic
      publishableKey={env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY}
      proxyUrl={env.localMode ? LOCAL_FAPI_PATH : undefined}
      signInUrl={env.NEXT_PUBLIC_CLERK_SIGN_IN_URL}
      signUpUrl={env.NEXT_PUBLIC_CLERK_SIGN_UP_URL}
      signInFallbackRedirectUrl={env.NEXT_PUBLIC_CLERK_SIGN_IN_FALLBACK_REDIRECT_URL}
      signUpFallbackRedirectUrl={env.NEXT_PUBLIC_CLERK_SIGN_UP_FALLBACK_REDIRECT_URL}
      afterSignOutUrl="/"
      appearance={{ theme: shadcn }}
    >
      {children}
    </ClerkProvider>
  );
}

import { ClerkProvider } from '@clerk/nextjs';
import { shadcn } from '@clerk/ui/themes';
import { Toaster } from 'sonner';
import { LocalModeBanner } from '@/components/local-mode-banner';
import { SignInModal } from '@/components/sign-in-modal';
import { ThemeScript } from '@/components/theme';
import { LOCAL_FAPI_PATH } from '@/lib/auth/routes';
import { env } from '@/lib/env/server';
import { cspNonce } from '@/lib/security/nonce';
import { siteMetadata } from '@/lib/site-metadata';
import '../globals.css';

export const generateMetadata = siteMetadata;

/**
 * The app's root layout: auth pages and everything signed in, under
 * <ClerkProvider>. `dynamic` hands the server's auth state to the client, so
 * hooks know who is signed in before clerk-js loads.
 */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={await cspNonce()} />
      </head>
      <body className="min-h-dvh antialiased">
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
          <LocalModeBanner />
          {children}
          <SignInModal />
          {/* Bottom corner: the header's organization switcher and user menu stay reachable while a toast shows. */}
          <Toaster richColors closeButton position="bottom-right" />
        </ClerkProvider>
      </body>
    </html>
  );
}

import { AppClerkProvider } from '@/providers/app-clerk-provider';
import { LocalModeBanner } from '@/components/local-mode-banner';
import { SignInModal } from '@/components/sign-in-modal';
import { ThemeScript } from '@/components/theme';
import { Toaster } from '@/components/toaster';
import { cspNonce } from '@/lib/security/nonce';
import { siteMetadata } from '@/lib/site-metadata';
import '../globals.css';

export const generateMetadata = siteMetadata;

/** The app's root layout: auth pages and everything signed in, under <ClerkProvider>. */
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={await cspNonce()} />
      </head>
      <body className="min-h-dvh antialiased">
        <AppClerkProvider>
          <LocalModeBanner />
          {children}
          <SignInModal />
          {/* Bottom corner: the header's organization switcher and user menu stay reachable while a toast shows. */}
          <Toaster richColors closeButton position="bottom-right" />
        </AppClerkProvider>
      </body>
    </html>
  );
}

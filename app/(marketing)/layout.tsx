import { ThemeScript } from '@/components/theme';
import { cspNonce } from '@/lib/security/nonce';
import { siteMetadata } from '@/lib/site-metadata';
import '../globals.css';

export const generateMetadata = siteMetadata;

/**
 * The public pages' root layout: server-rendered, no Clerk client JS. Auth state
 * is read on the server with `auth()`; ClerkProvider lives in the (app) group
 * (and on the landing page only while `?sign-in=true` opens its sign-in modal,
 * loaded lazily by components/sign-in-island.tsx).
 */
export default async function MarketingLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={await cspNonce()} />
      </head>
      <body className="min-h-dvh antialiased">{children}</body>
    </html>
  );
}

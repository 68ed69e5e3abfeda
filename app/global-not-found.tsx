import type { Metadata } from 'next';
import Link from 'next/link';
import { ThemeScript } from '@/components/theme';
import { cspNonce } from '@/lib/security/nonce';
import { buttonClass } from '@/components/ui/button';
import './globals.css';

export const metadata: Metadata = { title: 'Page not found' };

export default async function GlobalNotFound() {
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript nonce={await cspNonce()} />
      </head>
      <body className="grid min-h-dvh place-items-center px-4 antialiased">
        <main className="text-center">
          <p className="text-sm font-semibold text-primary">404</p>
          <h1 className="mt-2 text-3xl font-bold tracking-tight">Page not found</h1>
          <p className="mt-2 text-muted-foreground">The page you are looking for does not exist or has moved.</p>
          <Link href="/" className={`${buttonClass()} mt-6`}>
            Go home
          </Link>
        </main>
      </body>
    </html>
  );
}

import { SignOutButton } from '@clerk/nextjs';
import { ShieldX } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AppHeader } from '@/components/app-header';
import { AuthPageShell } from '@/components/auth-page-shell';
import { Button, buttonClass } from '@/components/ui/button';
import { AFTER_AUTH_PATH, SIGN_IN_PATH, UNAUTHORIZED_PATH } from '@/lib/auth/routes';
import { getSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Not allowed' };

/**
 * Where a refused page sends a signed-in user. It keeps the app's header (and
 * so the user menu); "Switch account" signs out, then opens sign-in.
 */
export default async function UnauthorizedPage() {
  const userId = (await getSession())?.userId;
  const notice = (
    <div className="max-w-md text-center">
      <ShieldX className="mx-auto size-10 text-destructive" aria-hidden />
      <h1 className="mt-4 text-2xl font-semibold">You don&apos;t have access to that page</h1>
      <p className="mt-2 text-muted-foreground">Your role does not allow it. Ask an admin for access, or sign in with another account.</p>
      <div className="mt-6 flex flex-wrap justify-center gap-3">
        <Link href={AFTER_AUTH_PATH} className={buttonClass()}>
          Back to dashboard
        </Link>
        {userId ? (
          <SignOutButton redirectUrl={SIGN_IN_PATH}>
            <Button variant="outline">Switch account</Button>
          </SignOutButton>
        ) : (
          // Opens Clerk's <SignIn> in a modal on this page (components/sign-in-modal.tsx).
          <Link href={`${UNAUTHORIZED_PATH}?sign-in=true`} className={buttonClass('outline')}>
            Sign in
          </Link>
        )}
      </div>
    </div>
  );
  if (!userId) return <AuthPageShell>{notice}</AuthPageShell>;
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader />
      <main className="flex flex-1 items-start justify-center px-4 py-12">{notice}</main>
    </div>
  );
}

import { ShieldX } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthPageShell } from '@/components/auth-page-shell';
import { buttonClass } from '@/components/ui/button';

export const metadata: Metadata = { title: 'Not allowed' };

export default function UnauthorizedPage() {
  return (
    <AuthPageShell>
      <div className="max-w-md text-center">
        <ShieldX className="mx-auto size-10 text-destructive" aria-hidden />
        <h1 className="mt-4 text-2xl font-semibold">You don&apos;t have access to that page</h1>
        <p className="mt-2 text-muted-foreground">Your role does not allow it. Ask an admin for access, or sign in with another account.</p>
        <div className="mt-6 flex justify-center gap-3">
          <Link href="/dashboard" className={buttonClass()}>Back to dashboard</Link>
          <Link href="/unauthorized?sign-in=true" className={buttonClass('outline')}>Switch account</Link>
        </div>
      </div>
    </AuthPageShell>
  );
}

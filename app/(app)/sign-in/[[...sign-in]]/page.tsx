import { SignIn } from '@clerk/nextjs';
import type { Metadata } from 'next';
import { AuthPageShell } from '@/components/auth-page-shell';
import { safeReturnPath } from '@/lib/auth/routes';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ redirect_url?: string | string[] }> }) {
  const { redirect_url } = await searchParams;
  return (
    <AuthPageShell>
      <SignIn routing="path" path="/sign-in" signUpUrl="/sign-up" forceRedirectUrl={safeReturnPath(redirect_url)} />
    </AuthPageShell>
  );
}

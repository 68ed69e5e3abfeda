import { SignUp } from '@clerk/nextjs';
import type { Metadata } from 'next';
import { AuthPageShell } from '@/components/auth-page-shell';
import { safeReturnPath } from '@/lib/auth/routes';

export const metadata: Metadata = { title: 'Sign up' };

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ redirect_url?: string | string[] }> }) {
  const { redirect_url } = await searchParams;
  return (
    <AuthPageShell>
      <SignUp routing="path" path="/sign-up" signInUrl="/sign-in" forceRedirectUrl={safeReturnPath(redirect_url)} />
    </AuthPageShell>
  );
}

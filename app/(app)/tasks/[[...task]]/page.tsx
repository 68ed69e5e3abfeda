import type { Metadata } from 'next';
import { AuthPageShell } from '@/components/auth-page-shell';
import { SessionTask } from '@/components/session-task';
import { safeReturnPath } from '@/lib/auth/routes';

export const metadata: Metadata = { title: 'One more step' };

/**
 * Where the middleware sends a pending session (a session task to finish: choose an organization,
 * reset a compromised password, set up MFA), with the page it asked for in `redirect_url`.
 */
export default async function SessionTasksPage({ searchParams }: { searchParams: Promise<{ redirect_url?: string | string[] }> }) {
  const { redirect_url } = await searchParams;
  return (
    <AuthPageShell>
      <SessionTask returnTo={safeReturnPath(redirect_url)} />
    </AuthPageShell>
  );
}

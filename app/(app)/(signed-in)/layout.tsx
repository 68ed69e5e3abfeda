import { AppHeader } from '@/components/app-header';
import { LazyImpersonationBanner } from '@/components/auth/lazy-impersonation-banner';
import { PermissionsBoundary } from '@/components/auth/permissions-boundary';
import { impersonationLabels } from '@/lib/admin/impersonation';
import { getSession } from '@/lib/auth/session';
import { db } from '@/lib/db';

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  // While an admin acts as the user (Clerk's `act` claim), every page says so, with the way out.
  const session = await getSession();
  const impersonation =
    session?.actor?.type === 'impersonator'
      ? await impersonationLabels(db, { actorId: session.actor.userId, userId: session.userId })
      : null;
  return (
    <div className="flex min-h-dvh flex-col">
      {impersonation && <LazyImpersonationBanner actor={impersonation.actor} user={impersonation.user} />}
      <AppHeader />
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        <PermissionsBoundary>{children}</PermissionsBoundary>
      </main>
    </div>
  );
}

'use client';

import { useClerk } from '@clerk/nextjs';
import { Button } from '@/components/ui/button';
import { useActionRunner } from '@/hooks/use-action-runner';
import { useHydrated } from '@/hooks/use-hydrated';
import { startImpersonationAction } from '@/lib/admin/actions';

/**
 * Sign in as this user (Clerk's actor token): the admin's own session ends, and the token's link
 * signs the admin in as the user through Clerk's <SignIn>, with `act` in the session.
 */
export function ImpersonateButton({ userId, userLabel }: { userId: string; userLabel: string }) {
  const clerk = useClerk();
  const { pending, run } = useActionRunner();
  const hydrated = useHydrated();

  async function impersonate() {
    const result = await run(() => startImpersonationAction({ userId }), `Signing in as ${userLabel}…`);
    if (result.ok) await clerk.signOut({ redirectUrl: result.data.url });
  }

  return (
    <Button size="sm" variant="outline" onClick={impersonate} disabled={pending || !hydrated} aria-label={`Impersonate ${userLabel}`}>
      {pending ? 'Starting…' : 'Impersonate'}
    </Button>
  );
}

'use client';

import { useClerk } from '@clerk/nextjs';
import { Button } from '@/components/ui/button';
import { useActionRunner } from '@/hooks/use-action-runner';
import { useHydrated } from '@/hooks/use-hydrated';
import { stopImpersonationAction } from '@/lib/admin/actions';

/** On every signed-in page while an admin acts as someone: who, whom, and the way out (sign out, then back to /admin). */
export function ImpersonationBanner({ actor, user }: { actor: string; user: string }) {
  const clerk = useClerk();
  const { pending, run } = useActionRunner();
  const hydrated = useHydrated();

  async function stop() {
    const result = await run(() => stopImpersonationAction({}), 'Impersonation ended.');
    if (result.ok) await clerk.signOut({ redirectUrl: `/sign-in?redirect_url=${encodeURIComponent('/admin')}` });
  }

  return (
    <div
      role="status"
      aria-label="Impersonation"
      className="border-b border-amber-300 bg-amber-100 px-4 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <div className="mx-auto flex w-full max-w-6xl flex-wrap items-center justify-between gap-2">
        <p>
          <strong>{actor}</strong> is impersonating <strong>{user}</strong>. Role changes, deletions, billing and API keys are refused.
        </p>
        <Button size="sm" variant="outline" onClick={stop} disabled={pending || !hydrated}>
          {pending ? 'Stopping…' : 'Stop impersonating'}
        </Button>
      </div>
    </div>
  );
}

'use client';

import { useClerk } from '@clerk/nextjs';
import { isReverificationCancelledError } from '@clerk/nextjs/errors';
import { useRouter } from 'next/navigation';
import { useTransition } from 'react';
import { toast } from 'sonner';
import type { ActionResult } from '@/lib/actions/result';
import { useOptionalOrgContext } from './use-org-context';

/**
 * The house style for every client write: a server action (an `actions.ts` in lib,
 * wrapped by `action()`), run through this hook. A success toast and
 * a refresh of the server components on success, an error toast on failure.
 * The result comes back so forms can show field errors inline.
 *
 * On an organization's pages, two tabs on two organizations share one session. When another tab made its
 * organization the active one, the server refuses (`organization_changed`);
 * this tab then makes its own organization active again and retries once, so
 * each tab acts on the organization it shows.
 */
export function useActionRunner() {
  const router = useRouter();
  const clerk = useClerk();
  const orgId = useOptionalOrgContext()?.orgId;
  const [pending, startTransition] = useTransition();
  const freshSessionToken = () => clerk.session?.getToken().catch(() => null) ?? Promise.resolve(null);

  const run = <T>(call: () => Promise<ActionResult<T>>, success: string | ((data: T) => string)) =>
    new Promise<ActionResult<T>>((resolve) => {
      startTransition(async () => {
        // Session tokens live 60 s and a sleeping tab stops clerk-js refreshing its cookie: a server action
        // (a POST, which Clerk cannot refresh with a handshake) carries a fresh one. A no-op while fresh.
        const attempt = () =>
          freshSessionToken()
            .then(() => call())
            .catch((cause): ActionResult<T> =>
              isReverificationCancelledError(cause)
                ? { ok: false, code: 'reverification_cancelled', error: 'Nothing changed: confirming it is you was cancelled.' }
                : { ok: false, code: 'network_error', error: 'Could not reach the server. Check your connection and try again.' },
            );
        let result = await attempt();
        if (!result.ok && result.code === 'organization_changed' && orgId) {
          const reactivated = await clerk.setActive({ organization: orgId }).then(
            () => true,
            () => false,
          );
          if (reactivated) result = await attempt();
        }
        if (result.ok) {
          toast.success(typeof success === 'function' ? success(result.data) : success);
          router.refresh();
        } else if (result.code === 'organization_changed') {
          toast.error(result.error, { action: { label: 'Reload', onClick: () => window.location.reload() } });
        } else {
          toast.error(result.error);
        }
        resolve(result);
      });
    });

  return { pending, run };
}

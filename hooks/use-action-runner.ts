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
  const freshSessionToken = () => clerk.session?.getToken({ skipCache: true }).catch(() => null) ?? Promise.resolve(null);

  /** `refresh: false` when the page itself is gone after success (a deletion that navigates away): refreshing it would race that navigation. */
  const run = <T>(call: () => Promise<ActionResult<T>>, success: string | ((data: T) => string), { refresh = true } = {}) =>
    new Promise<ActionResult<T>>((resolve) => {
      startTransition(async () => {
        // A server action is a POST, which Clerk cannot refresh with a handshake, so it carries a token minted now:
        // a cached one may have expired (60 s; a sleeping tab stops clerk-js refreshing its cookie) or predate
        // `__client_uat` (another tab's handshake switched organization), and the middleware would then sign it out.
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
          if (refresh) router.refresh();
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

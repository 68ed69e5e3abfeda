import 'server-only';
import { z } from 'zod';
import { action } from '@/lib/actions/action';
import type { OrgSessionContext } from '@/lib/auth/guards';
import { AppError } from '@/lib/errors';
import type { ActionLimit } from '@/lib/actions/limits';

/**
 * `action()` for pages under /org/[slug]. The organization still comes from
 * the session; the page's slug only has to agree with it. When another tab
 * switched the session to a different organization, the action is refused
 * instead of landing in the wrong one.
 */
export function orgAction<S extends z.ZodType<object>, T>(
  limit: ActionLimit,
  schema: S,
  guard: () => Promise<OrgSessionContext>,
  run: (input: z.output<S>, session: OrgSessionContext) => Promise<T>,
) {
  return action(limit, z.intersection(z.object({ orgSlug: z.string() }), schema), guard, (input, session) => {
    if (input.orgSlug !== session.orgSlug) {
      throw new AppError('organization_changed', 'Your active organization changed in another tab. Reload this page to continue here.');
    }
    return run(input, session);
  });
}

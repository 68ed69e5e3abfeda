import 'server-only';
import { z } from 'zod';
import { reverificationError } from '@clerk/nextjs/server';
import { SENSITIVE_REVERIFICATION } from '@/lib/auth/guards';
import { AppError } from '@/lib/errors';
import { retryAfterSeconds } from '@/lib/rate-limit/core';
import { limitAction, type ActionLimit } from './limits';
import type { ActionResult } from './result';
import { reportError } from '@/lib/observability/report';

export type { ActionResult };

/**
 * One line per server action: `export const createProject = action('projects', schema, guard, (input, session) => ...)`.
 * The guard runs first, then the user's call is counted against the named
 * limit (lib/actions/limits.ts), then input is zod-parsed. Failures come back
 * as typed results (never thrown across the wire) with the same codes the APIs
 * use; over the limit, `rate_limited` with `retryAfter` in seconds.
 */
export function action<S extends z.ZodType, Session extends { userId: string }, T>(
  limit: ActionLimit,
  schema: S,
  guard: () => Promise<Session>,
  run: (input: z.infer<S>, session: Session) => Promise<T>,
) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    let session: Session | undefined;
    try {
      session = await guard();
      const counted = await limitAction(limit, session.userId);
      if (counted && !counted.success) {
        const retryAfter = retryAfterSeconds(counted, Date.now());
        return { ok: false, code: 'rate_limited', error: `Too many attempts. Try again in ${retryAfter} s.`, retryAfter };
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        return {
          ok: false,
          code: 'invalid_request',
          error: 'Check the highlighted fields.',
          fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
        };
      }
      return { ok: true, data: await run(parsed.data, session) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'reverification_required') {
        // Clerk's hint too: useReverification() shows its modal and calls the action again.
        return { ok: false, code: error.code, error: error.message, ...reverificationError(SENSITIVE_REVERIFICATION) };
      }
      if (error instanceof AppError)
        return { ok: false, code: error.code, error: error.message, ...(error.detail ? { detail: error.detail } : {}) };
      const orgId = (session as { orgId?: string | null } | undefined)?.orgId ?? undefined;
      void reportError(error, { kind: 'action', action: limit, userId: session?.userId, orgId });
      return { ok: false, code: 'internal_error', error: 'Something went wrong on our side. Try again.' };
    }
  };
}

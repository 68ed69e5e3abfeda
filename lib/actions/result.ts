import type { reverificationError } from '@clerk/nextjs/server';

/** What a server action answers (lib/actions/action.ts): never thrown across the wire. */
export type ActionResult<T> =
  | { ok: true; data: T }
  | ({
      ok: false;
      error: string;
      /** The APIs' codes (lib/errors.ts: `forbidden`, `not_found`, …); `rate_limited` comes with `retryAfter`. */
      code: string;
      /** The code of the service that refused (Clerk's `duplicate_record`), when it was not the app. */
      detail?: string;
      fieldErrors?: Record<string, string[] | undefined>;
      /** Seconds until the action's limit allows another call. */
      retryAfter?: number;
    } & Partial<ReturnType<typeof reverificationError>>);

export type InlineErrors = Record<string, string | undefined>;

/**
 * Errors to show inline: the first validation message per field, and any
 * other refusal under `otherField` when given (else it is only toasted).
 */
export function inlineErrors(result: ActionResult<unknown>, otherField?: string): InlineErrors {
  if (result.ok) return {};
  if (result.fieldErrors) return Object.fromEntries(Object.entries(result.fieldErrors).map(([field, messages]) => [field, messages?.[0]]));
  return otherField ? { [otherField]: result.error } : {};
}

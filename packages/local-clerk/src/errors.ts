import type { z } from 'zod';

/** An error in Clerk's API format: `{ errors: [{ code, message, long_message, meta }] }`. */
export class ClerkApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly longMessage = message,
    readonly meta: Record<string, unknown> = {},
  ) {
    super(message);
  }

  toJSON() {
    return { errors: [{ code: this.code, message: this.message, long_message: this.longMessage, meta: this.meta }] };
  }
}

export const notFound = (what = 'resource') =>
  new ClerkApiError(404, 'resource_not_found', 'not found', `The requested ${what} could not be found.`);

/** A 422 tied to one form field, as Clerk's components show it beside that field. */
export const invalidParam = (paramName: string, code: string, message: string, longMessage = message) =>
  new ClerkApiError(422, code, message, longMessage, { param_name: paramName });

/** A field the instance does not take (an attribute it has off), as Clerk refuses it. */
export const unknownParam = (paramName: string) =>
  invalidParam(paramName, 'form_param_unknown', 'is unknown', `${paramName} is not a valid parameter for this request.`);

export const missingParam = (paramName: string) =>
  invalidParam(paramName, 'form_param_missing', `${paramName} is missing`, `${paramName} must be included.`);

/** Validates a request body; the first problem becomes a 422 on its field, as Clerk reports it. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.join('.') || 'body';
  throw invalidParam(param, 'form_param_format_invalid', `${param} is invalid`, issue.message);
}

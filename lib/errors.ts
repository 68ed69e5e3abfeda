/**
 * The one application error. Domain code (lib/projects, lib/organizations,
 * lib/admin, lib/auth's guards) throws it with a code; the route wrapper
 * (lib/http/handler.ts) and the action wrapper (lib/actions/action.ts)
 * translate it for the wire. Nothing here knows about HTTP requests.
 */
export const ERROR_STATUS = {
  invalid_request: 400,
  confirmation_mismatch: 400,
  unauthenticated: 401,
  /** An API key that is unknown, revoked or expired (Clerk answers the three alike). */
  api_key_invalid: 401,
  /** A bearer that starts like an API key (`ak_`) but cannot be one: no call to Clerk is made. */
  api_key_malformed: 401,
  /** An API key sent to a route that takes sessions only. */
  api_key_not_accepted: 401,
  // Payment Required: the role allows it, the plan does not.
  upgrade_required: 402,
  forbidden: 403,
  no_active_organization: 403,
  reverification_required: 403,
  /** A sensitive action (isSensitive in lib/auth/permissions.ts) while an admin impersonates the user. */
  impersonation_refused: 403,
  not_found: 404,
  conflict: 409,
  slug_taken: 409,
  last_admin: 409,
  not_synced: 409,
  organization_changed: 409,
  invitation_not_pending: 409,
  /** Too many API key verifications from one address (lib/api-keys). */
  rate_limited: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly status: (typeof ERROR_STATUS)[ErrorCode];

  /** `detail`: the code of the service that refused (Clerk's `duplicate_record`), for clients that tell them apart. */
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
  }
}

/**
 * Anything outside the caller's organization is "not found": a 403 would
 * confirm that the id exists somewhere else.
 */
export const notFound = (what: string) => new AppError('not_found', `${what} not found.`);

/** A Postgres foreign-key violation here means the organization or user row has not arrived from Clerk's webhook yet. */
export function rethrowUnsynced(error: unknown): never {
  const code = (error as { cause?: { code?: string } } | null)?.cause?.code;
  if (code === '23503') {
    throw new AppError('not_synced', 'Your organization or account is still being set up. Try again in a moment.');
  }
  throw error;
}

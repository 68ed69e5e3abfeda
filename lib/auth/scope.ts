/**
 * Who acts, in which organization. The session from `requireOrg()` is one, so
 * callers pass it as is and the organization always comes from `auth()`,
 * never from the request.
 */
export interface TenantScope {
  readonly orgId: string;
  readonly userId: string;
  /** Who acts for `userId`, when not the user in person: the audit log records it. */
  readonly actor?: Actor | null;
}

/**
 * Someone acting for a user: an API key (for an organization key, `userId` is the key's creator,
 * whose roles bound it), or an app admin impersonating the user (Clerk's actor tokens, `act`).
 */
export type Actor = { type: 'api_key'; id: string; name: string } | { type: 'impersonator'; userId: string };

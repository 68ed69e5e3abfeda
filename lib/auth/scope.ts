/**
 * Who acts, in which organization. The session from `requireOrg()` is one, so
 * callers pass it as is and the organization always comes from `auth()`,
 * never from the request.
 */
export interface TenantScope {
  readonly orgId: string;
  readonly userId: string;
}

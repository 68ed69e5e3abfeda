import { isAppRole, type AppRole } from './permissions';

/**
 * Reading the session token's custom claims. Pure and free of server imports,
 * so the middleware, server code and client hooks parse claims the same way.
 *
 * The claim comes from the session-token template in Clerk's dashboard:
 * `{"metadata": "{{user.public_metadata}}"}`.
 */
export const appRoleFromClaims = (claims: CustomJwtSessionClaims | null | undefined): AppRole | null => {
  const role: unknown = claims?.metadata?.role;
  return isAppRole(role) ? role : null;
};

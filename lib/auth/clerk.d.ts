import type { AppRole, OrgRole } from './permissions';

/**
 * Types Clerk's globals from the permissions module, so `has({ role })`,
 * `<Show>` and `sessionClaims.metadata.role` are checked by the compiler.
 */
declare global {
  interface CustomJwtSessionClaims {
    /** From the session-token template `{"metadata": "{{user.public_metadata}}"}`. */
    metadata?: { role?: AppRole };
  }
  interface ClerkAuthorization {
    role: OrgRole;
  }
}

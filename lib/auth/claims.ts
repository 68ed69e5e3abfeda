import { isAppRole, type AppRole } from './permissions';
import { PAYER_SCOPES, defaultEntitlements, type Entitlements, type PayerScope } from '@/lib/billing/plans';

/**
 * Reading the session token's claims. Pure and free of server imports, so
 * the middleware, server code and client hooks parse claims the same way.
 *
 * The role claim comes from the session-token template in Clerk's dashboard:
 * `{"metadata": "{{user.public_metadata}}"}`.
 */
export const appRoleFromClaims = (claims: CustomJwtSessionClaims | null | undefined): AppRole | null => {
  const role: unknown = claims?.metadata?.role;
  return isAppRole(role) ? role : null;
};

/** The claims Clerk Billing adds (session token v2). */
export interface BillingClaims {
  /** Plans per payer: `u:free_user,o:pro`. */
  pla?: unknown;
  /** Features per payer: `o:projects,o:unlimited_projects` (`ou:`/`uo:` name both payers). */
  fea?: unknown;
}

const SCOPES_OF_PREFIX: Record<string, readonly PayerScope[]> = { u: ['user'], o: ['org'], ou: PAYER_SCOPES, uo: PAYER_SCOPES };

/** `u:a,o:b` by payer. Entries without a known scope prefix are ignored (Clerk's parser rejects them; here they grant nothing). */
export function parseScopedList(claim: unknown): Record<PayerScope, string[]> {
  const parsed: Record<PayerScope, string[]> = { user: [], org: [] };
  if (typeof claim !== 'string') return parsed;
  for (const entry of claim.split(',')) {
    const colon = entry.indexOf(':');
    const prefix = entry.slice(0, Math.max(colon, 0)).trim();
    const value = entry.slice(colon + 1).trim();
    if (colon < 0 || !value || !Object.hasOwn(SCOPES_OF_PREFIX, prefix)) continue;
    for (const scope of SCOPES_OF_PREFIX[prefix]!) if (!parsed[scope].includes(value)) parsed[scope].push(value);
  }
  return parsed;
}

/**
 * The session's plans and features. A payer the token names no plan for
 * (an instance without Clerk Billing, or a session minted before it was
 * enabled) has its default plan: `free_user`, and `free_org` while an
 * organization is active. So a missing claim never grants more than free.
 */
export function entitlementsFromClaims(claims: object | null | undefined, withOrg: boolean): Entitlements {
  // v1 tokens (and Clerk instances without Billing) carry neither claim.
  const { pla, fea } = (claims ?? {}) as BillingClaims;
  const plans = parseScopedList(pla);
  const features = parseScopedList(fea);
  const defaults = defaultEntitlements(withOrg);
  for (const scope of PAYER_SCOPES) {
    if (plans[scope].length > 0) continue;
    plans[scope] = [...defaults.plans[scope]];
    features[scope] = [...new Set([...features[scope], ...defaults.features[scope]])];
  }
  if (!withOrg) {
    plans.org = [];
    features.org = [];
  }
  return { plans, features };
}

import { createRouteMatcher } from '@clerk/nextjs/server';
import type { NextRequest } from 'next/server';
import { isAppRole, type AppRole } from './permissions';
import {
  ADMIN_ROUTES,
  ORG_ADMIN_ROUTES,
  ORG_ROUTES,
  PUBLIC_ROUTES,
  SELECT_ORG_PATH,
  SIGN_IN_PATH,
  UNAUTHORIZED_PATH,
  isApiPath,
} from './routes';

const isPublic = createRouteMatcher(PUBLIC_ROUTES);
const isAdmin = createRouteMatcher(ADMIN_ROUTES);
const isOrg = createRouteMatcher(ORG_ROUTES);
const isOrgAdmin = createRouteMatcher(ORG_ADMIN_ROUTES);

export interface EdgeAuthState {
  userId: string | null;
  orgId?: string | null;
  orgRole?: string | null;
  sessionClaims?: CustomJwtSessionClaims | null;
}

export type AccessDecision =
  | { kind: 'allow' }
  | { kind: 'json'; status: 401 | 403; error: string; message: string }
  | { kind: 'redirect'; to: string };

/** The app role from the session token; anything unexpected counts as no role. */
export const appRoleFromClaims = (claims: EdgeAuthState['sessionClaims']): AppRole | null => {
  const role: unknown = claims?.metadata?.role;
  return isAppRole(role) ? role : null;
};

/**
 * The middleware's whole policy as a pure function of the request and the
 * verified session: who may enter which route. APIs get JSON, pages redirects.
 */
export function decideAccess(request: NextRequest, auth: EdgeAuthState): AccessDecision {
  if (isPublic(request)) return { kind: 'allow' };
  const api = isApiPath(request.nextUrl.pathname);

  if (!auth.userId) {
    if (api) return { kind: 'json', status: 401, error: 'unauthenticated', message: 'Sign in to use this API.' };
    const returnTo = `${request.nextUrl.pathname}${request.nextUrl.search}`;
    return { kind: 'redirect', to: `${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(returnTo)}` };
  }

  const forbidden = (message: string): AccessDecision =>
    api ? { kind: 'json', status: 403, error: 'forbidden', message } : { kind: 'redirect', to: UNAUTHORIZED_PATH };

  if (isAdmin(request) && appRoleFromClaims(auth.sessionClaims) !== 'admin') {
    return forbidden('This area is for app admins.');
  }
  if (isOrg(request) && !auth.orgId) return { kind: 'redirect', to: SELECT_ORG_PATH };
  if (isOrgAdmin(request) && auth.orgRole !== 'org:admin') {
    return forbidden('Only organization admins can change organization settings.');
  }
  return { kind: 'allow' };
}

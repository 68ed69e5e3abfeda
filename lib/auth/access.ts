import type { NextRequest } from 'next/server';
import { apiKeyOf } from './bearer';
import { appRoleFromClaims } from './claims';
import { can, isOrgRole } from './permissions';
import { createPathMatcher, normalizePath } from './route-matcher';
import {
  ADMIN_ROUTES,
  METADATA_ROUTES,
  ORG_SECTIONS,
  ORG_ROUTES,
  PUBLIC_ROUTES,
  SIGN_IN_PATH,
  UNAUTHORIZED_PATH,
  isApiPath,
  orgSectionOf,
  safeReturnPath,
  selectOrgPath,
} from './routes';

export { appRoleFromClaims };

const isPublic = createPathMatcher([...PUBLIC_ROUTES, ...METADATA_ROUTES]);
const isAdmin = createPathMatcher(ADMIN_ROUTES);
const isOrg = createPathMatcher(ORG_ROUTES);

export interface EdgeAuthState {
  userId: string | null;
  orgId?: string | null;
  orgSlug?: string | null;
  orgRole?: string | null;
  sessionClaims?: CustomJwtSessionClaims | null;
}

export type AccessDecision =
  | { kind: 'allow' }
  | { kind: 'json'; status: 400 | 401 | 403; error: string; message: string }
  | { kind: 'redirect'; to: string }
  | { kind: 'load-as-document' };

/**
 * Whether Clerk could activate the URL's organization on this request: it does so with a handshake
 * redirect, sent only in answer to a page load (the test below is Clerk's own). Next's client router
 * (a soft navigation, a prefetch) fetches with `Sec-Fetch-Dest: empty`; its `RSC` header never
 * reaches the middleware (Next strips it).
 */
function isPageLoad(request: NextRequest): boolean {
  const destination = request.headers.get('sec-fetch-dest');
  if (destination) return destination === 'document' || destination === 'iframe';
  return request.headers.get('accept')?.startsWith('text/html') ?? false;
}

/** The `:slug` of an (already normalized) `/org/:slug/...` path. */
const orgSlugOf = (pathname: string): string | null => pathname.split('/')[2] || null;

/**
 * The middleware's whole policy as a pure function of the request and the
 * verified session: who may enter which route. APIs get JSON, pages redirects.
 */
export function decideAccess(request: NextRequest, auth: EdgeAuthState): AccessDecision {
  const { search } = request.nextUrl;
  const pathname = normalizePath(request.nextUrl.pathname);
  if (pathname === null) return { kind: 'json', status: 400, error: 'malformed_path', message: 'The URL path is not valid.' };
  if (isPublic(pathname)) return { kind: 'allow' };
  const api = isApiPath(pathname);

  if (!auth.userId) {
    // An API key: the route handler verifies it (lib/api-keys), after the rate limit counted it.
    if (api && apiKeyOf(request.headers)) return { kind: 'allow' };
    if (api) return { kind: 'json', status: 401, error: 'unauthenticated', message: 'Sign in to use this API.' };
    const returnTo = safeReturnPath(`${request.nextUrl.pathname}${search}`);
    return { kind: 'redirect', to: `${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(returnTo)}` };
  }

  const subject = { role: appRoleFromClaims(auth.sessionClaims), orgRole: isOrgRole(auth.orgRole) ? auth.orgRole : null };
  const forbidden = (message: string): AccessDecision =>
    api ? { kind: 'json', status: 403, error: 'forbidden', message } : { kind: 'redirect', to: UNAUTHORIZED_PATH };

  if (isAdmin(pathname) && subject.role !== 'admin') {
    return forbidden('This area is for app admins.');
  }
  // Clerk activates the URL's organization when the user belongs to it, on a page load. A fetch of
  // Next's router (<SignIn> returning to a deep link, a <Link>) never gets that chance: the page is
  // loaded as a document instead. On a page load, a session still naming another organization, or
  // none, means Clerk could not (not a member): choose one.
  if (!isOrg(pathname)) return { kind: 'allow' };
  const slug = orgSlugOf(pathname);
  if (!auth.orgId || auth.orgSlug !== slug) {
    if (request.method === 'GET' && !isPageLoad(request)) return { kind: 'load-as-document' };
    return { kind: 'redirect', to: selectOrgPath('not-a-member', slug ?? undefined) };
  }
  const section = orgSectionOf(pathname);
  const needs = section ? ORG_SECTIONS[section] : null;
  if (needs && !can(subject, needs[0], needs[1])) return forbidden(`Your organization role may not open ${section}.`);
  return { kind: 'allow' };
}

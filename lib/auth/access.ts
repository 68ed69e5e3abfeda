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
  SESSION_TASKS_PATH,
  SESSION_TASKS_ROUTES,
  SIGN_IN_PATH,
  UNAUTHORIZED_PATH,
  isApiPath,
  orgSectionOf,
  safeReturnPath,
  selectOrgPath,
  sessionTasksPath,
} from './routes';

export { appRoleFromClaims };

const isPublic = createPathMatcher([...PUBLIC_ROUTES, ...METADATA_ROUTES]);
const isAdmin = createPathMatcher(ADMIN_ROUTES);
const isOrg = createPathMatcher(ORG_ROUTES);
const isSessionTasks = createPathMatcher(SESSION_TASKS_ROUTES);

export interface EdgeAuthState {
  userId: string | null;
  sessionId?: string | null;
  /** `pending`: signed in with a session task to finish (Clerk's `sts` claim; read with `treatPendingAsSignedOut: false`). */
  sessionStatus?: 'active' | 'pending' | null;
  orgId?: string | null;
  orgSlug?: string | null;
  orgRole?: string | null;
  sessionClaims?: CustomJwtSessionClaims | null;
}

export type AccessDecision =
  | { kind: 'allow' }
  | { kind: 'json'; status: 400 | 401 | 403; error: string; message: string; tasksUrl?: string }
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

const isServerAction = (request: NextRequest): boolean => request.method === 'POST' && request.headers.has('next-action');

/**
 * Whether the browser's Clerk client says it is signed in (`__client_uat`, suffixed per instance on
 * some setups, is the time of its last sign-in; `0` once signed out): a signed-out verdict then means
 * a stale session token, not a signed-out user.
 */
function holdsClientSession(request: NextRequest): boolean {
  return request.cookies.getAll().some(({ name, value }) => name.startsWith('__client_uat') && value !== '' && value !== '0');
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

  const returnTo = () => safeReturnPath(`${request.nextUrl.pathname}${search}`);
  if (!auth.userId) {
    // An API key: the route handler verifies it (lib/api-keys), after the rate limit counted it.
    if (api && apiKeyOf(request.headers)) return { kind: 'allow' };
    if (api) return { kind: 'json', status: 401, error: 'unauthenticated', message: 'Sign in to use this API.' };
    // A session token that expired while the tab slept (tokens live 60 s): Clerk refreshes it with a handshake, on a page load only.
    if (request.method === 'GET' && !isPageLoad(request) && holdsClientSession(request)) return { kind: 'load-as-document' };
    return { kind: 'redirect', to: `${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(returnTo())}` };
  }
  // A pending session is signed in but may use nothing until its task is done: pages send it there (and
  // back), APIs say so. Never to sign-in, which would show the same task again (or loop).
  if (isSessionTasks(pathname)) return { kind: 'allow' };
  if (auth.sessionStatus === 'pending') {
    if (!api) return { kind: 'redirect', to: sessionTasksPath(returnTo()) };
    return {
      kind: 'json',
      status: 403,
      error: 'session_task_pending',
      message: 'Your session has a task to finish first (choose an organization, reset your password or set up two-step verification).',
      tasksUrl: SESSION_TASKS_PATH,
    };
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
    // Another tab made its organization active (two tabs share one session cookie): this page's server action goes
    // on, for `orgAction` to refuse with 409 organization_changed; the page then re-activates its organization and retries.
    if (auth.orgId && isServerAction(request)) return { kind: 'allow' };
    return { kind: 'redirect', to: selectOrgPath('not-a-member', slug ?? undefined) };
  }
  const section = orgSectionOf(pathname);
  const needs = section ? ORG_SECTIONS[section] : null;
  if (needs && !can(subject, needs[0], needs[1])) return forbidden(`Your organization role may not open ${section}.`);
  return { kind: 'allow' };
}

import type { Action, Resource } from './permissions';

/** Where custom social sign-in flows (`authenticateWithRedirect`) return; `<SignIn>` and `<SignUp>` use their own `/sso-callback` sub-route. */
export const SSO_CALLBACK_PATH = '/sso-callback';

/** Browsers post Content-Security-Policy violation reports here (when CSP_REPORT_URL points at it). */
export const CSP_REPORT_PATH = '/api/csp-report';

/**
 * Route rules, one list each. The middleware applies them; pages and tests
 * import the same lists.
 */
export const PUBLIC_ROUTES = [
  '/',
  '/sign-in(.*)',
  '/sign-up(.*)',
  '/pricing',
  SSO_CALLBACK_PATH,
  '/api/webhooks(.*)',
  '/api/public(.*)',
  CSP_REPORT_PATH,
  '/unauthorized',
];
/**
 * What browsers and crawlers fetch on their own (icons, manifest, robots,
 * sitemap, social images): public, never a redirect to sign-in.
 */
export const METADATA_ROUTES = [
  '/favicon.ico',
  '/icon(.*)',
  '/apple-icon(.*)',
  '/manifest.webmanifest',
  '/robots.txt',
  '/sitemap.xml',
  '/opengraph-image(.*)',
  '/twitter-image(.*)',
];
/** The public pages listed in the sitemap. */
export const SITEMAP_PATHS = ['/', '/pricing', '/sign-in', '/sign-up'];
export const ADMIN_ROUTES = ['/admin(.*)', '/api/admin(.*)'];
export const ORG_ROUTES = ['/org/:slug', '/org/:slug/(.*)'];

/**
 * An organization's pages under /org/:slug, and the permission each needs
 * beyond membership (the middleware and `guardOrgPage` both read this).
 */
export const ORG_SECTIONS = {
  members: null,
  settings: ['organization', 'update'],
  billing: ['billing', 'update'],
  'api-keys': ['api_keys', 'read'],
} as const satisfies Record<string, readonly [Resource, Action] | null>;
export type OrgSection = keyof typeof ORG_SECTIONS;

/** The one way to build an organization's URL: `/org/acme`, `/org/acme/members`. */
export const orgPath = (slug: string, section?: OrgSection) => `/org/${encodeURIComponent(slug)}${section ? `/${section}` : ''}`;

/** The section of an `/org/:slug/<section>/...` path, or null (the overview, or not an organization's page). */
export function orgSectionOf(pathname: string): OrgSection | null {
  const [, root, , section] = pathname.split('/');
  return root === 'org' && section !== undefined && Object.hasOwn(ORG_SECTIONS, section) ? (section as OrgSection) : null;
}
/** Polled by load balancers and the e2e harness. */
export const HEALTH_CHECK_PATH = '/api/public/health';
/** APIs the rate limiter skips: Clerk's webhook retries must always get through, and health checks. */
export const RATE_LIMIT_EXEMPT = ['/api/webhooks(.*)', HEALTH_CHECK_PATH];

export const SIGN_IN_PATH = '/sign-in';
export const SIGN_UP_PATH = '/sign-up';
/** Where sign-in and sign-up land when no return URL was given. */
export const AFTER_AUTH_PATH = '/dashboard';
/** Where Clerk delivers webhooks (`app/api/webhooks/clerk`). */
export const CLERK_WEBHOOK_PATH = '/api/webhooks/clerk';
/** Local mode's Frontend API, proxied on the app's own origin. */
export const LOCAL_FAPI_PATH = '/clerk-fapi';
export const UNAUTHORIZED_PATH = '/unauthorized';
/** The public plans page (Clerk's `<PricingTable>`); where a page refused for its plan sends the user. */
export const PRICING_PATH = '/pricing';
export const SELECT_ORG_PATH = '/select-org';

/**
 * Clerk's session tasks: what a signed-in user must finish before the session is active
 * (Dashboard settings: membership required, force password reset, MFA required).
 */
export const SESSION_TASK_KEYS = ['choose-organization', 'reset-password', 'setup-mfa'] as const;
export type SessionTaskKey = (typeof SESSION_TASK_KEYS)[number];
/** Where a pending session finishes its task (`/tasks/<key>`; the page shows the session's current one), then returns. */
export const SESSION_TASKS_PATH = '/tasks';
export const SESSION_TASKS_ROUTES = [SESSION_TASKS_PATH, `${SESSION_TASKS_PATH}/(.*)`];

export function sessionTasksPath(returnTo: string): string {
  return `${SESSION_TASKS_PATH}?${new URLSearchParams({ redirect_url: returnTo })}`;
}

/** Why someone is on /select-org, named in its `reason` query parameter. */
export const SELECT_ORG_REASONS = ['not-a-member', 'no-active-organization'] as const;
export type SelectOrgReason = (typeof SELECT_ORG_REASONS)[number];

/**
 * /select-org with its reason: `not-a-member` names the slug of the /org/ page
 * that was refused (unknown, or the user does not belong to it).
 */
export function selectOrgPath(reason: SelectOrgReason, slug?: string): string {
  const params = new URLSearchParams({ reason });
  if (slug) params.set('slug', slug);
  return `${SELECT_ORG_PATH}?${params}`;
}

export const isApiPath = (pathname: string) => pathname === '/api' || pathname.startsWith('/api/');

/**
 * A return URL the app may redirect to: a same-origin path. Absolute and
 * protocol-relative URLs (`//evil.test`, `/\evil.test`) are dropped.
 */
export function safeReturnPath(value: string | string[] | null | undefined, fallback = AFTER_AUTH_PATH): string {
  // A repeated query parameter arrives as an array: not a return URL.
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  try {
    const url = new URL(value, 'http://same.origin');
    const path = `${url.pathname}${url.search}${url.hash}`;
    // Normalising `/..//evil.test` yields `//evil.test`: protocol-relative again.
    return url.origin === 'http://same.origin' && !path.startsWith('//') ? path : fallback;
  } catch {
    return fallback;
  }
}

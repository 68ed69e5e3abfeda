/**
 * Matches request paths against the route lists in `routes.ts`. Clerk's
 * `createRouteMatcher` (and `createPathMatcher`) are deprecated, and this is
 * all the template needs: literal segments, `:param` (one segment) and `(.*)`.
 * Pages and route handlers guard themselves too (lib/auth/guards); this is the
 * edge layer in front of them.
 */

/**
 * Decodes like Next's router does (`decodeURI` keeps `%2F` and `%3F` encoded) and
 * collapses repeated slashes, so `/%61dmin` and `//admin` match `/admin`. Null
 * when the encoding is malformed.
 */
export function normalizePath(pathname: string): string | null {
  try {
    return decodeURI(pathname).replace(/\/\/+/g, '/');
  } catch {
    return null;
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/org/:slug/(.*)` → `^/org/[^/]+/.*\/?$`, case-insensitive like path-to-regexp's default. */
export function patternToRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\(\.\*\)|:[A-Za-z_]\w*)/)
    .map((part) => (part === '(.*)' ? '.*' : part.startsWith(':') ? '[^/]+' : escapeRegExp(part)))
    .join('');
  return new RegExp(`^${source}\\/?$`, 'i');
}

/** A predicate over normalized paths; a malformed path matches nothing (decideAccess rejects it first). */
export function createPathMatcher(patterns: readonly string[]): (pathname: string) => boolean {
  const regexps = patterns.map(patternToRegExp);
  return (pathname) => regexps.some((regexp) => regexp.test(pathname));
}

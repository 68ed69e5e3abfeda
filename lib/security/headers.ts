/**
 * Headers sent with every response (next.config.ts `headers()`), one list with
 * the reason for each. The Content-Security-Policy is not here: it carries a
 * fresh nonce per request, so the middleware sets it (lib/security/csp.ts).
 */
export interface SecurityHeader {
  key: string;
  value: string;
  why: string;
}

/** Two years, as hstspreload.org recommends; one year is the usual audit floor. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;

export function securityHeaders({ production }: { production: boolean }): SecurityHeader[] {
  const headers: SecurityHeader[] = [
    { key: 'X-Content-Type-Options', value: 'nosniff', why: 'no MIME sniffing: a JSON or text answer is never run as a script' },
    { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin', why: 'other sites see our origin, never paths or query strings' },
    { key: 'X-Frame-Options', value: 'DENY', why: "no framing (clickjacking), for browsers that predate CSP's frame-ancestors" },
    {
      key: 'Permissions-Policy',
      value: 'camera=(), microphone=(), geolocation=(), browsing-topics=()',
      why: 'powerful features the app never uses stay off, even for injected code',
    },
    {
      key: 'Cross-Origin-Opener-Policy',
      value: 'same-origin',
      why: "other windows get no handle on ours (XS-Leaks, tabnabbing). Clerk's OAuth here redirects rather than opening a popup, so same-origin-allow-popups is not needed",
    },
    {
      key: 'Cross-Origin-Resource-Policy',
      value: 'same-origin',
      why: 'other origins cannot embed our responses (Spectre-style reads of our scripts and JSON)',
    },
  ];
  if (production) {
    headers.push({
      key: 'Strict-Transport-Security',
      value: `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
      why: 'HTTPS only, for two years, subdomains included (browsers ignore it over plain HTTP, so local `next start` is unaffected)',
    });
  }
  return headers;
}

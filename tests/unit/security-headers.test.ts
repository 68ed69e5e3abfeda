import { describe, expect, it } from 'vitest';
import { HSTS_MAX_AGE_SECONDS, securityHeaders } from '@/lib/security/headers';
import { contentSecurityPolicy } from '@/lib/security/csp';

const header = (production: boolean, key: string) => securityHeaders({ production }).find((entry) => entry.key === key)?.value;

describe('security headers (one list, next.config.ts sends it on every route)', () => {
  it.each([
    ['X-Content-Type-Options', 'nosniff'],
    ['Referrer-Policy', 'strict-origin-when-cross-origin'],
    ['X-Frame-Options', 'DENY'],
    ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), browsing-topics=()'],
    ['Cross-Origin-Opener-Policy', 'same-origin'],
    ['Cross-Origin-Resource-Policy', 'same-origin'],
  ])('%s: %s, in development and production', (key, value) => {
    expect(header(false, key)).toBe(value);
    expect(header(true, key)).toBe(value);
  });

  it('Strict-Transport-Security: at least a year, subdomains included, in production only', () => {
    expect(HSTS_MAX_AGE_SECONDS).toBeGreaterThanOrEqual(31_536_000);
    expect(header(true, 'Strict-Transport-Security')).toBe(`max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`);
    expect(header(false, 'Strict-Transport-Security')).toBeUndefined();
  });

  it('names each header once and says why it is there', () => {
    const headers = securityHeaders({ production: true });
    expect(new Set(headers.map((entry) => entry.key.toLowerCase())).size).toBe(headers.length);
    for (const entry of headers) expect(entry.why.length).toBeGreaterThan(10);
    expect(headers.map((entry) => entry.key.toLowerCase())).not.toContain('content-security-policy');
  });
});

describe('Content-Security-Policy options for clerkMiddleware', () => {
  it('is strict (nonce + strict-dynamic) and closes what Clerk leaves open', () => {
    const options = contentSecurityPolicy({});
    expect(options.strict).toBe(true);
    expect(options.reportOnly).toBe(false);
    expect(options.reportTo).toBeUndefined();
    expect(options.directives).toEqual({ 'img-src': ['data:'], 'object-src': ['none'], 'base-uri': ['self'], 'frame-ancestors': ['none'] });
  });

  it("allows images from the key's Frontend API host (the stand-in serves provider logos there)", () => {
    const key = (host: string) => `pk_test_${Buffer.from(`${host}$`).toString('base64')}`;
    expect(contentSecurityPolicy({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: key('127.0.0.1:3551') }).directives?.['img-src']).toEqual([
      'data:',
      '127.0.0.1:3551',
    ]);
    expect(contentSecurityPolicy({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: key('clerk.example.com') }).directives?.['img-src']).toEqual([
      'data:',
      'clerk.example.com',
    ]);
    expect(contentSecurityPolicy({ NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'not-a-key' }).directives?.['img-src']).toEqual(['data:']);
  });

  it('never allows unsafe-eval or unsafe-inline scripts itself (Clerk adds unsafe-eval in development only)', () => {
    const all = Object.values(contentSecurityPolicy({ CSP_REPORT_URL: '/api/csp-report' }).directives ?? {}).flat();
    expect(all.some((value) => /unsafe/.test(value))).toBe(false);
  });

  it('CSP_REPORT_ONLY=1 reports without blocking; CSP_REPORT_URL adds report-uri (not report-to)', () => {
    expect(contentSecurityPolicy({ CSP_REPORT_ONLY: '1' }).reportOnly).toBe(true);
    expect(contentSecurityPolicy({ CSP_REPORT_ONLY: '0' }).reportOnly).toBe(false);
    const reporting = contentSecurityPolicy({ CSP_REPORT_URL: '/api/csp-report' });
    expect(reporting.reportTo).toBeUndefined();
    expect(reporting.directives?.['report-uri']).toEqual(['/api/csp-report']);
  });
});

import type { ClerkMiddlewareOptions } from '@clerk/nextjs/server';
import { parsePublishableKey } from '@clerk/shared/keys';

type CspOptions = NonNullable<ClerkMiddlewareOptions['contentSecurityPolicy']>;

/**
 * The Content-Security-Policy, built per request by clerkMiddleware: Clerk's
 * own defaults (its Frontend API host from the publishable key, img.clerk.com,
 * Cloudflare's bot-protection frame, workers from blob:), plus what this app
 * adds. `strict` puts a fresh nonce and 'strict-dynamic' in script-src: only
 * scripts carrying the nonce (Next's, Clerk's loader) and what they load run;
 * Clerk's 'unsafe-inline' and host lists stay for CSP2 browsers, which CSP3
 * browsers ignore once a nonce is present. 'unsafe-eval' is added by Clerk in
 * development only (React Refresh needs it), never in production.
 *
 * Reads already-validated process.env (lib/env/schema.ts) so the middleware
 * stays free of zod.
 */
export function contentSecurityPolicy(source: Record<string, string | undefined> = process.env): CspOptions {
  const reportUrl = source.CSP_REPORT_URL || undefined;
  const frontendApi = parsePublishableKey(source.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY)?.frontendApi;
  return {
    strict: true,
    reportOnly: source.CSP_REPORT_ONLY === '1',
    directives: {
      // Local mode's avatars are data: URLs (Clerk's image CDN is unreachable offline).
      // Clerk's images (provider logos) come from img.clerk.com, which Clerk's defaults allow;
      // local mode's stand-in serves them from its Frontend API host (the key's), which Clerk
      // already trusts for scripts and requests.
      'img-src': ['data:', ...(frontendApi ? [frontendApi] : [])],
      'object-src': ['none'],
      'base-uri': ['self'],
      'frame-ancestors': ['none'],
      // report-uri, not Clerk's `reportTo`: with a report-to directive Chromium switches to the
      // Reporting API, which batches reports and, checked here, did not deliver one within a
      // minute; report-uri posts at once, in every browser.
      ...(reportUrl ? { 'report-uri': [reportUrl] } : {}),
    },
  };
}

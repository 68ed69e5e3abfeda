import type { ReportContext } from './report';

/**
 * Stands in for ./sentry.ts in a build without SENTRY_DSN (next.config.ts), so Sentry's SDK
 * (~2.7 MiB) stays out of every deployed function. A DSN set only at run time lands here.
 */
export async function captureToSentry(_error: unknown, _context: ReportContext): Promise<void> {
  throw new Error('this build left Sentry out: set SENTRY_DSN for the build too (Vercel gives it to both), then redeploy');
}

import * as Sentry from '@sentry/nextjs';
import type { ReportContext } from './report';

/**
 * Sentry, loaded (by a dynamic import in ./report.ts) only when SENTRY_DSN is set, and only on the server:
 * no `withSentryConfig`, so no client bundle, no source-map upload and no build step. It sends what the
 * JSON log line says, nothing more: no default integrations (they would read request headers, cookies
 * and the user's address) and no tracing of its own (OpenTelemetry is ./tracing.ts).
 */
function client() {
  if (!Sentry.getClient()) {
    Sentry.init({
      dsn: process.env.SENTRY_DSN,
      environment: process.env.SENTRY_ENVIRONMENT ?? process.env.VERCEL_ENV ?? process.env.NODE_ENV,
      defaultIntegrations: false,
      enableOpenTelemetrySetup: false,
      enableRuntimeChannelInjection: false,
    });
  }
}

export async function captureToSentry(error: unknown, { userId, ...tags }: ReportContext): Promise<void> {
  client();
  Sentry.withScope((scope) => {
    if (userId) scope.setUser({ id: userId });
    for (const [name, value] of Object.entries(tags)) if (value !== undefined) scope.setTag(name, value);
    Sentry.captureException(error);
  });
  await Sentry.flush(2000);
}

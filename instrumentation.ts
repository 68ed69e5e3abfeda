import type { Instrumentation } from 'next';

/**
 * Next calls this once per server instance. Everything here is Node-only and behind a dynamic
 * import: the edge build (counted in the middleware's budget) drops these branches, and with
 * no collector configured, OpenTelemetry's SDK is never loaded.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs' && (process.env.OTEL_EXPORTER_OTLP_ENDPOINT || process.env.VERCEL_OTEL_ENDPOINTS)) {
    const { startTracing } = await import('./lib/observability/tracing');
    startTracing();
  }
}

/** Every error Next did not handle (pages, layouts, route handlers, server actions): one JSON line, and Sentry when configured. */
export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { reportRequestError } = await import('./lib/observability/report');
    await reportRequestError(error, request, {
      route: context.routePath,
      digest: (error as { digest?: string }).digest,
      kind: context.routeType,
    });
  }
};

import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { registerOTel } from '@vercel/otel';

/** Attributes that hold a URL or its query: a query string can carry an email (`/admin?q=…`) or a token. */
const URL_ATTRIBUTES = new Set(['http.url', 'http.target', 'url.full', 'next.url']);
const withoutQuery = (value: string) => value.replace(/\?[^\s]*/, '');

/**
 * Drops query strings from span names and URL attributes before any export: paths and route
 * patterns stay, search terms and tokens in URLs do not. Runs before the exporting processor.
 */
export class DropQueryStrings implements SpanProcessor {
  onStart(_span: Span, _context: Context): void {}
  onEnd(span: ReadableSpan): void {
    const attributes = span.attributes as Record<string, unknown>;
    delete attributes['url.query'];
    for (const key of Object.keys(attributes)) {
      const value = attributes[key];
      if (URL_ATTRIBUTES.has(key) && typeof value === 'string') attributes[key] = withoutQuery(value);
    }
    (span as { name: string }).name = withoutQuery(span.name);
  }
  forceFlush = () => Promise.resolve();
  shutdown = () => Promise.resolve();
}

/**
 * OpenTelemetry through @vercel/otel: Next's own spans (requests, route handlers, server actions,
 * rendering), fetch (which carries the Backend API calls to Clerk), and lib/db's query spans,
 * exported over OTLP/HTTP to OTEL_EXPORTER_OTLP_ENDPOINT, or on Vercel to its OTel integration.
 * instrumentation.ts imports this module only when one of them is configured.
 */
export function startTracing(): void {
  registerOTel({
    serviceName: process.env.OTEL_SERVICE_NAME ?? 'saas-starter',
    spanProcessors: [new DropQueryStrings(), 'auto'],
  });
}

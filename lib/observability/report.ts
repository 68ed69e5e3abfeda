import { logger } from '@/lib/log';
import { identityFromHeaders } from './identity';

const log = logger('errors');

/** What a report says besides the error's name and message: ids and names, never personal data or secrets. */
export interface ReportContext {
  /** The route (`/api/projects/[id]`) or path that failed. */
  route?: string;
  /** Next's digest: the same id the error page shows the user. */
  digest?: string;
  /** What was running: a page (`render`), a route handler (`route`), a server action (`action`), a webhook. */
  kind?: string;
  /** Server actions: the action's limit name (lib/actions/limits.ts). */
  action?: string;
  userId?: string;
  orgId?: string;
  /** Webhooks: the svix message id, Clerk's event type and the delivery's outcome. */
  eventId?: string;
  eventType?: string;
  outcome?: string;
}

/**
 * The error as a report may state it. Drizzle's query errors put the query's parameters (user
 * input, emails) in their message: the driver's error underneath says what failed without them.
 */
function reportable(error: unknown): Error {
  if (!(error instanceof Error)) return Object.assign(new Error(String(error)), { name: 'NonError' });
  // Drizzle's DrizzleQueryError (it sets no name of its own): `query`, `params`, and the driver's error as `cause`.
  const fromDrizzle = 'query' in error && 'params' in error && error.cause instanceof Error;
  if (!fromDrizzle) return error;
  const cause = error.cause as Error;
  return Object.assign(new Error(cause.message), { name: cause.name, stack: cause.stack, code: (cause as { code?: unknown }).code });
}

const described = (error: Error) => {
  const { code } = error as { code?: unknown };
  return { name: error.name, message: error.message, ...(typeof code === 'string' ? { code } : {}) };
};

/**
 * Reports one server error: one JSON log line (lib/log) and, when SENTRY_DSN is set, one
 * Sentry event with the same context. The line is written before the first await.
 */
export async function reportError(thrown: unknown, context: ReportContext, message = 'Unhandled server error.'): Promise<void> {
  const error = reportable(thrown);
  const fields = Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined));
  log.error(message, { ...fields, error: described(error) });
  if (process.env.SENTRY_DSN) {
    // A build without SENTRY_DSN gets ./sentry-absent.ts here instead (next.config.ts), whose error says so.
    const { captureToSentry } = await import('@/lib/observability/sentry');
    await captureToSentry(error, context).catch((failure: unknown) =>
      log.warn('Sentry did not take the report.', { error: described(reportable(failure)) }),
    );
  }
}

/** `reportError` for a request, with the ids of its verified session. */
export async function reportRequestError(
  error: unknown,
  request: { headers: Headers | Record<string, string | string[] | undefined> },
  context: ReportContext,
): Promise<void> {
  await reportError(error, { ...context, ...(await identityFromHeaders(request.headers)) });
}

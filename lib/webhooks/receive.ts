import type { Database } from '@/lib/db/client';
import { processDelivery } from '@/lib/sync/deliveries';
import { logger, type Logger } from '@/lib/log';
import { reportError } from '@/lib/observability/report';
import { MAX_WEBHOOK_BODY_BYTES, readBodyWithin } from '@/lib/security/body';
import { svixHeadersOf, verifyDelivery } from './verify';

export type WebhookResponseBody = { ok: true; status: 'applied' | 'stale' | 'duplicate' | 'ignored' } | { error: string };

/**
 * 200: applied, stale (nothing changed: the database already held this state
 * or a later one), duplicate or ignored. 400: not a genuine delivery (missing
 * headers, bad or stale signature). 413: body too large. 422: genuine but not
 * applicable (recorded as failed; Clerk retries and shows it in its dashboard).
 * 500: not configured, or the database failed (nothing written; Clerk retries).
 */
export interface WebhookResponse {
  status: 200 | 400 | 413 | 422 | 500;
  body: WebhookResponseBody;
}

export interface ReceiveOptions {
  secret: string | undefined;
  db: Database;
  log?: Pick<Logger, 'info' | 'warn' | 'error'>;
}

const reject = (status: WebhookResponse['status'], error: string): WebhookResponse => ({ status, body: { error } });

/** Verifies one Clerk webhook delivery and applies it to the database. */
export async function receiveClerkWebhook(
  request: Request,
  { secret, db, log = logger('webhooks') }: ReceiveOptions,
): Promise<WebhookResponse> {
  if (!secret) {
    log.error(
      `CLERK_WEBHOOK_SIGNING_SECRET is not set, so no delivery can be verified. Fix: copy the endpoint's Signing Secret from Clerk Dashboard > Webhooks into CLERK_WEBHOOK_SIGNING_SECRET`,
    );
    return reject(500, 'webhook signing secret is not configured');
  }
  const headers = svixHeadersOf(request.headers);
  if (!headers) return reject(400, 'missing svix headers (svix-id, svix-timestamp, svix-signature)');

  const body = await readBodyWithin(request, MAX_WEBHOOK_BODY_BYTES);
  if (!body.ok) return reject(413, `body larger than ${MAX_WEBHOOK_BODY_BYTES} bytes`);

  const verified = verifyDelivery(secret, body.text, headers);
  if (!verified.ok) {
    log.warn(`rejected ${headers['svix-id']}: ${verified.error} (does CLERK_WEBHOOK_SIGNING_SECRET hold this endpoint's secret?)`);
    return reject(400, verified.error);
  }

  const eventType =
    typeof (verified.payload as { type?: unknown } | null)?.type === 'string' ? (verified.payload as { type: string }).type : undefined;
  const report = (error: unknown, outcome: 'failed' | 'not_applied', message: string) =>
    reportError(error, { kind: 'webhook', eventId: verified.svixId, eventType, outcome }, message);
  try {
    const outcome = await processDelivery(db, { svixId: verified.svixId, payload: verified.payload });
    if (outcome.status === 'failed') {
      await report(
        Object.assign(new Error(outcome.error), { name: 'WebhookNotApplicable' }),
        'failed',
        'Webhook delivery recorded as failed.',
      );
      return reject(422, outcome.error);
    }
    if (outcome.status === 'stale') {
      log.info(
        `${verified.svixId} ${outcome.type} ${outcome.targetId} is stale: the database already holds this state or a later one, nothing changed`,
      );
    }
    return { status: 200, body: { ok: true, status: outcome.status } };
  } catch (error) {
    // Rolled back, nothing recorded: Clerk retries, and the report is where it shows.
    await report(error, 'not_applied', 'Webhook delivery not applied (Clerk will retry).');
    return reject(500, 'the event could not be applied; it will be retried');
  }
}

import { Webhook, WebhookVerificationError } from 'svix';

export const SVIX_HEADERS = ['svix-id', 'svix-timestamp', 'svix-signature'] as const;
export type SvixHeaders = Record<(typeof SVIX_HEADERS)[number], string>;

/** The three svix headers, or null when any is missing. */
export function svixHeadersOf(headers: Headers): SvixHeaders | null {
  const [id, timestamp, signature] = SVIX_HEADERS.map((name) => headers.get(name));
  return id && timestamp && signature ? { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature } : null;
}

export type Verification = { ok: true; svixId: string; payload: unknown } | { ok: false; error: string };

/**
 * Checks the svix signature over the raw body (never a re-serialised object:
 * that changes the bytes) and the timestamp (svix refuses anything more than
 * five minutes off, which bounds replays).
 */
export function verifyDelivery(secret: string, rawBody: string, headers: SvixHeaders): Verification {
  const svixId = headers['svix-id'];
  try {
    return { ok: true, svixId, payload: new Webhook(secret).verify(rawBody, headers) };
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, error: `signature verification failed: ${error.message}` };
    // svix parses JSON only once the signature matched: this is a genuine delivery
    // whose body is not JSON. Passing the text on records it as failed, payload kept.
    if (error instanceof SyntaxError) return { ok: true, svixId, payload: rawBody };
    throw error;
  }
}

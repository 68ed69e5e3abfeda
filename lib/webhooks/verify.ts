import { Webhook, WebhookVerificationError } from 'svix';

export const SVIX_HEADERS = ['svix-id', 'svix-timestamp', 'svix-signature'] as const;
export type SvixHeaders = Record<(typeof SVIX_HEADERS)[number], string>;

/** The three svix headers, or null when any is missing. */
export function svixHeadersOf(headers: Headers): SvixHeaders | null {
  const [id, timestamp, signature] = SVIX_HEADERS.map((name) => headers.get(name));
  return id && timestamp && signature ? { 'svix-id': id, 'svix-timestamp': timestamp, 'svix-signature': signature } : null;
}

/**
 * Deeper than any Clerk event (a few levels, plus metadata Clerk caps at 8 KiB).
 * Past a few thousand levels serialising the payload overflows the stack, which
 * would answer 500 and make svix retry the same delivery for days.
 */
export const MAX_PAYLOAD_DEPTH = 256;

/** Nesting depth of parsed JSON, without recursion (so depth itself cannot overflow the stack). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_PAYLOAD_DEPTH) return deepest;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Postgres cannot store U+0000 in text or jsonb, so a payload carrying one
 * would fail every insert: a 500, retried for days. It becomes U+FFFD, in
 * keys and strings alike (in JSON it can only be spelt `\\u0000`).
 */
const withoutNul = (text: string) => text.replaceAll('\0', '\uFFFD');
const reviveWithoutNul = (_key: string, value: unknown) => {
  if (typeof value === 'string') return withoutNul(value);
  if (value && typeof value === 'object' && !Array.isArray(value))
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [withoutNul(key), v]));
  return value;
};

export type Verification = { ok: true; svixId: string; payload: unknown } | { ok: false; error: string };

/**
 * The payload of a genuine delivery. A body that is not JSON, or absurdly nested JSON,
 * is kept as text, recorded as failed, never a 500.
 */
function payloadOf(rawBody: string): unknown {
  let payload: unknown;
  try {
    payload = JSON.parse(rawBody);
  } catch {
    return withoutNul(rawBody);
  }
  if (jsonDepth(payload) > MAX_PAYLOAD_DEPTH) return withoutNul(rawBody);
  return rawBody.includes('\\u0000') ? JSON.parse(rawBody, reviveWithoutNul) : payload;
}

/**
 * Checks the svix signature over the raw body (never a re-serialised object:
 * that changes the bytes) and the timestamp (svix refuses anything more than
 * five minutes off, which bounds replays).
 */
export function verifyDelivery(secret: string, rawBody: string, headers: SvixHeaders): Verification {
  try {
    new Webhook(secret).verify(rawBody, headers);
  } catch (error) {
    if (error instanceof WebhookVerificationError) return { ok: false, error: `signature verification failed: ${error.message}` };
    throw error;
  }
  return { ok: true, svixId: headers['svix-id'], payload: payloadOf(rawBody) };
}

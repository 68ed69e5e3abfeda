import { randomUUID } from 'node:crypto';
import { Webhook } from 'svix';

/**
 * A delivery exactly as Clerk (through svix) sends it: for the send-webhook
 * tool, tests and the benchmark. Signing with the endpoint's secret is what
 * makes it genuine, so it needs no network and no Clerk account.
 */
export function signedWebhookRequest(
  url: string,
  secret: string,
  body: string,
  { id = `msg_${randomUUID()}`, timestamp = new Date() }: { id?: string; timestamp?: Date } = {},
): Request {
  return new Request(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'svix-signature': new Webhook(secret).sign(id, timestamp, body),
    },
    body,
  });
}

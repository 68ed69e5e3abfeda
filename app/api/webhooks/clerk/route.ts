import { db } from '@/lib/db';
import { env } from '@/lib/env/server';
import { receiveClerkWebhook } from '@/lib/webhooks/receive';

/** svix verification and the Postgres drivers need Node, not the Edge runtime. */
export const runtime = 'nodejs';

/** Clerk's webhook endpoint: verify the delivery, apply it (lib/sync), answer with the outcome. */
export async function POST(request: Request): Promise<Response> {
  const { status, body } = await receiveClerkWebhook(request, { secret: env.webhookSigningSecret, db });
  return Response.json(body, { status });
}

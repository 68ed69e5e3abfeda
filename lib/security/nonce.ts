import 'server-only';
import { headers } from 'next/headers';

/**
 * This request's CSP nonce (clerkMiddleware's strict policy sets `x-nonce`).
 * Next and Clerk put it on their own scripts; an inline script we render must
 * carry it too, or the browser refuses to run it. Reading it makes the page
 * dynamic, as any nonce does.
 */
export async function cspNonce(): Promise<string | undefined> {
  return (await headers()).get('x-nonce') ?? undefined;
}

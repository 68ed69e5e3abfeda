import { Webhook } from 'svix';

/** A delivery's event, verified as the app verifies it: throws on a bad signature (svix 2's `verify` only checks, it returns nothing). */
export function verifiedEvent<T>(secret: string, body: string, headers: Record<string, string>): T {
  new Webhook(secret).verify(body, headers);
  return JSON.parse(body) as T;
}

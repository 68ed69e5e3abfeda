/**
 * What an `Authorization` header carries, told apart without verifying anything: Web APIs only,
 * so the middleware (edge) and the route wrapper read it alike. Clerk's SDKs tell an API key
 * from a session token the same way: by its `ak_` prefix.
 */
export const API_KEY_PREFIX = 'ak_';

/** Clerk's secrets: `ak_` and base62; anything longer or stranger is refused before Clerk is asked. */
export const API_KEY_PATTERN = /^ak_[A-Za-z0-9]{16,128}$/;

export type Bearer = { kind: 'none' } | { kind: 'api_key'; secret: string } | { kind: 'other' };

export function bearerOf(headers: Headers): Bearer {
  const value = headers.get('authorization');
  if (!value) return { kind: 'none' };
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(value);
  if (match?.[1]?.startsWith(API_KEY_PREFIX)) return { kind: 'api_key', secret: match[1] };
  return { kind: 'other' };
}

/** What the rate limiter counts a key request by, before any verification: the first characters of the secret. */
export const apiKeyPrefix = (secret: string) => secret.slice(0, API_KEY_PREFIX.length + 8);

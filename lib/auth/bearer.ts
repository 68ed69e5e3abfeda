/**
 * The API key an `Authorization` header bears, told apart without verifying anything: Web APIs
 * only and few bytes, so the middleware (edge) and the route wrapper read it alike. Clerk's SDKs
 * tell an API key from a session token the same way: by its `ak_` prefix.
 */
export const apiKeyOf = (headers: Headers): string | null => /^Bearer +(ak_\S*)\s*$/i.exec(headers.get('authorization') ?? '')?.[1] ?? null;

/** Clerk's secrets: `ak_` and base62; anything longer or stranger is refused before Clerk is asked. */
export const API_KEY_PATTERN = /^ak_[A-Za-z0-9]{16,128}$/;

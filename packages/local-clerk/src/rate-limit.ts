import { ClerkApiError } from './errors';
import type { JsonResponse } from './http';

/**
 * Clerk's Backend API rate limit, on demand (`POST /__local/backend-api/rate-limit`):
 * the next requests answer as Clerk does once an instance is over its limit,
 * `429` with `Retry-After` (seconds) and a Clerk error body, so a client's
 * backoff can be tested. Clerk does not limit the JWKS; neither does this.
 */
export class BackendApiRateLimit {
  private allowed = 0;
  private remaining = 0;
  private retryAfterSeconds = 1;

  /** After `after` more requests go through, the next `requests` are refused, each asking to wait `retryAfterSeconds`. */
  refuse({ requests, retryAfterSeconds, after = 0 }: { requests: number; retryAfterSeconds: number; after?: number }) {
    Object.assign(this, { allowed: after, remaining: requests, retryAfterSeconds });
  }

  /** The refusal for this request, or null when it may go through. */
  take(method: string, pathname: string): JsonResponse | null {
    if (this.remaining <= 0 || (method === 'GET' && pathname === '/v1/jwks')) return null;
    if (this.allowed > 0) {
      this.allowed -= 1;
      return null;
    }
    this.remaining -= 1;
    const error = new ClerkApiError(429, 'too_many_requests', 'Too many requests', 'Too many requests, please try again later.');
    return { status: 429, body: error.toJSON(), headers: { 'Retry-After': String(this.retryAfterSeconds) } };
  }
}

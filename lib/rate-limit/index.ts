import { NextResponse, type NextRequest } from 'next/server';
import { createPathMatcher, normalizePath } from '@/lib/auth/route-matcher';
import { RATE_LIMIT_EXEMPT, isApiPath } from '@/lib/auth/routes';
import { createMemoryRateLimiter, retryAfterSeconds, type RateLimitResult, type RateLimiter } from './core';
import { RATE_LIMIT_DEFAULTS, readRateLimitConfig } from './config';

const isExempt = createPathMatcher(RATE_LIMIT_EXEMPT);

/** Every API route is limited except Clerk's webhook (retries must get through) and the health check. */
export const isRateLimited = (request: NextRequest) => {
  const pathname = normalizePath(request.nextUrl.pathname) ?? request.nextUrl.pathname;
  return isApiPath(pathname) && !isExempt(pathname);
};

/**
 * The client's address from the platform's forwarded headers: the first entry
 * of `x-forwarded-for`, else `x-real-ip`. Only as trustworthy as the proxy in
 * front of the app (Vercel sets both itself; a bare `next start` keeps what the
 * client sent), which is why signed-in requests are keyed by user id instead.
 */
export function clientIp(headers: Headers): string | null {
  const forwarded = headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || headers.get('x-real-ip')?.trim() || null;
}

export const rateLimitKey = (headers: Headers, userId: string | null) =>
  userId ? `user:${userId}` : `ip:${clientIp(headers) ?? 'unknown'}`;

let limiter: Promise<RateLimiter> | undefined;
let windowMs = RATE_LIMIT_DEFAULTS.windowMs;

/** Upstash when configured (one limit across instances), else this process's memory. Built once. */
function getLimiter(): Promise<RateLimiter> {
  limiter ??= (async () => {
    const { upstash, ...window } = readRateLimitConfig();
    windowMs = window.windowMs;
    if (!upstash) return createMemoryRateLimiter(window);
    // Inlined by next.config.ts: Upstash's client is bundled only when configured at build time.
    if (process.env.RATE_LIMIT_UPSTASH_BUNDLED !== '1') {
      console.warn('UPSTASH_REDIS_REST_URL is set but was not at build time: rebuild to use Upstash. Using the in-process limiter.');
      return createMemoryRateLimiter(window);
    }
    const { createUpstashRateLimiter } = await import('./upstash');
    return createUpstashRateLimiter({ ...upstash, ...window });
  })();
  return limiter;
}

let failureLoggedAt = Number.NEGATIVE_INFINITY;

/** Once per window, not per request: during an outage every API call fails the same way. */
function logFailure(error: unknown, now = Date.now()) {
  if (now - failureLoggedAt < windowMs) return;
  failureLoggedAt = now;
  console.error(`Rate limiter unavailable; requests are allowed (logged once per ${windowMs} ms).`, error);
}

/**
 * Counts this request against its key. Null when the route is not limited, or
 * when the limiter itself fails (fail open: an outage of Redis must not take
 * the API down with it; the error is logged once per window).
 */
export async function rateLimit(request: NextRequest, userId: string | null): Promise<RateLimitResult | null> {
  if (!isRateLimited(request)) return null;
  try {
    return await (await getLimiter()).limit(rateLimitKey(request.headers, userId));
  } catch (error) {
    logFailure(error);
    return null;
  }
}

export function rateLimitHeaders(result: RateLimitResult, now = Date.now()): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(result.limit),
    'X-RateLimit-Remaining': String(Math.max(0, result.remaining)),
    'X-RateLimit-Reset': String(Math.ceil(result.resetAt / 1000)),
    ...(result.success ? {} : { 'Retry-After': String(retryAfterSeconds(result, now)) }),
  };
}

/** The 429 answer: JSON like every other API error, with `Retry-After` in seconds. */
export function tooManyRequests(result: RateLimitResult, now = Date.now()): NextResponse {
  const retryAfter = retryAfterSeconds(result, now);
  return NextResponse.json(
    { error: 'rate_limited', message: `Too many requests. Try again in ${retryAfter} s.`, retryAfter },
    { status: 429, headers: rateLimitHeaders(result, now) },
  );
}

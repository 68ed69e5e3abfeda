import { NextResponse, type NextRequest } from 'next/server';
import { apiKeyOf } from '@/lib/auth/bearer';
import { createPathMatcher, normalizePath } from '@/lib/auth/route-matcher';
import { RATE_LIMIT_EXEMPT, isApiPath } from '@/lib/auth/routes';
import { createMemoryRateLimiter, retryAfterSeconds, type RateLimitResult, type RateLimiter } from './core';
import { RATE_LIMIT_DEFAULTS, readRateLimitConfig, type TrustedProxy } from './config';
import { createUpstashRateLimiter } from './upstash';
// The middleware runs this: the edge logger (same lines), not LogTape.
import { edgeLogger } from '@/lib/log/edge';

const log = edgeLogger('rate-limit');

const isExempt = createPathMatcher(RATE_LIMIT_EXEMPT);

/** Every API route is limited except Clerk's webhook (retries must get through) and the health check. */
export const isRateLimited = (request: NextRequest) => {
  const pathname = normalizePath(request.nextUrl.pathname) ?? request.nextUrl.pathname;
  return isApiPath(pathname) && !isExempt(pathname);
};

/**
 * A signed-out caller's address, from a header only the trusted proxy can have written: on Vercel,
 * `x-vercel-forwarded-for` (Vercel sets it from the connection); behind N proxies that append to
 * `x-forwarded-for`, the entry N from the right (the one the outermost trusted proxy added; those to
 * its left are the client's word). Next itself keeps a client's `x-forwarded-for` as sent, so with no
 * proxy trusted there is no address: null.
 */
export function clientIp(headers: Headers, trustedProxy: TrustedProxy): string | null {
  if (trustedProxy === 'vercel') return headers.get('x-vercel-forwarded-for')?.split(',')[0]?.trim() || null;
  if (!trustedProxy) return null;
  return headers.get('x-forwarded-for')?.split(',').at(-trustedProxy)?.trim() || null;
}

/** `/api/projects/1` → `/api/projects`: signed-out callers without an address share one limit per group. */
const routeGroup = (pathname: string) => /^\/api\/[^/]+/.exec(pathname)?.[0] ?? '/api';

/** Signed in: the user. Signed out: the address a trusted proxy reported, else one key per route group (never a name the caller chose). */
export function rateLimitKey(headers: Headers, pathname: string, userId: string | null, trustedProxy: TrustedProxy): string {
  if (userId) return `user:${userId}`;
  // An API key, by its first characters (`ak_` and 8): before any verification, so no name the caller may not choose matters.
  const key = apiKeyOf(headers);
  if (key) return `ak:${key.slice(0, 11)}`;
  const ip = clientIp(headers, trustedProxy);
  return ip ? `ip:${ip}` : `anonymous:${routeGroup(pathname)}`;
}

let limiter: RateLimiter | undefined;
let windowMs = RATE_LIMIT_DEFAULTS.windowMs;
let trustedProxy: TrustedProxy = 0;

/** Upstash when configured (one limit across instances), else this process's memory. Built once. */
function getLimiter(): RateLimiter {
  if (limiter) return limiter;
  const { upstash, trustedProxy: trusted, ...window } = readRateLimitConfig();
  windowMs = window.windowMs;
  trustedProxy = trusted;
  limiter = upstash ? createUpstashRateLimiter({ ...upstash, ...window }) : createMemoryRateLimiter(window);
  return limiter;
}

let failureLoggedAt = Number.NEGATIVE_INFINITY;

/** Once per window, not per request: during an outage every API call fails the same way. */
function logFailure(error: unknown, now = Date.now()) {
  if (now - failureLoggedAt < windowMs) return;
  failureLoggedAt = now;
  log.error(`Rate limiter unavailable; requests are allowed (logged once per ${windowMs} ms).`, { error });
}

/**
 * Counts this request against its key. Null when the route is not limited, or
 * when the limiter itself fails (fail open: an outage of Redis must not take
 * the API down with it; the error is logged once per window).
 */
export async function rateLimit(request: NextRequest, userId: string | null): Promise<RateLimitResult | null> {
  if (!isRateLimited(request)) return null;
  try {
    const active = getLimiter();
    const pathname = normalizePath(request.nextUrl.pathname) ?? request.nextUrl.pathname;
    return await active.limit(rateLimitKey(request.headers, pathname, userId, trustedProxy));
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

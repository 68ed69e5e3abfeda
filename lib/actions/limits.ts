import { readRateLimitConfig } from '@/lib/rate-limit/config';
import { createMemoryRateLimiter, type RateLimitResult, type RateLimiter, type WindowConfig } from '@/lib/rate-limit/core';
import { logger } from '@/lib/log';

const log = logger('actions');

/**
 * Server actions are POSTs to page URLs, which the middleware's API limiter
 * does not count; each action names one of these limits instead. Per signed-in
 * user, sliding window. Invitations send email on Clerk's side (and cost your
 * Clerk quota), so they are the tightest.
 */
export const ACTION_LIMITS = {
  invitations: { max: 5, windowMs: 60_000 },
  organizationSettings: { max: 10, windowMs: 60_000 },
  members: { max: 20, windowMs: 60_000 },
  projects: { max: 30, windowMs: 60_000 },
  roles: { max: 20, windowMs: 60_000 },
  impersonation: { max: 10, windowMs: 60_000 },
  /** Not an action: API key verifications (billed calls to Clerk) per caller address, counted by the route wrapper on a cache miss. */
  apiKeyVerifications: { max: 10, windowMs: 10_000 },
} as const satisfies Record<string, WindowConfig>;

export type ActionLimit = keyof typeof ACTION_LIMITS;

const limiters = new Map<ActionLimit, Promise<RateLimiter>>();

/** Upstash when configured (one count across instances, as the API limiter), else this process's memory. */
function limiterFor(name: ActionLimit): Promise<RateLimiter> {
  let limiter = limiters.get(name);
  if (!limiter) {
    const window = ACTION_LIMITS[name];
    const { upstash } = readRateLimitConfig();
    limiter = upstash
      ? import('@/lib/rate-limit/upstash').then(({ createUpstashRateLimiter }) => createUpstashRateLimiter({ ...upstash, ...window }))
      : Promise.resolve(createMemoryRateLimiter(window));
    limiters.set(name, limiter);
  }
  return limiter;
}

/**
 * Counts one call of an action by this user. Null when the limiter itself
 * fails: allowed and logged, like the API limiter (an outage of Redis must not
 * stop every form).
 */
export async function limitAction(name: ActionLimit, userId: string): Promise<RateLimitResult | null> {
  try {
    return await (await limiterFor(name)).limit(`action:${name}:${userId}`);
  } catch (error) {
    log.error('Action rate limiter unavailable; call allowed.', { error });
    return null;
  }
}

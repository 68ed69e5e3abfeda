import type { RateLimiter, WindowConfig } from './core';

export interface UpstashOptions extends WindowConfig {
  url: string;
  token: string;
}

/**
 * One limit shared by every instance, in Upstash Redis. The SDKs are imported
 * here, and this module is imported lazily, only when Upstash is configured.
 */
export async function createUpstashRateLimiter({ url, token, max, windowMs }: UpstashOptions): Promise<RateLimiter> {
  const [{ Ratelimit }, { Redis }] = await Promise.all([import('@upstash/ratelimit'), import('@upstash/redis')]);
  const ratelimit = new Ratelimit({
    redis: new Redis({ url, token }),
    limiter: Ratelimit.slidingWindow(max, `${windowMs} ms`),
    prefix: 'ratelimit:api',
  });
  return {
    async limit(key) {
      const { success, limit, remaining, reset, reason } = await ratelimit.limit(key);
      // Ratelimit answers a slow Redis with success and limit 0: a failure like any other to the caller.
      if (reason === 'timeout') throw new Error("Upstash did not answer within the rate limiter's timeout");
      return { success, limit, remaining, resetAt: reset };
    },
  };
}

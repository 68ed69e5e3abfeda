import type { RateLimiter, RateLimitResult, WindowConfig } from './core';

export interface UpstashOptions extends WindowConfig {
  url: string;
  token: string;
}

/** Upstash not answering within this is a failure (the caller fails open), as with @upstash/ratelimit's timeout. */
const TIMEOUT_MS = 5_000;

/** Keys are `ratelimit:api:<key>:<fixed window number>`, the layout @upstash/ratelimit used here before. */
const PREFIX = 'ratelimit:api';

/**
 * @upstash/ratelimit's single-region sliding window, in one atomic script: a counter per fixed
 * window, plus the previous window's count weighted by the share of it the sliding window still
 * covers. Answers the requests left (-1: refused, not counted). The shebang flag is Upstash's.
 */
export const SLIDING_WINDOW_SCRIPT = `#!lua flags=allow-key-locking
local limit = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local window = tonumber(ARGV[3])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local previous = math.floor((1 - (now % window) / window) * tonumber(redis.call('GET', KEYS[2]) or '0'))
if previous + current >= limit then return -1 end
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], window * 2 + 1000) end
return limit - (count + previous)
`;

/**
 * One limit shared by every instance, in Upstash Redis, through its REST API
 * (`POST <url>` with a JSON command, `{ result }` or `{ error }` back). Written
 * here rather than with @upstash/ratelimit and @upstash/redis, which took
 * ~28 KiB gzip of the edge middleware's budget for this one call
 * (docs/performance.md). Like @upstash/ratelimit, a caller refused is refused
 * again by this instance, without asking Upstash, until the window ends.
 */
export function createUpstashRateLimiter({ url, token, max, windowMs }: UpstashOptions): RateLimiter {
  const blockedUntil = new Map<string, number>();

  // EVAL, not EVALSHA: Redis caches the script by its hash either way, and there is no NOSCRIPT retry to get wrong.
  async function evaluate(keys: string[], args: number[]): Promise<number> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(['EVAL', SLIDING_WINDOW_SCRIPT, keys.length, ...keys, ...args]),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      cache: 'no-store',
    });
    const answer = (await response.json().catch(() => ({}))) as { result?: unknown; error?: string };
    if (!response.ok || typeof answer.result !== 'number') {
      throw new Error(`Upstash answered ${response.status}: ${answer.error ?? 'no result'}`);
    }
    return answer.result;
  }

  return {
    async limit(key): Promise<RateLimitResult> {
      const time = Date.now();
      const id = `${PREFIX}:${key}`;
      const blocked = blockedUntil.get(id);
      if (blocked !== undefined && blocked > time) return { success: false, limit: max, remaining: 0, resetAt: blocked };
      blockedUntil.delete(id);

      const window = Math.floor(time / windowMs);
      const remaining = await evaluate([`${id}:${window}`, `${id}:${window - 1}`], [max, time, windowMs]);
      const resetAt = (window + 1) * windowMs;
      if (remaining < 0) {
        // Every key's windows end together, so insertion order is expiry order: the expired entries lead.
        for (const [other, until] of blockedUntil) {
          if (until > time) break;
          blockedUntil.delete(other);
        }
        blockedUntil.set(id, resetAt);
      }
      return { success: remaining >= 0, limit: max, remaining: Math.max(0, remaining), resetAt };
    },
  };
}

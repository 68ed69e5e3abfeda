/**
 * The rate limiter's pure core: a sliding-window log per key, with the clock
 * injected. `createMemoryRateLimiter` keeps the logs in this process's memory.
 */
export interface WindowConfig {
  /** Requests allowed per window. */
  max: number;
  windowMs: number;
}

export interface RateLimitResult {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch ms when the oldest counted request leaves the window (one more request fits). */
  resetAt: number;
}

export interface RateLimiter {
  limit(key: string): Promise<RateLimitResult>;
}

/**
 * One request against one key's log (timestamps of the requests counted in the
 * window). Exact sliding window: a request counts for `windowMs` after it was
 * made; refused requests are not counted.
 */
export function slidingWindowHit(log: readonly number[], now: number, { max, windowMs }: WindowConfig) {
  const recent = log.filter((timestamp) => timestamp > now - windowMs);
  const success = recent.length < max;
  const next = success ? [...recent, now] : recent;
  const oldest = next[0] ?? now;
  const result: RateLimitResult = { success, limit: max, remaining: max - next.length, resetAt: oldest + windowMs };
  return { log: next, result };
}

/** Whole seconds until `resetAt`, at least 1: the `Retry-After` of a refused request. */
export const retryAfterSeconds = (result: RateLimitResult, now: number) => Math.max(1, Math.ceil((result.resetAt - now) / 1000));

export interface MemoryLimiterOptions extends WindowConfig {
  now?: () => number;
  /** Keys kept at most; the least recently seen are dropped first (bounds memory under a flood of addresses). */
  maxKeys?: number;
}

/**
 * In-process limiter. Per instance: each server process, serverless instance or
 * edge isolate counts on its own, so N instances allow up to N times the limit.
 * Use Upstash (lib/rate-limit/upstash.ts) for one limit across instances.
 */
export function createMemoryRateLimiter({ now = Date.now, maxKeys = 10_000, ...window }: MemoryLimiterOptions): RateLimiter {
  // Insertion order is last-seen order: the first entries are the stalest.
  const logs = new Map<string, number[]>();

  const evict = (time: number) => {
    for (const [key, log] of logs) {
      const stale = (log.at(-1) ?? 0) <= time - window.windowMs;
      if (!stale && logs.size <= maxKeys) return;
      logs.delete(key);
    }
  };

  return {
    async limit(key) {
      const time = now();
      const { log, result } = slidingWindowHit(logs.get(key) ?? [], time, window);
      logs.delete(key);
      logs.set(key, log);
      evict(time);
      return result;
    },
  };
}

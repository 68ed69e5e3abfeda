import type { WindowConfig } from './core';

export interface RateLimitConfig extends WindowConfig {
  /** Upstash Redis REST credentials; null means the in-process limiter. */
  upstash: { url: string; token: string } | null;
}

export const RATE_LIMIT_DEFAULTS: WindowConfig = { max: 10, windowMs: 10_000 };

type Source = Record<string, string | undefined>;

const positiveInteger = (source: Source, name: string, fallback: number): number => {
  const raw = source[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(`${name}: must be a positive whole number, got "${raw}". Fix: set it to e.g. ${fallback}, or remove it for the default`);
  }
  return value;
};

/**
 * The rate limiter's configuration from the environment: RATE_LIMIT_MAX
 * requests per RATE_LIMIT_WINDOW_MS per caller (defaults 10 per 10 000 ms),
 * in Upstash when both UPSTASH_REDIS_REST_* are set. Parsed by hand, not zod:
 * this runs in the middleware, whose bundle stays small.
 */
export function readRateLimitConfig(source: Source = process.env): RateLimitConfig {
  const url = source.UPSTASH_REDIS_REST_URL?.trim();
  const token = source.UPSTASH_REDIS_REST_TOKEN?.trim();
  if (Boolean(url) !== Boolean(token)) {
    throw new Error('UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: only one is set. Fix: set both (Upstash console > REST API) or neither');
  }
  return {
    max: positiveInteger(source, 'RATE_LIMIT_MAX', RATE_LIMIT_DEFAULTS.max),
    windowMs: positiveInteger(source, 'RATE_LIMIT_WINDOW_MS', RATE_LIMIT_DEFAULTS.windowMs),
    upstash: url && token ? { url, token } : null,
  };
}

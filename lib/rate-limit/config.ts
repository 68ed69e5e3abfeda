import type { WindowConfig } from './core';

/**
 * Who may tell the app a signed-out caller's address (docs/security.md): `'vercel'` (Vercel's own
 * header), N proxies in front that each append to X-Forwarded-For, or 0: nobody, one limit shared.
 */
export type TrustedProxy = 'vercel' | number;

export interface RateLimitConfig extends WindowConfig {
  /** Upstash Redis REST credentials; null means the in-process limiter. */
  upstash: { url: string; token: string } | null;
  trustedProxy: TrustedProxy;
}

export const RATE_LIMIT_DEFAULTS: WindowConfig = { max: 10, windowMs: 10_000 };

type Source = Record<string, string | undefined>;

const positiveInteger = (source: Source, name: string, fallback: number): number => {
  const raw = source[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new Error(
      `${name}: must be a positive whole number, got "${raw}". Fix: set it to e.g. ${fallback}, or remove it for the default`,
    );
  }
  return value;
};

/** TRUSTED_PROXY_HOPS when set; unset, Vercel's header on Vercel (it sets VERCEL=1), else no proxy trusted. */
function trustedProxy(source: Source): TrustedProxy {
  const raw = source.TRUSTED_PROXY_HOPS?.trim();
  if (!raw) return source.VERCEL === '1' ? 'vercel' : 0;
  if (!/^(\d|10)$/.test(raw)) {
    throw new Error(
      `TRUSTED_PROXY_HOPS: must be the number of proxies in front of the app that append to X-Forwarded-For (0 to 10), got "${raw}". ` +
        'Fix: set it to 1 behind one proxy (nginx, a load balancer, Fly, Render), or remove it (on Vercel, or with no proxy)',
    );
  }
  return Number(raw);
}

/**
 * The rate limiter's configuration from the environment: RATE_LIMIT_MAX
 * requests per RATE_LIMIT_WINDOW_MS per caller (defaults 10 per 10 000 ms),
 * in Upstash when both UPSTASH_REDIS_REST_* are set, signed-out callers told
 * apart by TRUSTED_PROXY_HOPS. Parsed by hand, not zod: this runs in the
 * middleware, whose bundle stays small; lib/env/schema.ts declares the same.
 */
export function readRateLimitConfig(source: Source = process.env): RateLimitConfig {
  const url = source.UPSTASH_REDIS_REST_URL?.trim();
  const token = source.UPSTASH_REDIS_REST_TOKEN?.trim();
  if (Boolean(url) !== Boolean(token)) {
    throw new Error(
      'UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN: only one is set. Fix: set both (Upstash console > REST API) or neither',
    );
  }
  return {
    max: positiveInteger(source, 'RATE_LIMIT_MAX', RATE_LIMIT_DEFAULTS.max),
    windowMs: positiveInteger(source, 'RATE_LIMIT_WINDOW_MS', RATE_LIMIT_DEFAULTS.windowMs),
    upstash: url && token ? { url, token } : null,
    trustedProxy: trustedProxy(source),
  };
}

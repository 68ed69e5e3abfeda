import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { readRateLimitConfig } from '@/lib/rate-limit/config';
import { createMemoryRateLimiter, retryAfterSeconds, slidingWindowHit } from '@/lib/rate-limit/core';
import { clientIp, isRateLimited, rateLimitHeaders, rateLimitKey, tooManyRequests } from '@/lib/rate-limit';

const window = { max: 10, windowMs: 10_000 };

/** A limiter on a clock the test moves by hand. */
function limiterAt(start = 1_000_000, options: { maxKeys?: number } = {}) {
  let time = start;
  const limiter = createMemoryRateLimiter({ ...window, ...options, now: () => time });
  return { limiter, at: (t: number) => (time = start + t), hit: (key = 'k') => limiter.limit(key) };
}

describe('sliding window (injected clock)', () => {
  it('allows 10 requests, refuses the 11th with the seconds until the oldest leaves the window', async () => {
    const { hit, at } = limiterAt();
    for (let i = 0; i < 10; i++) {
      at(i * 100);
      expect(await hit()).toMatchObject({ success: true, limit: 10, remaining: 9 - i });
    }
    at(2_500);
    const refused = await hit();
    expect(refused).toMatchObject({ success: false, limit: 10, remaining: 0, resetAt: 1_000_000 + 10_000 });
    expect(retryAfterSeconds(refused, 1_000_000 + 2_500)).toBe(8); // 7.5 s, rounded up
  });

  it('slides: a slot frees exactly when the oldest request is windowMs old, not at a fixed boundary', async () => {
    const { hit, at } = limiterAt();
    for (let i = 0; i < 5; i++) await hit(); // t = 0
    at(6_000);
    for (let i = 0; i < 5; i++) expect((await hit()).success).toBe(true); // t = 6 s
    at(9_999);
    const refused = await hit();
    expect(refused.success).toBe(false);
    expect(retryAfterSeconds(refused, 1_000_000 + 9_999)).toBe(1);
    at(10_000); // the five from t = 0 have left; the five from t = 6 s still count
    for (let i = 0; i < 5; i++) expect((await hit()).success).toBe(true);
    const full = await hit();
    expect(full).toMatchObject({ success: false, resetAt: 1_000_000 + 16_000 });
    at(16_000);
    expect((await hit()).success).toBe(true);
  });

  it('does not count refused requests (hammering does not extend the wait)', async () => {
    const { hit, at } = limiterAt();
    for (let i = 0; i < 10; i++) await hit();
    for (let t = 1_000; t < 10_000; t += 1_000) {
      at(t);
      expect((await hit()).success).toBe(false);
    }
    at(10_000);
    expect(await hit()).toMatchObject({ success: true, remaining: 9 });
  });

  it('keeps keys apart', async () => {
    const { hit } = limiterAt();
    for (let i = 0; i < 10; i++) await hit('user:a');
    expect((await hit('user:a')).success).toBe(false);
    expect((await hit('user:b')).success).toBe(true);
  });

  it('bounds memory: beyond maxKeys the least recently seen key is forgotten', async () => {
    const { hit } = limiterAt(0, { maxKeys: 2 });
    for (let i = 0; i < 10; i++) await hit('a');
    await hit('b');
    await hit('c'); // evicts 'a'
    expect((await hit('a')).success).toBe(true);
  });

  it('slidingWindowHit is pure', () => {
    const log = [0, 1];
    const { log: next, result } = slidingWindowHit(log, 2, { max: 3, windowMs: 10 });
    expect(log).toEqual([0, 1]);
    expect(next).toEqual([0, 1, 2]);
    expect(result).toEqual({ success: true, limit: 3, remaining: 0, resetAt: 10 });
  });
});

describe('rate-limit policy', () => {
  const request = (path: string, headers: Record<string, string> = {}) =>
    new NextRequest(new URL(path, 'http://localhost:3000'), { headers });

  it.each(['/api/me', '/api/admin/users/u/role', '/api/projects/1', '/api/public/other'])('limits %s', (path) => {
    expect(isRateLimited(request(path))).toBe(true);
  });
  it.each(['/api/webhooks/clerk', '/api/webhooks', '/api/public/health', '/dashboard', '/admin', '/apiary'])(
    'does not limit %s',
    (path) => {
      expect(isRateLimited(request(path))).toBe(false);
    },
  );

  it('keys signed-in callers by user id, whatever their address', () => {
    expect(rateLimitKey(new Headers({ 'x-forwarded-for': '203.0.113.9' }), '/api/me', 'user_1', 1)).toBe('user:user_1');
  });
  it('trusts no address by default: signed-out callers share one key per route group, whatever they send', () => {
    const headers = new Headers({ 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.9', 'x-vercel-forwarded-for': '203.0.113.9' });
    expect(clientIp(headers, 0)).toBeNull();
    expect(rateLimitKey(headers, '/api/projects/1', null, 0)).toBe('anonymous:/api/projects');
    expect(rateLimitKey(new Headers(), '/api/csp-report', null, 0)).toBe('anonymous:/api/csp-report');
  });
  it("behind N proxies, takes the x-forwarded-for entry N from the right (the entries left of it are the client's word)", () => {
    const headers = new Headers({ 'x-forwarded-for': ' 6.6.6.6 , 203.0.113.9, 10.0.0.1 ' });
    expect(clientIp(headers, 1)).toBe('10.0.0.1');
    expect(clientIp(headers, 2)).toBe('203.0.113.9');
    expect(rateLimitKey(headers, '/api/me', null, 2)).toBe('ip:203.0.113.9');
    // Fewer entries than trusted hops: the request did not come through the proxies, so no address.
    expect(clientIp(new Headers({ 'x-forwarded-for': '203.0.113.9' }), 2)).toBeNull();
    expect(rateLimitKey(new Headers({ 'x-real-ip': '203.0.113.9' }), '/api/me', null, 1)).toBe('anonymous:/api/me');
  });
  it("on Vercel, reads Vercel's x-vercel-forwarded-for only", () => {
    expect(clientIp(new Headers({ 'x-vercel-forwarded-for': '203.0.113.9', 'x-forwarded-for': '6.6.6.6' }), 'vercel')).toBe('203.0.113.9');
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6' }), 'vercel')).toBeNull();
  });

  it('answers 429 JSON with Retry-After in seconds and X-RateLimit-* headers', async () => {
    const response = tooManyRequests({ success: false, limit: 10, remaining: 0, resetAt: 20_500 }, 12_000);
    expect(response.status).toBe(429);
    expect(Object.fromEntries(response.headers)).toMatchObject({
      'retry-after': '9',
      'x-ratelimit-limit': '10',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': '21',
    });
    expect(await response.json()).toMatchObject({ error: 'rate_limited', retryAfter: 9 });
  });

  it('allowed responses carry X-RateLimit-* but no Retry-After', () => {
    const headers = rateLimitHeaders({ success: true, limit: 10, remaining: 4, resetAt: 20_000 }, 12_000);
    expect(headers).toEqual({ 'X-RateLimit-Limit': '10', 'X-RateLimit-Remaining': '4', 'X-RateLimit-Reset': '20' });
  });
});

describe('API key requests', () => {
  it('are limited by the key prefix before any verification, whoever the address', () => {
    const headers = new Headers({ authorization: 'Bearer ak_ABCDEFGH0123456789xyz', 'x-forwarded-for': '203.0.113.9' });
    expect(rateLimitKey(headers, '/api/projects', null, 1)).toBe('ak:ak_ABCDEFGH');
    // A signed-in session is its user, whatever it sends.
    expect(rateLimitKey(headers, '/api/projects', 'user_1', 1)).toBe('user:user_1');
  });
});

describe('readRateLimitConfig', () => {
  it('defaults to 10 requests per 10 s in memory', () => {
    expect(readRateLimitConfig({})).toEqual({ max: 10, windowMs: 10_000, upstash: null, trustedProxy: 0 });
    const blank = { RATE_LIMIT_MAX: '', RATE_LIMIT_WINDOW_MS: ' ', TRUSTED_PROXY_HOPS: '' };
    expect(readRateLimitConfig(blank)).toEqual({ max: 10, windowMs: 10_000, upstash: null, trustedProxy: 0 });
  });
  it('reads the limit, the window and Upstash credentials', () => {
    expect(
      readRateLimitConfig({
        RATE_LIMIT_MAX: '100',
        RATE_LIMIT_WINDOW_MS: '60000',
        UPSTASH_REDIS_REST_URL: 'https://x.upstash.io',
        UPSTASH_REDIS_REST_TOKEN: 't',
      }),
    ).toEqual({ max: 100, windowMs: 60_000, upstash: { url: 'https://x.upstash.io', token: 't' }, trustedProxy: 0 });
  });
  it("trusts Vercel's header on Vercel unless TRUSTED_PROXY_HOPS says otherwise, and names a wrong value with the fix", () => {
    expect(readRateLimitConfig({ VERCEL: '1' }).trustedProxy).toBe('vercel');
    expect(readRateLimitConfig({ VERCEL: '1', TRUSTED_PROXY_HOPS: '1' }).trustedProxy).toBe(1);
    expect(readRateLimitConfig({ TRUSTED_PROXY_HOPS: ' 2 ' }).trustedProxy).toBe(2);
    for (const value of ['-1', '11', 'one']) {
      const read = () => readRateLimitConfig({ TRUSTED_PROXY_HOPS: value });
      expect(read, value).toThrow(/^TRUSTED_PROXY_HOPS: must be the number of proxies.*Fix: set it to 1/);
    }
  });
  it.each([{ RATE_LIMIT_MAX: '0' }, { RATE_LIMIT_MAX: 'ten' }, { RATE_LIMIT_WINDOW_MS: '1.5' }, { RATE_LIMIT_MAX: '-1' }])(
    'rejects %j',
    (source) => {
      expect(() => readRateLimitConfig(source)).toThrow(/must be a positive whole number/);
    },
  );
  it('rejects half of the Upstash pair', () => {
    expect(() => readRateLimitConfig({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' })).toThrow(/only one is set/);
  });
});

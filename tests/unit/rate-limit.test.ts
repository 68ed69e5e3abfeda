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
  it.each(['/api/webhooks/clerk', '/api/webhooks', '/api/public/health', '/dashboard', '/admin', '/apiary'])('does not limit %s', (path) => {
    expect(isRateLimited(request(path))).toBe(false);
  });

  it('keys signed-in callers by user id, whatever their address', () => {
    expect(rateLimitKey(new Headers({ 'x-forwarded-for': '203.0.113.9' }), 'user_1')).toBe('user:user_1');
  });
  it('keys signed-out callers by the first x-forwarded-for entry, then x-real-ip', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': ' 203.0.113.9 , 10.0.0.1', 'x-real-ip': '198.51.100.1' }))).toBe('203.0.113.9');
    expect(clientIp(new Headers({ 'x-real-ip': '198.51.100.1' }))).toBe('198.51.100.1');
    expect(clientIp(new Headers({ 'x-forwarded-for': '', 'x-real-ip': '198.51.100.1' }))).toBe('198.51.100.1');
    expect(rateLimitKey(new Headers({ 'x-forwarded-for': '203.0.113.9' }), null)).toBe('ip:203.0.113.9');
    expect(rateLimitKey(new Headers(), null)).toBe('ip:unknown');
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

describe('readRateLimitConfig', () => {
  it('defaults to 10 requests per 10 s in memory', () => {
    expect(readRateLimitConfig({})).toEqual({ max: 10, windowMs: 10_000, upstash: null });
    expect(readRateLimitConfig({ RATE_LIMIT_MAX: '', RATE_LIMIT_WINDOW_MS: ' ' })).toEqual({ max: 10, windowMs: 10_000, upstash: null });
  });
  it('reads the limit, the window and Upstash credentials', () => {
    expect(
      readRateLimitConfig({ RATE_LIMIT_MAX: '100', RATE_LIMIT_WINDOW_MS: '60000', UPSTASH_REDIS_REST_URL: 'https://x.upstash.io', UPSTASH_REDIS_REST_TOKEN: 't' }),
    ).toEqual({ max: 100, windowMs: 60_000, upstash: { url: 'https://x.upstash.io', token: 't' } });
  });
  it.each([{ RATE_LIMIT_MAX: '0' }, { RATE_LIMIT_MAX: 'ten' }, { RATE_LIMIT_WINDOW_MS: '1.5' }, { RATE_LIMIT_MAX: '-1' }])('rejects %j', (source) => {
    expect(() => readRateLimitConfig(source)).toThrow(/must be a positive whole number/);
  });
  it('rejects half of the Upstash pair', () => {
    expect(() => readRateLimitConfig({ UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' })).toThrow(/only one is set/);
  });
});

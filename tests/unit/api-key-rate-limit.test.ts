import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * Key requests are counted before anything verifies them (the middleware's limiter, in memory here):
 * by key prefix, and by address over all keys, so a flood of made-up `ak_…` tokens is stopped
 * whichever part the flood varies. The default window: 10 requests per 10 s.
 */
let rateLimit: typeof import('@/lib/rate-limit').rateLimit;
beforeAll(async () => {
  vi.stubEnv('TRUSTED_PROXY_HOPS', '1');
  ({ rateLimit } = await import('@/lib/rate-limit'));
});

const fakeKey = () => `ak_${randomBytes(12).toString('hex')}`;
const keyRequest = (key: string, address: string) =>
  new NextRequest('http://localhost:3000/api/projects', { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': address } });

describe('API key requests, before verification', () => {
  it('a new prefix on every request from one address: the address limit stops the flood', async () => {
    const results = [];
    for (let i = 0; i < 12; i++) results.push((await rateLimit(keyRequest(fakeKey(), '198.51.100.1'), null))!.success);
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(results.slice(10)).toEqual([false, false]);
    expect((await rateLimit(keyRequest(fakeKey(), '198.51.100.2'), null))!.success).toBe(true);
  });

  it('one prefix from ever new addresses: the prefix limit stops it', async () => {
    const key = fakeKey();
    const results = [];
    for (let i = 0; i < 12; i++) results.push((await rateLimit(keyRequest(key, `203.0.113.${i + 1}`), null))!.success);
    expect(results.filter(Boolean)).toHaveLength(10);
    expect(results.slice(10)).toEqual([false, false]);
  });
});

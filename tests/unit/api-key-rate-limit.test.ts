import { randomBytes } from 'node:crypto';
import { NextRequest } from 'next/server';
import { describe, expect, it } from 'vitest';
import { rateLimit } from '@/lib/rate-limit';

/**
 * Key requests are counted by the middleware's limiter (in memory here) before anything verifies
 * them, by the key's prefix: one prefix from ever new addresses is stopped. Ever new prefixes from
 * one address are stopped where Clerk would be asked (tests/integration/api-keys.test.ts, "made-up keys").
 * The default window: 10 requests per 10 s.
 */
const keyRequest = (key: string, address: string) =>
  new NextRequest('http://localhost:3000/api/projects', { headers: { authorization: `Bearer ${key}`, 'x-forwarded-for': address } });

describe('API key requests, before verification', () => {
  it('one prefix from ever new addresses: the prefix limit stops it', async () => {
    const key = `ak_${randomBytes(12).toString('hex')}`;
    const results = [];
    for (let i = 0; i < 12; i++) results.push((await rateLimit(keyRequest(key, `203.0.113.${i + 1}`), null))!.success);
    expect(results).toEqual([...Array<boolean>(10).fill(true), false, false]);
  });
});

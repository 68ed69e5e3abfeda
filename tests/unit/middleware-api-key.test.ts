import { NextRequest, type NextFetchEvent } from 'next/server';
import { describe, expect, it } from 'vitest';
import middleware from '@/middleware';

/**
 * A request bearing an API key never reaches Clerk's middleware, which would verify the key with
 * Clerk's Backend API on every request, before any rate limit. No Clerk keys are configured here:
 * Clerk's middleware would refuse to run.
 */
const keyRequest = (path: string) =>
  new NextRequest(new URL(path, 'http://localhost:3000'), { headers: { authorization: 'Bearer ak_0123456789abcdefABCDEF' } });
/** The middleware's answer; it always answers this request (never `null`, which would mean "continue" untouched). */
async function answer(path: string): Promise<Response> {
  const response = await middleware(keyRequest(path), {} as NextFetchEvent);
  if (!response) throw new Error(`the middleware gave no answer for ${path}`);
  return response;
}

describe('the middleware, for an API key', () => {
  it('counts it and lets it through to the route handler, without Clerk', async () => {
    const response = await answer('/api/projects');
    expect(response.headers.get('x-middleware-next')).toBe('1');
    expect(response.headers.get('X-RateLimit-Limit')).toBe('10');
  });

  it('is limited before anything verifies it: the 11th request in the window is 429', async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++) statuses.push((await answer('/api/me')).status);
    expect(statuses.at(-1)).toBe(429);
  });

  it('on a page, it is no session: sign in', async () => {
    const response = await answer('/dashboard');
    expect(response.headers.get('location')).toMatch(/\/sign-in\?redirect_url=/);
  });
});

import { AUTO_PROXY_PATH } from '@clerk/shared/proxy';
import { unstable_doesMiddlewareMatch } from 'next/experimental/testing/server';
import { describe, expect, it } from 'vitest';
import { LOCAL_FAPI_PATH } from '@/lib/auth/routes';
import { config } from '@/middleware';

const matches = (path: string) => unstable_doesMiddlewareMatch({ config, url: `https://app.example.test${path}` });

describe('middleware matcher', () => {
  it.each([
    // Clerk's Frontend API proxy (auto-enabled on *.vercel.app with a production key) serves clerk-js and @clerk/ui:
    // clerkMiddleware answers them, so they must reach it although they end in .js.
    `${AUTO_PROXY_PATH}/npm/@clerk/clerk-js@6/dist/clerk.browser.js`,
    `${AUTO_PROXY_PATH}/npm/@clerk/ui@1/dist/ui.browser.js`,
    `${AUTO_PROXY_PATH}/v1/client`,
    `${AUTO_PROXY_PATH}/v1/environment?__clerk_api_version=2025-11-10`,
    '/',
    '/dashboard',
    '/org/acme/members',
    '/api/projects',
    '/api/data.json',
    '/trpc/x.js',
  ])('runs on %s', (path) => {
    expect(matches(path)).toBe(true);
  });

  it.each([
    '/_next/static/chunks/app.js',
    '/_next/static/css/app.css',
    '/_next/image?url=%2Flogo.png&w=64&q=75',
    '/favicon.ico',
    '/logo.svg',
    '/scripts/vendor.js',
    '/__clerk-lookalike.js',
    // Local mode's Frontend API is a route handler of its own.
    `${LOCAL_FAPI_PATH}/v1/client`,
    `${LOCAL_FAPI_PATH}/npm/@clerk/clerk-js/dist/clerk.browser.js`,
  ])('skips %s', (path) => {
    expect(matches(path)).toBe(false);
  });
});

import type { NextConfig } from 'next';

const securityHeaders = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=()' },
];

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Database drivers and the embedded Postgres stay in node_modules at run time.
  serverExternalPackages: ['pg', '@electric-sql/pglite', '@electric-sql/pglite-socket', 'ws'],
  // Workspace packages ship TypeScript sources.
  transpilePackages: ['@saas-starter/local-clerk'],
  experimental: { globalNotFound: true },
  env: { RATE_LIMIT_UPSTASH_BUNDLED: process.env.UPSTASH_REDIS_REST_URL ? '1' : '0' },
  async headers() {
    return [{ source: '/(.*)', headers: securityHeaders }];
  },
};

export default nextConfig;

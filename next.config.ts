import type { NextConfig } from 'next';
import { securityHeaders } from './lib/security/headers';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Database drivers and the embedded Postgres stay in node_modules at run time; so do LogTape (one global configuration
  // per process) and Sentry (loaded only with SENTRY_DSN: lib/observability/sentry.ts).
  serverExternalPackages: ['pg', '@electric-sql/pglite', '@electric-sql/pglite-socket', 'ws', '@logtape/logtape', '@sentry/nextjs'],
  // next/og tries `import('sharp')` and, when it is absent, renders with the WebAssembly resvg it ships. File tracing
  // followed that import into every page (each page's metadata links the Open Graph image), adding sharp's libvips
  // (~18 MiB) to every deployed function. No route needs it (no next/image here; Vercel optimizes images itself).
  outputFileTracingExcludes: { '/**': ['node_modules/sharp/**', 'node_modules/@img/**'] },
  // Workspace packages ship TypeScript sources.
  transpilePackages: ['@saas-starter/local-clerk'],
  // Without SENTRY_DSN at build time, Sentry's SDK stays out of the build: instrumentation.ts's trace (which Vercel
  // copies into every function) would otherwise carry it (~2.7 MiB). Vercel gives the variable to builds and functions alike.
  turbopack: {
    resolveAlias: process.env.SENTRY_DSN ? {} : { '@/lib/observability/sentry': './lib/observability/sentry-absent.ts' },
  },
  experimental: {
    globalNotFound: true,
    // Imports from `@clerk/shared`'s re-export-only entry points go to the modules defining what is used
    // (3.0 KiB gzip less first-load JS on /dashboard, docs/performance.md).
    optimizePackageImports: ['@clerk/shared'],
  },
  // `.ci/run` type-checks once (`npm run typecheck`) before its three builds; each would repeat it (about 50 s on two cores).
  typescript: { ignoreBuildErrors: process.env.CI_TYPECHECKED === '1' },
  async headers() {
    // The CSP is per request (a fresh nonce): clerkMiddleware sets it, see lib/security/csp.ts.
    const headers = securityHeaders({ production: process.env.NODE_ENV === 'production' }).map(({ key, value }) => ({ key, value }));
    return [{ source: '/(.*)', headers }];
  },
};

export default nextConfig;

import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      '.next/**',
      '.vercel/**',
      '.data/**',
      'node_modules/**',
      'drizzle/**',
      'playwright-report/**',
      'test-results/**',
      'next-env.d.ts',
    ],
  },
  {
    // Playwright fixtures call `use()`, which is not React's hook.
    files: ['tests/e2e/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // The app logs through lib/log.ts (JSON lines in production). scripts/ and packages/ are command-line tools: their console is their UI.
    files: ['app/**', 'lib/**', 'components/**', 'hooks/**', 'providers/**', 'middleware.ts', 'instrumentation.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // `@clerk/nextjs/errors` imports Clerk's "use client" hooks: server code using it made every hook ship with the
    // page (docs/performance.md). The same guard comes from `@clerk/backend/errors`; client hooks may keep the former.
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: '@clerk/nextjs/errors', message: "Server code: import it from '@clerk/backend/errors'." }] },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
];

export default config;

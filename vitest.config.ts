import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Vercel's build output is checked when there is one; CI always builds it (scripts/ci/vercel-build.ts).
const deployTests = process.env.CI || fs.existsSync('.vercel/output') ? ['tests/deploy/**/*.test.ts'] : [];

export default defineConfig({
  resolve: {
    alias: {
      '@': fileURLToPath(new URL('.', import.meta.url)),
      'server-only': fileURLToPath(new URL('./tests/support/empty.ts', import.meta.url)),
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'packages/*/tests/**/*.test.ts', ...deployTests],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Vitest's default is one worker per core but one: a single worker on two cores. Most files wait on Postgres, a
    // child process or a build, so two overlap those waits (every file has its own database, ports and data folder).
    maxWorkers: 2,
    // CI also writes machine-readable results, summed by .ci/run into one closing line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci-results/vitest.json' }]] : ['default'],
  },
});

/**
 * `npm run clerk:backfill`: reconciles the database with Clerk (users,
 * organizations, memberships) through the Backend API, with the same versioned
 * writes as the webhook, and prints what it changed. Safe to run any time: it
 * never overwrites a newer row, and tombstones only what Clerk confirms is gone.
 *
 * Run through the launcher, it uses the running app's DATABASE_URL and Clerk
 * (your CLERK_SECRET_KEY, or local mode's Backend API).
 */
import { createClerkClient } from '@clerk/nextjs/server';
import { createDatabase } from '../lib/db/client';
import { backfillFromClerk } from '../lib/sync/backfill';

const { CLERK_SECRET_KEY: secretKey, CLERK_API_URL: apiUrl, DATABASE_URL: databaseUrl } = process.env;
if (!secretKey || !databaseUrl) {
  console.error(
    `${!secretKey ? 'CLERK_SECRET_KEY' : 'DATABASE_URL'} is not set. Fix: run \`npm run clerk:backfill\` while \`npm run dev\` is running (it provides both), or set them`,
  );
  process.exit(2);
}

const database = createDatabase(databaseUrl, { max: 2 });
try {
  const started = performance.now();
  const report = await backfillFromClerk(database.db, createClerkClient({ secretKey, apiUrl }));
  console.table(report);
  console.log(`Backfilled from ${apiUrl ?? 'Clerk'} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
} catch (error) {
  console.error('Backfill stopped (pages before the failure are written; running it again is safe):', error);
  process.exitCode = 1;
} finally {
  await database.close();
}

/**
 * `npm run clerk:backfill`: reconciles the database with Clerk (users,
 * organizations, memberships, paid subscription items) through the Backend
 * API, with the same versioned writes as the webhook, and prints what it
 * changed. Safe to run any time: it never overwrites a newer row, tombstones
 * only what Clerk confirms is gone, and a killed run resumes where it stopped
 * (docs/webhooks.md#backfill).
 *
 * Run through the launcher, it uses the running app's DATABASE_URL and Clerk
 * (your CLERK_SECRET_KEY, or local mode's Backend API).
 */
import { createDatabase } from '../lib/db/client';
import { BackendApi } from '../lib/sync/backend-api';
import { backfillFromClerk } from '../lib/sync/backfill';

const { CLERK_SECRET_KEY: secretKey, CLERK_API_URL: apiUrl, DATABASE_URL: databaseUrl } = process.env;
if (!secretKey || !databaseUrl) {
  console.error(
    `${!secretKey ? 'CLERK_SECRET_KEY' : 'DATABASE_URL'} is not set. Fix: run \`npm run clerk:backfill\` while \`npm run dev\` is running (it provides both), or set them`,
  );
  process.exit(2);
}

const database = createDatabase(databaseUrl, { max: 1 });
const clerk = new BackendApi({ secretKey, apiUrl });
try {
  const started = performance.now();
  const report = await backfillFromClerk(database.db, clerk, {
    onPage: (list, counts) => console.log(`${list}: ${counts.seen} listed, ${counts.written} written`),
  });
  const { requests, resumed, ...entities } = report;
  console.table(entities);
  console.log(
    `Backfilled from ${apiUrl ?? 'Clerk'} in ${((performance.now() - started) / 1000).toFixed(1)} s: ${requests.calls} Backend API requests` +
      `${requests.rateLimited ? ` (${requests.rateLimited} answered 429 and waited out)` : ''}${resumed ? ', resumed from a checkpoint' : ''}`,
  );
} catch (error) {
  console.error('Backfill stopped (pages before the failure are written and checkpointed: running it again resumes):', error);
  process.exitCode = 1;
} finally {
  await database.close();
}

import { afterAll, beforeAll, vi } from 'vitest';
import { createTestDatabase, loadWebhookRoute, type TestDatabase, type WebhookRoute } from '../../scripts/support/database';

export * from '../../scripts/support/database';

/**
 * Per-file setup of the webhook tests: a fresh database and the route bound to
 * it, both ready in `beforeAll` and closed in `afterAll`. The route logs what it
 * rejects; those logs are silenced.
 */
export function setUpWebhookRoute(secret: string): { readonly database: TestDatabase; readonly route: WebhookRoute } {
  const setup = {} as { database: TestDatabase; route: WebhookRoute };
  beforeAll(async () => {
    setup.database = await createTestDatabase();
    setup.route = await loadWebhookRoute({ databaseUrl: setup.database.url, secret });
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.spyOn(console, 'error').mockImplementation(() => {});
  });
  afterAll(async () => {
    await setup.route?.close();
    await setup.database?.close();
  });
  return setup;
}

/**
 * For tests whose claim is concurrency: PGlite serves one session at a time, so
 * a pass there would prove nothing. Fails with what to set instead.
 */
export function requirePostgres(database: Pick<TestDatabase, 'kind'>): void {
  if (database.kind !== 'postgres') {
    throw new Error(
      'This test claims concurrency and needs a Postgres server (TEST_DATABASE_URL, or one on 127.0.0.1:5432): PGlite serves one session at a time.',
    );
  }
}

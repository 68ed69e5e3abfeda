import pg from 'pg';

/** The Postgres server the e2e profiles create their databases on (as the integration tests). */
export const E2E_POSTGRES_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * Drops and creates `saas_e2e_<port>` (one per port, so two checkouts can run
 * side by side) and returns its URL. Throws when the server does not answer.
 */
export async function recreateE2eDatabase(port: string | number, connectionTimeoutMillis: number): Promise<string> {
  const name = `saas_e2e_${port}`;
  const client = new pg.Client({ connectionString: E2E_POSTGRES_URL, connectionTimeoutMillis });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(E2E_POSTGRES_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

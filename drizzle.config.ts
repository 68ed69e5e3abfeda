import { defineConfig } from 'drizzle-kit';

// `db:generate` needs no database; `db:migrate` and `db:studio` go through the
// launcher (scripts/launch.ts), which starts the embedded database when DATABASE_URL is unset.
export default defineConfig({
  schema: './lib/db/schema.ts',
  out: './drizzle',
  dialect: 'postgresql',
  dbCredentials: { url: process.env.DATABASE_URL ?? '' },
  strict: true,
});

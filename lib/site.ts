/** The product's name and pitch, for titles, social cards, the manifest and the sitemap. */
export const SITE = {
  name: 'Clerk SaaS Starter',
  shortName: 'SaaS Starter',
  description: 'A Next.js SaaS starter with Clerk auth, organizations, roles and a Postgres mirror kept in sync by webhooks.',
  /** The logo's color (globals.css `--primary` in light mode), for the manifest and generated images. */
  themeColor: '#4338ca',
} as const;

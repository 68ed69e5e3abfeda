import type { Metadata } from 'next';

/** The product's name and pitch, for titles, social cards, the manifest and the sitemap. */
export const SITE = {
  name: 'Clerk SaaS Starter',
  shortName: 'SaaS Starter',
  description: 'A Next.js SaaS starter with Clerk auth, organizations, roles and a Postgres mirror kept in sync by webhooks.',
  /** The logo's color (globals.css `--primary` in light mode), for the manifest and generated images. */
  themeColor: '#4338ca',
} as const;

/** The generated social images (app/opengraph-image.tsx, app/twitter-image.tsx). */
const SOCIAL_IMAGE = { width: 1200, height: 630, alt: SITE.name } as const;

/**
 * Both root layouts' metadata: the title template, description and social
 * cards. The images are named here because a layout's `openGraph` replaces
 * what Next would add from the files at the app's root.
 */
export const siteMetadata: Metadata = {
  title: { default: SITE.name, template: `%s · ${SITE.name}` },
  description: SITE.description,
  applicationName: SITE.name,
  openGraph: { type: 'website', siteName: SITE.name, title: SITE.name, description: SITE.description, images: [{ url: '/opengraph-image', ...SOCIAL_IMAGE }] },
  twitter: { card: 'summary_large_image', title: SITE.name, description: SITE.description, images: [{ url: '/twitter-image', ...SOCIAL_IMAGE }] },
};

import 'server-only';
import type { Metadata } from 'next';
import { SITE } from './site';
import { siteOrigin } from './site-origin';

/** The generated social images (app/opengraph-image.tsx, app/twitter-image.tsx). */
const SOCIAL_IMAGE = { width: 1200, height: 630, alt: SITE.name } as const;

/**
 * Both root layouts' metadata: the title template, description and social
 * cards. The images are named here because a layout's `openGraph` replaces
 * what Next would add from the files at the app's root.
 */
export async function siteMetadata(): Promise<Metadata> {
  return {
    // Absolute URLs for the social images: the origin the request came to.
    metadataBase: new URL(await siteOrigin()),
    title: { default: SITE.name, template: `%s · ${SITE.name}` },
    description: SITE.description,
    applicationName: SITE.name,
    openGraph: {
      type: 'website',
      siteName: SITE.name,
      title: SITE.name,
      description: SITE.description,
      images: [{ url: '/opengraph-image', ...SOCIAL_IMAGE }],
    },
    twitter: {
      card: 'summary_large_image',
      title: SITE.name,
      description: SITE.description,
      images: [{ url: '/twitter-image', ...SOCIAL_IMAGE }],
    },
  };
}

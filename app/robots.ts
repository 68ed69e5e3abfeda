import type { MetadataRoute } from 'next';
import { siteOrigin } from '@/lib/site-origin';

/** Crawlers may read the public pages; signed-in pages and APIs answer them with redirects and 401s anyway. */
export default async function robots(): Promise<MetadataRoute.Robots> {
  const origin = await siteOrigin();
  return {
    rules: { userAgent: '*', allow: '/', disallow: ['/api/', '/dashboard', '/admin', '/org/', '/select-org', '/user-profile'] },
    sitemap: `${origin}/sitemap.xml`,
  };
}

import type { MetadataRoute } from 'next';
import { SITEMAP_PATHS } from '@/lib/auth/routes';
import { siteOrigin } from '@/lib/site-origin';

export default async function sitemap(): Promise<MetadataRoute.Sitemap> {
  const origin = await siteOrigin();
  return SITEMAP_PATHS.map((path) => ({ url: `${origin}${path}` }));
}

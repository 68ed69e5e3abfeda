import type { MetadataRoute } from 'next';
import { AFTER_AUTH_PATH } from '@/lib/auth/routes';
import { SITE } from '@/lib/site';

export default function manifest(): MetadataRoute.Manifest {
  return {
    name: SITE.name,
    short_name: SITE.shortName,
    description: SITE.description,
    start_url: AFTER_AUTH_PATH,
    display: 'standalone',
    background_color: '#ffffff',
    theme_color: SITE.themeColor,
    icons: [
      { src: '/icon.svg', sizes: 'any', type: 'image/svg+xml' },
      { src: '/apple-icon', sizes: '180x180', type: 'image/png' },
    ],
  };
}

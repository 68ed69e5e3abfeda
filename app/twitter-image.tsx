import { ImageResponse } from 'next/og';
import { SocialCard } from '@/components/social-card';
import { SITE } from '@/lib/site';

export const alt = SITE.name;
export const size = { width: 1200, height: 630 };
export const contentType = 'image/png';

export default function TwitterImage() {
  return new ImageResponse(<SocialCard />, size);
}

import 'server-only';
import { headers } from 'next/headers';

/**
 * The origin the request came to, for the absolute URLs robots.txt and the
 * sitemap need (the host your platform or proxy reports; Vercel sets both headers).
 */
export async function siteOrigin(): Promise<string> {
  const list = await headers();
  const host = list.get('x-forwarded-host') ?? list.get('host') ?? 'localhost';
  const proto = list.get('x-forwarded-proto') ?? (host.startsWith('localhost') || host.startsWith('127.0.0.1') ? 'http' : 'https');
  return `${proto}://${host}`;
}

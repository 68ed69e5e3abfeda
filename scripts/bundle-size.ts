/**
 * Deterministic size figures of a production build (`.next`), shared by the
 * budget test and `npm run bench`: first-load JS of a page (the chunk scripts
 * its HTML loads) and the middleware bundle, both gzip-compressed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

export const KiB = 1024;

/**
 * Budgets (gzip), what a modern browser downloads: see docs/performance.md. The middleware's holds
 * in every configuration; with Upstash configured (Vercel's build, tests/deploy) it must fit the smaller one.
 * The dashboard's goal is 190 KiB; it measured 192.5 on 2026-12-05, the rest being Clerk's SDK (docs/performance.md).
 */
export const BUDGETS = { landing: 150 * KiB, dashboard: 194 * KiB, middleware: 140 * KiB, middlewareUpstash: 130 * KiB };

const nextDir = path.resolve('.next');
const gzipSize = (file: string) => gzipSync(fs.readFileSync(file), { level: 9 }).length;

/**
 * Same-origin `/_next/static` scripts a modern browser loads for a page's HTML.
 * `noModule` scripts (Next's legacy polyfills) are skipped: module-capable browsers never fetch them.
 */
export function chunkScripts(html: string): string[] {
  const sources = [...html.matchAll(/<script([^>]+)>/g)]
    .map((match) => match[1]!)
    .filter((attributes) => !/\snomodule/i.test(attributes))
    .map((attributes) => /\ssrc="([^"]+)"/.exec(attributes)?.[1])
    .filter((src): src is string => Boolean(src));
  return [...new Set(sources.filter((src) => src.startsWith('/_next/static/')).map((src) => src.split('?')[0]!))];
}

export function firstLoadJs(html: string): { bytes: number; files: string[] } {
  const files = chunkScripts(html);
  const bytes = files.reduce((sum, src) => sum + gzipSize(path.join(nextDir, src.replace('/_next/', ''))), 0);
  return { bytes, files };
}

export function middlewareSize(): { bytes: number; files: string[] } {
  const manifest = JSON.parse(fs.readFileSync(path.join(nextDir, 'server/middleware-manifest.json'), 'utf8')) as {
    middleware: Record<string, { files: string[] }>;
  };
  const files = Object.values(manifest.middleware).flatMap((entry) => entry.files);
  return { bytes: files.reduce((sum, file) => sum + gzipSize(path.join(nextDir, file)), 0), files };
}

export const kib = (bytes: number) => `${(bytes / KiB).toFixed(1)} KiB`;

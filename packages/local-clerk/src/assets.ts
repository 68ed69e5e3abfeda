import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const require = createRequire(import.meta.url);

/**
 * The browser bundles of the installed clerk-js and @clerk/ui (and their
 * chunks), served as `/npm/<file>`: the versions come from the lockfile and
 * nothing is fetched from a CDN.
 */
const ASSET_DIRECTORIES = [
  path.dirname(require.resolve('@clerk/clerk-js')),
  path.dirname(require.resolve('@clerk/ui')),
];

const FILE_NAME = /^[\w.-]+\.js$/;

function findAsset(name: string): string | null {
  if (!FILE_NAME.test(name)) return null;
  for (const directory of ASSET_DIRECTORIES) {
    const file = path.join(directory, name);
    if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
  }
  return null;
}

/** Clerk's image CDN, where `@clerk/ui` takes the built-in providers' logos from (not `logo_url`). */
const CLERK_IMAGE_BASE = 'https://img.clerk.com/static/';
/** Where the stand-in serves those logos instead (see `providerLogoSvg`). */
export const LOCAL_IMAGE_PATH = '/v1/local_images/';

/**
 * Serves `name` if it is a top-level `.js` file of either package; false
 * otherwise. Browsers revalidate (ETag), so an upgrade is picked up at once.
 * A bundle that names Clerk's image CDN is served with the stand-in's own image
 * path in its place (`frontendApiUrl`), so social buttons fetch nothing from
 * the internet.
 */
export function serveAsset(name: string, req: IncomingMessage, res: ServerResponse, frontendApiUrl: string): boolean {
  const file = findAsset(name);
  if (!file) return false;
  const stat = fs.statSync(file);
  const source = fs.readFileSync(file, 'utf8');
  if (source.includes(CLERK_IMAGE_BASE) && /^https?:\/\/[\w.:[\]-]+(\/[\w/-]*)?$/.test(frontendApiUrl)) {
    const body = Buffer.from(source.replaceAll(CLERK_IMAGE_BASE, `${frontendApiUrl}${LOCAL_IMAGE_PATH}`));
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}-${Buffer.from(frontendApiUrl).toString('base64url')}"`;
    const headers = { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-cache', ETag: etag };
    if (req.headers['if-none-match'] === etag) res.writeHead(304, headers).end();
    else res.writeHead(200, { ...headers, 'Content-Length': body.length }).end(req.method === 'HEAD' ? undefined : body);
    return true;
  }
  const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
  const headers = { 'Content-Type': 'application/javascript; charset=utf-8', 'Cache-Control': 'no-cache', ETag: etag };
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, headers).end();
  } else if (req.method === 'HEAD') {
    res.writeHead(200, { ...headers, 'Content-Length': stat.size }).end();
  } else {
    res.writeHead(200, { ...headers, 'Content-Length': stat.size });
    fs.createReadStream(file).pipe(res);
  }
  return true;
}

import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const require = createRequire(import.meta.url);

/**
 * The browser bundles of the installed clerk-js and @clerk/ui (and their
 * chunks), served as `/npm/<file>` (local mode's script URLs) and as
 * `/npm/@clerk/<clerk-js|ui>@<version>/dist/<file>` (the CDN path Clerk's SDKs
 * load them from on the Frontend API's host when no script URL is set): the
 * versions come from the lockfile whatever version is asked for, and nothing
 * is fetched from a CDN.
 */
const PACKAGE_DIRECTORIES = {
  'clerk-js': path.dirname(require.resolve('@clerk/clerk-js')),
  ui: path.dirname(require.resolve('@clerk/ui')),
};
const ASSET_DIRECTORIES = Object.values(PACKAGE_DIRECTORIES);

const FILE_NAME = /^[\w.-]+\.js$/;
const CDN_PATH = /^@clerk\/(clerk-js|ui)@[\w.-]+\/dist\/([\w.-]+\.js)$/;

function findAsset(name: string): string | null {
  const cdn = CDN_PATH.exec(name);
  const [directories, file] = cdn
    ? [[PACKAGE_DIRECTORIES[cdn[1] as keyof typeof PACKAGE_DIRECTORIES]], cdn[2]!]
    : [ASSET_DIRECTORIES, name];
  if (!FILE_NAME.test(file)) return null;
  for (const directory of directories) {
    const candidate = path.join(directory, file);
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
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
  // Any origin may load them, as from Clerk's CDN (the script tags are cross-origin on a development instance).
  const headers = {
    'Content-Type': 'application/javascript; charset=utf-8',
    'Cache-Control': 'no-cache',
    ETag: etag,
    'Access-Control-Allow-Origin': '*',
  };
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

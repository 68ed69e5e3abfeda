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

/**
 * Serves `name` if it is a top-level `.js` file of either package; false
 * otherwise. Browsers revalidate (ETag), so an upgrade is picked up at once.
 */
export function serveAsset(name: string, req: IncomingMessage, res: ServerResponse): boolean {
  const file = findAsset(name);
  if (!file) return false;
  const stat = fs.statSync(file);
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

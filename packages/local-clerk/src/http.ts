import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClerkApiError } from './errors';
import { MAX_IMAGE_BYTES, type UploadedFile } from './images';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export const isLoopbackAddress = (address: string | undefined) => Boolean(address && LOOPBACK.has(address));

/** The request body (small, except image uploads: up to 10 MB). */
export async function readBody(req: IncomingMessage, limit = MAX_IMAGE_BYTES + 100_000): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new ClerkApiError(413, 'request_body_too_large', 'Request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * A form-encoded, multipart or JSON body as a plain object (form values stay
 * strings, repeated keys become arrays, files become `{ type, data }`).
 */
export async function parseBody(body: Buffer, contentType: string | undefined): Promise<Record<string, unknown>> {
  if (!body.length) return {};
  if (contentType?.includes('multipart/form-data')) {
    const form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
    const result: Record<string, unknown> = {};
    for (const [key, value] of form) {
      result[key] =
        typeof value === 'string' ? value : ({ type: value.type, data: Buffer.from(await value.arrayBuffer()) } satisfies UploadedFile);
    }
    return result;
  }
  if (contentType?.includes('application/octet-stream')) {
    // clerk-js sends an image given as a string (a data URL) as the raw body.
    const dataUrl = /^data:([^;,]+);base64,(.*)$/s.exec(body.toString('utf8'));
    return dataUrl ? { file: { type: dataUrl[1]!, data: Buffer.from(dataUrl[2]!, 'base64') } satisfies UploadedFile } : {};
  }
  const text = body.toString('utf8');
  if (contentType?.includes('application/json')) {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null)
      throw new ClerkApiError(400, 'malformed_request', 'The request body must be an object');
    return value as Record<string, unknown>;
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const previous = result[key];
    result[key] = previous === undefined ? value : [previous, value].flat();
  }
  return result;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of header?.split(';') ?? []) {
    const index = part.indexOf('=');
    if (index < 0) continue;
    const name = part.slice(0, index).trim();
    if (name && !(name in cookies)) cookies[name] = decodeURIComponent(part.slice(index + 1).trim());
  }
  return cookies;
}

export interface CookieOptions {
  httpOnly?: boolean;
  maxAge?: number;
}

/** A host-only cookie for the whole app origin (the Frontend API is served same-origin through the proxy). */
export function serializeCookie(name: string, value: string, { httpOnly = false, maxAge }: CookieOptions = {}): string {
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/',
    'SameSite=Lax',
    ...(maxAge === undefined ? [] : [`Max-Age=${maxAge}`]),
    ...(httpOnly ? ['HttpOnly'] : []),
  ].join('; ');
}

export interface JsonResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string | string[]>;
  /** Not JSON (the local providers' pages and logos): `body` is sent as is, with this content type. */
  contentType?: string;
}

export function sendJson(res: ServerResponse, { status, body, headers = {}, contentType }: JsonResponse) {
  const payload = body === undefined ? '' : contentType ? String(body) : JSON.stringify(body);
  // Exactly `application/json`: @clerk/backend parses only that content type as JSON.
  res.writeHead(status, { 'Content-Type': contentType ?? 'application/json', 'Cache-Control': 'no-store', ...headers });
  res.end(payload);
}

export function errorResponse(error: unknown, log: (message: string) => void): JsonResponse {
  if (error instanceof ClerkApiError) return { status: error.status, body: error.toJSON() };
  if (error instanceof SyntaxError)
    return { status: 400, body: new ClerkApiError(400, 'malformed_request', 'Malformed request body').toJSON() };
  log(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return { status: 500, body: new ClerkApiError(500, 'internal_clerk_error', 'Something went wrong').toJSON() };
}

/** `limit` (1-500, default 10) and `offset` from a query, applied to a list. */
export function paginate<T>(query: URLSearchParams, items: T[]): T[] {
  const limit = Math.min(Math.max(Number(query.get('limit') ?? 10) || 10, 1), 500);
  const offset = Math.max(Number(query.get('offset') ?? 0) || 0, 0);
  return items.slice(offset, offset + limit);
}

/** A page in Clerk's paginated shape: `{ data, total_count }`. */
export const page = <T, J>(query: URLSearchParams, items: T[], toJSON: (item: T) => J) => ({
  data: paginate(query, items).map(toJSON),
  total_count: items.length,
});

/** Query values, repeated or comma-separated: `status=a&status=b`, `status=a,b`. */
export const queryList = (query: URLSearchParams, name: string) =>
  query
    .getAll(name)
    .flatMap((value) => value.split(','))
    .filter(Boolean);

export type RouteHandler<Context> = (ctx: Context, params: Record<string, string>) => Promise<JsonResponse> | JsonResponse;

/**
 * One source file's routes: paths like `/v1/users/:id/metadata`, each written out
 * in full so that searching for a path finds its handler. `file` (relative to
 * src/) names the file for the README's route table, which a test keeps current.
 */
export class Routes<Context> {
  readonly routes: Array<{ method: string; path: string; handler: RouteHandler<Context> }> = [];

  constructor(readonly file: string) {}

  on(method: string, path: string, handler: RouteHandler<Context>): this {
    this.routes.push({ method, path, handler });
    return this;
  }
}

/** One API's routes, from its files in order; the first matching route wins. */
export class Router<Context> {
  private readonly routes: Array<{
    method: string;
    path: string;
    file: string;
    pattern: RegExp;
    names: string[];
    handler: RouteHandler<Context>;
  }>;

  constructor(files: Array<Routes<Context>>) {
    this.routes = files.flatMap(({ file, routes }) =>
      routes.map(({ method, path, handler }) => {
        const names: string[] = [];
        const source = path.replace(/:(\w+)/g, (_, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
        return { method, path, file, pattern: new RegExp(`^${source}/?$`), names, handler };
      }),
    );
  }

  /** Every route as `METHOD /path/:param`, in the order they match (the contract test checks each has a schema). */
  get list(): string[] {
    return this.routes.map((route) => `${route.method} ${route.path}`);
  }

  /** Every route with the file that handles it (the README's route table). */
  get table(): Array<{ method: string; path: string; file: string }> {
    return this.routes.map(({ method, path, file }) => ({ method, path, file }));
  }

  match(method: string, pathname: string) {
    for (const route of this.routes) {
      if (route.method !== method) continue;
      const match = route.pattern.exec(pathname);
      if (!match) continue;
      const params = Object.fromEntries(route.names.map((name, index) => [name, decodeURIComponent(match[index + 1]!)]));
      return { handler: route.handler, params };
    }
    return null;
  }
}

/**
 * One app instance's API rate limiting, in its own process: the middleware's
 * steps (`rateLimit`, then `tooManyRequests` or the X-RateLimit-* headers) from
 * lib/rate-limit, configured by the environment as the app is
 * (UPSTASH_REDIS_REST_*, RATE_LIMIT_*). The caller's user id comes in `x-user-id`.
 * Prints `{"port":N}` once listening on 127.0.0.1.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { NextRequest } from 'next/server';
import { rateLimit, rateLimitHeaders, tooManyRequests } from '@/lib/rate-limit';

const server = http.createServer(async (incoming, outgoing) => {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
  const request = new NextRequest(new URL(incoming.url ?? '/', 'http://localhost'), { headers });
  const limit = await rateLimit(request, headers.get('x-user-id'));
  const response =
    limit && !limit.success ? tooManyRequests(limit) : Response.json({ ok: true }, { headers: limit ? rateLimitHeaders(limit) : {} });
  outgoing.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
});

server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: (server.address() as AddressInfo).port })));
process.on('SIGTERM', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});

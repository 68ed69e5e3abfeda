/**
 * What the observability tests listen with: an OTLP/HTTP receiver and a Sentry endpoint, both
 * plain HTTP servers on 127.0.0.1 that record every request, and a Clerk session token signed
 * with the test's own key (the app verifies it with CLERK_JWT_KEY, no network).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signJwt } from '@saas-starter/local-clerk/testing';

export interface Received {
  method: string;
  path: string;
  contentType: string;
  body: string;
}

export interface Receiver {
  url: string;
  requests: Received[];
  /** Resolves with the first request body set for which `done` holds, re-checked on each arrival. */
  until<T>(done: (requests: Received[]) => T | undefined): Promise<T>;
  close(): Promise<void>;
}

/** Answers 200 `{}` (what an OTLP/HTTP collector and Sentry's envelope endpoint answer) to everything. */
export async function startReceiver(): Promise<Receiver> {
  const requests: Received[] = [];
  const waiters = new Set<() => void>();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: String(request.headers['content-type'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    until<T>(done: (requests: Received[]) => T | undefined) {
      return new Promise<T>((resolve) => {
        const check = () => {
          const result = done(requests);
          if (result === undefined) return;
          waiters.delete(check);
          resolve(result);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export interface OtlpSpan {
  traceId: string;
  name: string;
  attributes: Record<string, unknown>;
}

type AnyValue = { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number };

/** The spans in OTLP/HTTP JSON export bodies (`OTEL_EXPORTER_OTLP_PROTOCOL=http/json`). */
export function spansOf(requests: Received[]): OtlpSpan[] {
  return requests
    .filter((request) => request.path === '/v1/traces')
    .flatMap((request) => {
      const body = JSON.parse(request.body) as {
        resourceSpans: { scopeSpans: { spans: { traceId: string; name: string; attributes?: { key: string; value: AnyValue }[] }[] }[] }[];
      };
      return body.resourceSpans.flatMap((resource) =>
        resource.scopeSpans.flatMap((scope) =>
          scope.spans.map((span) => ({
            traceId: span.traceId,
            name: span.name,
            attributes: Object.fromEntries(
              (span.attributes ?? []).map(({ key, value }) => [
                key,
                value.stringValue ?? value.intValue ?? value.boolValue ?? value.doubleValue,
              ]),
            ),
          })),
        ),
      );
    });
}

/** Sentry envelopes carrying an error event (one JSON header line, then item header and payload lines). */
export function sentryEvents(requests: Received[]): Record<string, unknown>[] {
  return requests
    .filter((request) => /\/api\/\d+\/envelope\//.test(request.path))
    .flatMap((request) => {
      const lines = request.body.split('\n').filter(Boolean);
      const events: Record<string, unknown>[] = [];
      for (let index = 1; index + 1 < lines.length; index += 2) {
        const header = JSON.parse(lines[index]!) as { type?: string };
        if (header.type === 'event') events.push(JSON.parse(lines[index + 1]!) as Record<string, unknown>);
      }
      return events;
    });
}

/** A v2 session token as Clerk mints it, for a member of an organization, plus an email claim (a custom claim some apps add). */
export function sessionToken(privateKey: string, { userId, orgId, email }: { userId: string; orgId: string; email: string }): string {
  const now = Math.floor(Date.now() / 1000);
  return signJwt(
    {
      sub: userId,
      sid: `sess_${userId}`,
      iat: now,
      nbf: now - 10,
      exp: now + 3600,
      v: 2,
      fva: [0, -1],
      o: { id: orgId, slg: 'observed', rol: 'member', per: '', fpm: '' },
      metadata: { role: 'member' },
      email,
    },
    { jwtPrivateKey: privateKey, kid: 'ins_observability' },
  );
}

/** The app's JSON log lines (lib/log.ts in production) at `level`, from a server's combined output. */
export function jsonLines(output: string, level: string): Record<string, unknown>[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        return {};
      }
    })
    .filter((line) => line.level === level);
}

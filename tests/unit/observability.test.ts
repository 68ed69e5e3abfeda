/**
 * The pieces of lib/observability and lib/log that decide what a report or a span may say:
 * ids from a verified token only, no query strings, no query parameters, one line per report.
 * (The built app, with a collector and Sentry, is tested in tests/integration/production-start.test.ts.)
 */
import { signJwt } from '@saas-starter/local-clerk/testing';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { signingKeyPair } from '@/tests/support/real-keys';

const keys = signingKeyPair();
const other = signingKeyPair();
const now = Math.floor(Date.now() / 1000);
const claims = {
  sub: 'user_1',
  sid: 'sess_1',
  iat: now,
  nbf: now - 10,
  exp: now + 600,
  v: 2,
  o: { id: 'org_1', rol: 'admin', slg: 'acme' },
};
const token = (privateKey = keys.privateKey) => signJwt(claims, { jwtPrivateKey: privateKey, kid: 'ins_test' });

let observability: {
  identity: typeof import('@/lib/observability/identity');
  report: typeof import('@/lib/observability/report');
  tracing: typeof import('@/lib/observability/tracing');
};

beforeAll(async () => {
  process.env.CLERK_JWT_KEY = keys.publicKey;
  delete process.env.SENTRY_DSN;
  observability = {
    identity: await import('@/lib/observability/identity'),
    report: await import('@/lib/observability/report'),
    tracing: await import('@/lib/observability/tracing'),
  };
});
afterEach(() => vi.restoreAllMocks());

describe('identityFromHeaders', () => {
  it('reads the ids of a verified bearer token or session cookie', async () => {
    const { identityFromHeaders } = observability.identity;
    expect(await identityFromHeaders(new Headers({ authorization: `Bearer ${token()}` }))).toEqual({ userId: 'user_1', orgId: 'org_1' });
    expect(await identityFromHeaders({ cookie: `theme=dark; __session=${token()}` })).toEqual({ userId: 'user_1', orgId: 'org_1' });
  });

  it('gives no ids for a token signed by another key, or none at all', async () => {
    const { identityFromHeaders } = observability.identity;
    expect(await identityFromHeaders(new Headers({ authorization: `Bearer ${token(other.privateKey)}` }))).toEqual({});
    expect(await identityFromHeaders({})).toEqual({});
  });
});

describe('reportError', () => {
  it("writes one line per error, with the driver's message instead of Drizzle's (which lists the parameters)", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_pkey"'), { code: '23505' });
    const drizzle = Object.assign(new Error('Failed query: insert into users …\nparams: mia@example.test'), {
      query: 'insert into users …',
      params: ['mia@example.test'],
      cause,
    });
    await observability.report.reportError(drizzle, { route: '/api/projects', kind: 'route', userId: 'user_1' });
    expect(error).toHaveBeenCalledTimes(1);
    const line = String(error.mock.calls[0]![0]);
    expect(line).toContain('route=/api/projects');
    expect(line).toContain('userId=user_1');
    expect(line).toContain('"code":"23505"');
    expect(line).toContain('duplicate key value');
    expect(line).not.toContain('mia@example.test');
  });

  it('with SENTRY_DSN at run time on a build made without it (next.config.ts aliases the SDK away), warns how to fix that', async () => {
    vi.doMock('@/lib/observability/sentry', () => import('@/lib/observability/sentry-absent'));
    vi.stubEnv('SENTRY_DSN', 'https://public@sentry.invalid/1');
    const lines: string[] = [];
    for (const level of ['error', 'warn', 'info', 'log'] as const)
      vi.spyOn(console, level).mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      await observability.report.reportError(new Error('boom'), { route: '/api/projects', kind: 'route' });
    } finally {
      vi.unstubAllEnvs();
      vi.doUnmock('@/lib/observability/sentry');
    }
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain('boom');
    expect(lines[1]).toContain('Sentry did not take the report');
    expect(lines[1]).toContain('set SENTRY_DSN for the build too');
  });
});

describe('DropQueryStrings', () => {
  it('removes query strings from span names and URL attributes, and keeps the rest', () => {
    const span = {
      name: 'fetch GET https://api.clerk.com/v1/users?email_address=mia@example.test',
      attributes: {
        'http.url': 'https://api.clerk.com/v1/users?email_address=mia@example.test',
        'http.target': '/admin?q=mia@example.test',
        'url.query': 'q=mia@example.test',
        'http.route': '/admin',
        'enduser.id': 'user_1',
      },
    };
    new observability.tracing.DropQueryStrings().onEnd(span as never);
    expect(span).toEqual({
      name: 'fetch GET https://api.clerk.com/v1/users',
      attributes: { 'http.url': 'https://api.clerk.com/v1/users', 'http.target': '/admin', 'http.route': '/admin', 'enduser.id': 'user_1' },
    });
  });
});

/**
 * Every route handler under app/api, fuzzed: random methods, query strings,
 * headers, params and bodies (huge, deeply nested, wrong types, unicode,
 * `__proto__`/`constructor` keys, truncated JSON), as each auth state, against
 * a real database. Properties: never a 5xx, and a refused request (4xx) writes
 * nothing (a fingerprint of every table is compared before and after).
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as schema from '@/lib/db/schema';
import { projects } from '@/lib/db/schema';
import { signedWebhookRequest } from '@/lib/webhooks/sign';
import { seedTwoTenants, twoTenants } from '@/tests/support/two-tenants';
import { createTestDatabase, type TestDatabase } from '@/tests/support/database';

vi.mock(import('@clerk/nextjs/server'), async (importOriginal) => ({
  ...(await importOriginal()),
  auth: vi.fn() as never,
  clerkClient: vi.fn() as never,
}));
const { auth, clerkClient } = await import('@clerk/nextjs/server');

/** Inputs per route handler: a few thousand in all, so the file runs in well under a minute. */
const RUNS_PER_HANDLER = 300;
const SECRET = `whsec_${Buffer.from(`fuzz-secret-${randomUUID()}`).toString('base64')}`;
const tenants = twoTenants();
const { A, B } = tenants;
const people = { admin: tenants.people.adminA, member: tenants.people.memberA, adminB: tenants.people.adminB };
const projectIds = { a: randomUUID(), b: randomUUID() };

type Handler = (request: Request, context: { params: Promise<unknown> }) => Promise<Response>;
interface Route {
  file: string;
  handlers: Record<string, Handler>;
  /** The route's dynamic segment, when it has one. */
  param?: 'id' | 'userId';
}

let database: TestDatabase;
let client: pg.Client;
let routes: Route[];

/** Who calls: signed out, an org member, an org admin who is also the app admin (verified just now, so role changes pass Clerk's reverification), another org's admin. */
const SESSIONS = [
  null,
  { userId: people.member, orgId: A.orgId, orgSlug: A.slug, orgRole: 'org:member', role: 'member' },
  { userId: people.admin, orgId: A.orgId, orgSlug: A.slug, orgRole: 'org:admin', role: 'admin' },
  { userId: people.adminB, orgId: B.orgId, orgSlug: B.slug, orgRole: 'org:admin', role: 'member' },
] as const;

function signIn(session: (typeof SESSIONS)[number]) {
  vi.mocked(auth).mockResolvedValue(
    (session
      ? {
          ...session,
          sessionClaims: { metadata: { role: session.role } },
          factorVerificationAge: [0, -1],
          has: (params: { reverification?: unknown }) => session.role === 'admin' && params.reverification !== undefined,
        }
      : { userId: null, orgId: null, sessionClaims: null, has: () => false }) as never,
  );
}

/** Row count and a hash of every row, per table: any insert, update or delete changes it. */
async function fingerprint(): Promise<Record<string, string>> {
  const tables = (Object.values(schema) as unknown[])
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => getTableName(table));
  const query = tables
    .map(
      (name) =>
        `select '${name}' as name, count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as print from "${name}" t`,
    )
    .join(' union all ');
  const { rows } = await client.query<{ name: string; print: string }>(query);
  return Object.fromEntries(rows.map((row) => [row.name, row.print]));
}

// --- inputs -----------------------------------------------------------------

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)), maxLength: 80 });
const unicode = fc.string({ unit: 'binary', maxLength: 200 });
const FIELDS = [
  'name',
  'description',
  'role',
  'id',
  'orgId',
  'organizationId',
  'userId',
  'type',
  'data',
  '__proto__',
  'constructor',
  'prototype',
  'csp-report',
  'body',
];
const leaf = fc.oneof(
  unicode,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('admin', 'org:admin', 'member', 'user.created', 'csp-violation', ''),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, fc.array(tie('node'), { maxLength: 4 }), tie('object')),
  object: fc.dictionary(fc.oneof(fc.constantFrom(...FIELDS), unicode), tie('node'), { maxKeys: 5 }),
})).node;
/** JSON text with the keys the app reads (and __proto__/constructor written literally, which JSON.stringify would drop). */
const jsonText = fc.oneof(
  value.map((v) => JSON.stringify(v)),
  fc
    .tuple(fc.constantFrom('__proto__', 'constructor', 'prototype'), value)
    .map(([key, v]) => `{"${key}":{"role":"admin","isAdmin":true},"name":${JSON.stringify(v) ?? 'null'}}`),
  fc.record({ name: leaf, description: leaf, role: leaf }, { requiredKeys: [] }).map((v) => JSON.stringify(v)),
  // Close to valid, so the fuzzing also reaches the writes behind the parsers.
  fc
    .record(
      {
        name: fc.string({ minLength: 1, maxLength: 40 }),
        description: fc.string({ maxLength: 60 }),
        role: fc.constantFrom('admin', 'manager', 'member'),
      },
      { requiredKeys: ['name'] },
    )
    .map((v) => JSON.stringify(v)),
  fc
    .record({
      type: fc.constantFrom('user.created', 'organization.created', 'organizationMembership.created', 'session.created', 'nope'),
      data: value,
    })
    .map((v) => JSON.stringify(v)),
);
const body = fc.oneof(
  { weight: 6, arbitrary: jsonText },
  { weight: 2, arbitrary: fc.tuple(jsonText, fc.nat()).map(([text, cut]) => text.slice(0, cut % Math.max(1, text.length))) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 50_000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)) },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 20_000 }).map((depth) => '{"name":'.repeat(depth) + '1' + '}'.repeat(depth)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100_000, max: 600_000 })
      .map((size) => JSON.stringify({ name: 'x'.repeat(size), description: 'é'.repeat(size / 10) })),
  },
  { weight: 2, arbitrary: unicode },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes) => Buffer.from(bytes).toString('latin1')) },
  { weight: 1, arbitrary: fc.constant('') },
);
const contentType = fc.oneof(
  fc.constantFrom(
    'application/json',
    'application/json; charset=utf-8',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/csp-report',
    'application/reports+json',
    '',
  ),
  printable,
);
const headerName = fc.oneof(
  fc.constantFrom(
    'svix-id',
    'svix-timestamp',
    'svix-signature',
    'authorization',
    'cookie',
    'x-forwarded-for',
    'accept',
    'origin',
    'x-nonce',
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
);
const headers = fc.dictionary(headerName, printable, { maxKeys: 5 });
const query = fc.dictionary(fc.oneof(unicode, fc.constantFrom('id', 'page', 'q', 'role', '__proto__')), unicode, { maxKeys: 4 });
const param = fc.oneof(
  fc.constantFrom(projectIds.a, projectIds.b, people.admin, people.member, people.adminB, 'user_nobody', randomUUID(), ''),
  unicode,
  fc.integer({ min: 10_000, max: 100_000 }).map((size) => 'a'.repeat(size)),
);

const input = (route: Route) =>
  fc.record({
    method: fc.constantFrom(...Object.keys(route.handlers)),
    session: fc.constantFrom(...SESSIONS),
    path: fc.array(fc.oneof(unicode, fc.constantFrom('..', '%2e%2e', '//', 'admin')), { maxLength: 3 }),
    query,
    headers,
    contentType,
    body,
    param,
    /** For the webhook: sign the body with the real secret, so the fuzzing reaches past verification. */
    signed: fc.boolean(),
  });

type Input = ReturnType<typeof input> extends fc.Arbitrary<infer T> ? T : never;

function toRequest(route: Route, sample: Input): Request {
  const url = new URL(`http://localhost/${route.file}`);
  url.pathname += sample.path.map(encodeURIComponent).join('/');
  for (const [key, val] of Object.entries(sample.query)) url.searchParams.append(key, val);
  if (route.file === 'api/webhooks/clerk' && sample.signed) return signedWebhookRequest(url.href, SECRET, sample.body);
  const requestHeaders = new Headers(sample.headers);
  if (sample.contentType) requestHeaders.set('content-type', sample.contentType);
  const hasBody = sample.method !== 'GET' && sample.method !== 'HEAD';
  return new Request(url, { method: sample.method, headers: requestHeaders, body: hasBody ? sample.body : undefined });
}

let tried = 0;
/** Answers seen, per route and status: shows the fuzzing reaches past the guards and parsers. */
const statuses = new Map<string, number>();

async function check(route: Route, sample: Input) {
  signIn(sample.session);
  const before = await fingerprint();
  const request = toRequest(route, sample);
  const params = route.param ? { [route.param]: sample.param } : {};
  const response = await route.handlers[sample.method]!(request, { params: Promise.resolve(params) });
  await response.arrayBuffer();
  tried++;
  const seen = `${sample.method} /${route.file} ${response.status}`;
  statuses.set(seen, (statuses.get(seen) ?? 0) + 1);
  expect(response.status, `${sample.method} /${route.file} answered ${response.status}`).toBeLessThan(500);
  if (response.status >= 400) {
    const after = await fingerprint();
    // A verified delivery of unexpected shape is recorded as `failed` (422) so Clerk retries after a fix: README > Webhook sync.
    if (route.file === 'api/webhooks/clerk' && response.status === 422) {
      delete after.webhook_events;
      delete before.webhook_events;
    }
    expect(after, `${sample.method} /${route.file} was refused (${response.status}) but wrote`).toEqual(before);
  }
}

beforeAll(async () => {
  database = await createTestDatabase();
  const { db } = database;
  await seedTwoTenants(db, tenants, { adminA: 'admin' });
  await db.insert(projects).values([
    { id: projectIds.a, organizationId: A.orgId, name: 'Apollo', createdBy: people.admin },
    { id: projectIds.b, organizationId: B.orgId, name: 'Borealis', createdBy: people.adminB },
  ]);
  client = new pg.Client(database.url);
  await client.connect();

  process.env.DATABASE_URL = database.url;
  process.env.CLERK_WEBHOOK_SIGNING_SECRET = SECRET;
  // The report endpoint answers 404 unless the policy reports to it; fuzz its parser, not that.
  process.env.CSP_REPORT_URL = '/api/csp-report';
  // Clerk accepts every role change (the app's own rules are what is fuzzed).
  vi.mocked(clerkClient).mockResolvedValue({
    users: {
      updateUserMetadata: async (id: string, { publicMetadata }: { publicMetadata: object }) => ({
        id,
        primaryEmailAddressId: 'idn_1',
        emailAddresses: [{ id: 'idn_1', emailAddress: `${id}@example.test` }],
        firstName: null,
        lastName: null,
        imageUrl: '',
        publicMetadata,
        updatedAt: Date.now(),
        lastSignInAt: null,
        lastActiveAt: null,
      }),
    },
  } as never);
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});

  const load = async (file: string, param?: Route['param']): Promise<Route> => {
    const exports = (await import(/* @vite-ignore */ path.resolve('app', file, 'route.ts'))) as Record<string, unknown>;
    const handlers = Object.fromEntries(
      Object.entries(exports).filter(([name, fn]) => /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name) && typeof fn === 'function'),
    ) as Record<string, Handler>;
    return { file, handlers, param };
  };
  routes = [
    await load('api/admin/users/[userId]/role', 'userId'),
    await load('api/csp-report'),
    await load('api/me'),
    await load('api/org'),
    await load('api/projects'),
    await load('api/projects/[id]', 'id'),
    await load('api/public/health'),
    await load('api/webhooks/clerk'),
  ];
});

afterAll(async () => {
  const table = [...statuses]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([seen, count]) => `  ${seen}: ${count}`)
    .join('\n');
  process.stdout.write(`[fuzz] ${tried} requests, none answered 5xx or wrote when refused:\n${table}\n`);
  await client?.end();
  await (await import('@/lib/db')).closeDatabase();
  await database?.close();
});

/** A failure with its seed and a counterexample cut short (a 1 MiB body would flood the output). */
function conciseReport(details: fc.RunDetails<[Input]>) {
  if (!details.failed) return;
  const example = details.counterexample
    ? JSON.stringify(details.counterexample[0], (_key, v) =>
        typeof v === 'string' && v.length > 300 ? `${v.slice(0, 300)}… (${v.length} chars)` : v,
      )
    : 'none';
  throw new Error(
    `Property failed (seed ${details.seed}, path ${details.counterexamplePath}): ${details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)}\nCounterexample: ${example}`,
  );
}

/** Every route.ts under app/api, so a new route cannot be left out of the fuzzing. */
function routeFiles(dir = 'app/api'): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === 'route.ts' ? [path.relative('app', dir)] : [];
  });
}

describe('every route handler, fuzzed', () => {
  it('covers every route under app/api', () => {
    expect(routes.map((route) => route.file).sort()).toEqual(routeFiles().sort());
    for (const route of routes) expect(Object.keys(route.handlers).length).toBeGreaterThan(0);
  });

  it.each([
    'api/admin/users/[userId]/role',
    'api/csp-report',
    'api/me',
    'api/org',
    'api/projects',
    'api/projects/[id]',
    'api/public/health',
    'api/webhooks/clerk',
  ])(
    '%s: never a 5xx, and a refused request writes nothing',
    async (file) => {
      const route = routes.find((candidate) => candidate.file === file)!;
      const runs = RUNS_PER_HANDLER * Object.keys(route.handlers).length;
      const before = tried;
      await fc.assert(
        fc.asyncProperty(input(route), (sample) => check(route, sample)),
        { numRuns: runs, reporter: conciseReport },
      );
      expect(tried - before).toBeGreaterThanOrEqual(runs);
      // The fuzzing reaches past the guards: every handler answered something other than 401/403 (a refusal-only run proves little).
      const pastGuards = Object.keys(route.handlers).filter((method) =>
        [...statuses].some(([seen]) => seen.startsWith(`${method} /${route.file} `) && !/ (401|403)$/.test(seen)),
      );
      expect(pastGuards.sort()).toEqual(Object.keys(route.handlers).sort());
    },
    300_000,
  );
});

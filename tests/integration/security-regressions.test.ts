/**
 * Issue #26's probes, replayed: each test fails if its hole reopens.
 *
 * 1. Local mode reachable from the network: every spelling of a hostname override, the Frontend
 *    API proxy trusting `Host`, and a socket whose peer is not loopback (this machine's own
 *    non-loopback address when it has one: a connection to it has that address as its peer).
 * 2. A rate-limit key the client chooses: thirty signed-out calls with a new X-Forwarded-For each,
 *    and a flood of 60 KB CSP reports, against the real app (the launcher's `dev`, in local mode).
 * 3. Invitees shown to members: the dashboard's activity as a member (the e2e spec reads the HTML and RSC payload).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createFrontendApiProxy } from '@saas-starter/local-clerk/proxy';
import { receiveCspReport } from '@/lib/security/csp-report';
import { listRecentActivity, recordAudit } from '@/lib/audit/log';
import type { Subject } from '@/lib/auth/permissions';
import { createEmptyDatabase, createTestDatabase, type TestDatabase } from '../support/database';
import { seedTwoTenants, twoTenants } from '../support/two-tenants';
import { cleanEnv, freePort } from '../support/fresh-clone';

const tsx = path.resolve('node_modules/.bin/tsx');
const guard = path.resolve('scripts/launch/loopback-guard.mjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'security-regressions-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** This machine's first non-loopback IPv4 address: connecting to it makes a socket whose peer is not loopback. */
const externalAddress = Object.values(os.networkInterfaces())
  .flat()
  .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

const localModeEnv = (dataDir: string, extra: Record<string, string> = {}) =>
  cleanEnv({
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
    CLERK_SECRET_KEY: '',
    DATABASE_URL: '',
    DATA_DIR: dataDir,
    DEBUG: '',
    HOST: '',
    HOSTNAME: '',
    TRUSTED_PROXY_HOPS: '',
    UPSTASH_REDIS_REST_URL: '',
    UPSTASH_REDIS_REST_TOKEN: '',
    NEXT_TELEMETRY_DISABLED: '1',
    ...extra,
  });

/** The real launcher; `killAfterMs` stops it if it did not stop by itself (a refusal that regressed starts the app). */
function launch(command: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const child = spawn(tsx, ['scripts/launch.ts', command, ...args], { env });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (status) => resolve(status)));
  return { child, output: () => output, exit };
}

/** Status of a GET to `host:port`, or the connection error's code. */
function probe(host: string, port: number, headers: Record<string, string> = {}): Promise<number | string> {
  return fetch(`http://${host.includes(':') ? `[${host}]` : host}:${port}/`, { headers }).then(
    (response) => response.status,
    (error: { cause?: { code?: string } }) => error.cause?.code ?? 'failed',
  );
}

describe('1. local mode is loopback only', () => {
  const refused = /local mode serves loopback only/;

  it.each([
    ['-H 0.0.0.0', ['--', '-H', '0.0.0.0'], {}],
    ['-H0.0.0.0 (the attached form)', ['--', '-H0.0.0.0'], {}],
    ['--hostname 0.0.0.0', ['--', '--hostname', '0.0.0.0'], {}],
    ['--hostname=0.0.0.0', ['--', '--hostname=0.0.0.0'], {}],
    ['HOST=0.0.0.0', [], { HOST: '0.0.0.0' }],
    ['HOSTNAME=0.0.0.0', [], { HOSTNAME: '0.0.0.0' }],
    ['HOSTNAME=::', [], { HOSTNAME: '::' }],
  ])('the launcher refuses %s before starting anything', async (_, args, extra) => {
    const dataDir = path.join(tmp, `refused-${Math.random().toString(36).slice(2)}`);
    const run = launch('dev', localModeEnv(dataDir, extra), args);
    // A launcher that failed to refuse would serve until stopped: the test then times out, and this stops it.
    onTestFinished(() => void run.child.kill('SIGTERM'));
    const status = await run.exit;
    expect(status).toBe(1);
    expect(run.output()).toMatch(refused);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('the Frontend API proxy ignores Host and x-forwarded-for: a network peer saying `Host: localhost` is refused', async () => {
    const standIn = http.createServer((_, res) => res.end('{}')).listen(0, '127.0.0.1');
    onTestFinished(() => void standIn.close());
    await new Promise((resolve) => standIn.once('listening', resolve));
    const upstream = () => `http://127.0.0.1:${(standIn.address() as { port: number }).port}`;
    const proxy = createFrontendApiProxy({ mountPath: '/clerk-fapi', upstream });
    const clientUrl = 'http://localhost:3000/clerk-fapi/v1/client';
    const loopback = new Request(clientUrl, { headers: { host: 'localhost:3000', 'x-local-mode-peer': '::1' } });
    expect((await proxy(loopback)).status).toBe(200);
    const forged = { host: 'localhost:3000', 'x-forwarded-for': '127.0.0.1', 'x-real-ip': '127.0.0.1' };
    for (const peer of [undefined, '192.0.2.7', '::ffff:192.0.2.7']) {
      const headers = { ...forged, ...(peer && { 'x-local-mode-peer': peer }) };
      const response = await proxy(new Request(clientUrl, { method: 'POST', headers }));
      expect(response.status, String(peer)).toBe(403);
    }
  });

  describe.skipIf(!externalAddress)('the loopback guard, on a server bound to every address', () => {
    /** A plain Node server on 0.0.0.0 that answers with the peer header it was given; with or without the guard preloaded. */
    async function server(guarded: boolean) {
      const port = await freePort();
      const code = `require('node:http').createServer((req, res) => res.end(String(req.headers['x-local-mode-peer'])))
        .listen(${port}, '0.0.0.0', () => console.log('ready'));`;
      const child = spawn(process.execPath, [...(guarded ? ['--import', guard] : []), '-e', code]);
      onTestFinished(() => void child.kill());
      await new Promise((resolve) => child.stdout.once('data', resolve));
      return port;
    }

    it('without it (the control), this machine really makes a non-loopback peer', async () => {
      expect(await probe(externalAddress!, await server(false))).toBe(200);
    });

    it('drops that peer, and gives loopback peers their socket address whatever they send', async () => {
      const port = await server(true);
      expect(await probe(externalAddress!, port, { host: 'localhost' })).toMatch(/ECONNRESET|UND_ERR_SOCKET|ECONNREFUSED/);
      const forged = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'x-local-mode-peer': '192.0.2.7' } });
      const body = await forged.text();
      expect(body).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
    });
  });
});

describe('2. signed-out rate limit and CSP reports, against the real app', () => {
  let app: ReturnType<typeof launch>;
  let url: string;
  let database: Awaited<ReturnType<typeof createEmptyDatabase>>;
  const next = () => `198.51.100.${Math.floor(Math.random() * 254) + 1}`;

  beforeAll(async () => {
    database = await createEmptyDatabase();
    const port = await freePort();
    url = `http://localhost:${port}`;
    app = launch(
      'dev',
      localModeEnv(path.join(tmp, 'app'), {
        DATABASE_URL: database.url,
        PORT: String(port),
        CSP_REPORT_URL: '/api/csp-report',
        RATE_LIMIT_MAX: '10',
        // Long enough that the first requests, which compile routes, stay in one window.
        RATE_LIMIT_WINDOW_MS: '600000',
      }),
    );
    for (;;) {
      if (app.child.exitCode !== null) throw new Error(`the app exited before answering:\n${app.output()}`);
      if (
        await fetch(`${url}/api/public/health`).then(
          (response) => response.ok,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }, 300_000);

  afterAll(async () => {
    app?.child.kill('SIGTERM');
    await app?.exit;
    await database?.close();
  });

  it("binds loopback only: this machine's other address is refused, and the proxy reads the peer from the socket", async () => {
    const port = Number(new URL(url).port);
    if (externalAddress) expect(await probe(externalAddress, port)).toBe('ECONNREFUSED');
    // A forged peer header is replaced by the socket's (loopback) address; without the guard it would be refused.
    const headers = { 'x-local-mode-peer': '192.0.2.7', 'x-forwarded-for': '192.0.2.7' };
    expect((await fetch(`${url}/clerk-fapi/v1/environment`, { headers })).status).toBe(200);
  }, 120_000);

  it('thirty signed-out calls, each with a new X-Forwarded-For, meet a 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) statuses.push((await fetch(`${url}/api/projects`, { headers: { 'x-forwarded-for': next() } })).status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
    expect(statuses).toContain(429);
  }, 120_000);

  it('sixty 60 KB reports with rotating addresses meet 429s, and the log stays within its budget', async () => {
    const blockedURL = `https://x.test/${'a'.repeat(2_900)}`;
    const violation = { type: 'csp-violation', body: { documentURL: `${url}/`, effectiveDirective: 'img-src', blockedURL } };
    const report = JSON.stringify(Array.from({ length: 20 }, () => violation));
    expect(report.length).toBeGreaterThan(55_000);
    const logged = () =>
      app
        .output()
        .split('\n')
        .filter((line) => line.includes('[csp] violation')).length;
    const before = logged();
    const statuses: number[] = [];
    for (let i = 0; i < 60; i += 1) {
      const headers = { 'content-type': 'application/reports+json', 'x-forwarded-for': next() };
      statuses.push((await fetch(`${url}/api/csp-report`, { method: 'POST', headers, body: report })).status);
    }
    expect(statuses.filter((status) => status === 204).length).toBeLessThanOrEqual(10);
    expect(statuses).toContain(429);
    await new Promise((resolve) => setTimeout(resolve, 500)); // the server's output arrives through a pipe
    expect(logged() - before).toBeLessThanOrEqual(30);
  }, 120_000);

  it('with no report URL configured, the endpoint is not there (404)', async () => {
    vi.stubEnv('CSP_REPORT_URL', '');
    const headers = { 'content-type': 'application/csp-report' };
    const request = new Request('http://localhost/api/csp-report', { method: 'POST', headers, body: '{}' });
    expect((await receiveCspReport(request)).status).toBe(404);
    vi.unstubAllEnvs();
  });
});

describe('3. activity follows the matrix: members see that someone was invited, never who', () => {
  const tenants = twoTenants();
  const invitee = `someone-${tenants.run}@partner.test`;
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
    await seedTwoTenants(database.db, tenants);
    // The row inviteMember() writes when Acme's admin invites someone.
    await recordAudit(
      database.db,
      { orgId: tenants.A.orgId, userId: tenants.people.adminA },
      'invitation.created',
      {
        type: 'invitation',
        id: `orginv_${tenants.run}`,
      },
      { email: invitee, role: 'org:member' },
    );
  });
  afterAll(async () => database?.close());

  const invitation = async (viewer: Subject) =>
    (await listRecentActivity(database.db, { orgId: tenants.A.orgId, ...viewer })).find((entry) => entry.action === 'invitation.created');

  it('a member of the organization reads the entry without the address', async () => {
    const seen = await invitation({ role: 'member', orgRole: 'org:member' });
    expect(seen).toMatchObject({ metadata: { role: 'org:member' } });
    expect(JSON.stringify(seen)).not.toContain(invitee);
  });

  it('an app manager who is only a member does not read it either; the organization admin does', async () => {
    expect(JSON.stringify(await invitation({ role: 'manager', orgRole: 'org:member' }))).not.toContain(invitee);
    expect(await invitation({ role: 'member', orgRole: 'org:admin' })).toMatchObject({ metadata: { email: invitee } });
  });
});

/**
 * The standalone command as a separate process, driven over HTTP the way an
 * app's server talks to Clerk: @clerk/backend's own client and verifyToken,
 * with nothing but what the command printed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { createClerkClient, verifyToken } from '@clerk/backend';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIGURED, WEBHOOK_PATH } from './fixtures';
import { verifiedEvent } from './delivery';

const BIN = fileURLToPath(new URL('../bin/local-clerk.mjs', import.meta.url));
const APP_URL = 'http://localhost:4999';

interface Printed {
  publishableKey: string;
  secretKey: string;
  jwtPublicKey: string;
  webhookSecret: string;
  frontendApiUrl: string;
  backendApiUrl: string;
  env: Record<string, string>;
}

/** Starts `local-clerk serve --json` and reads the one line it prints. */
function serve(args: string[]): Promise<{ child: ChildProcess; printed: Printed; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--json', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`local-clerk exited with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ child, printed: JSON.parse(line) as Printed, stderr: () => stderr }),
    );
  });
}

function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

/** The app's webhook route, played by a server that keeps each delivery for the test to verify with the printed secret. */
async function startReceiver() {
  const received: Array<{ body: string; headers: Record<string, string> }> = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      expect(req.url).toBe(WEBHOOK_PATH);
      received.push({
        body,
        headers: Object.fromEntries(['svix-id', 'svix-timestamp', 'svix-signature'].map((name) => [name, String(req.headers[name])])),
      });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  /** Every delivery so far, verified as the app verifies them (throws on a bad signature). */
  const deliveries = (secret: string) =>
    received.map(({ body, headers }) => verifiedEvent<{ type: string; data: { id: string } }>(secret, body, headers));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${WEBHOOK_PATH}`, deliveries, close: () => server.close() };
}

let dataDir: string;
let running: Awaited<ReturnType<typeof serve>>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-cli-'));
  const config = path.join(dataDir, 'config.json');
  fs.writeFileSync(config, JSON.stringify(CONFIGURED));
  receiver = await startReceiver();
  running = await serve(['--data-dir', dataDir, '--config', config, '--app-url', APP_URL, '--webhook-url', receiver.url]);
});

afterAll(async () => {
  if (running) await stop(running.child);
  receiver?.close();
});

describe('local-clerk serve', () => {
  it('prints the keys and the two API URLs, bound to 127.0.0.1', () => {
    const { printed } = running;
    expect(printed.publishableKey).toMatch(/^pk_live_/);
    expect(printed.secretKey).toMatch(/^sk_live_/);
    expect(printed.webhookSecret).toMatch(/^whsec_/);
    expect(printed.jwtPublicKey).toContain('BEGIN PUBLIC KEY');
    expect(new URL(printed.frontendApiUrl).hostname).toBe('127.0.0.1');
    expect(new URL(printed.backendApiUrl).hostname).toBe('127.0.0.1');
    // The app's variables: the browser on the app's host name (localhost), the configured app pages, the webhook secret.
    const browserUrl = `http://localhost:${new URL(printed.frontendApiUrl).port}`;
    expect(printed.env).toEqual({
      NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: printed.publishableKey,
      CLERK_SECRET_KEY: printed.secretKey,
      NEXT_PUBLIC_CLERK_PROXY_URL: browserUrl,
      NEXT_PUBLIC_CLERK_JS_URL: `${browserUrl}/npm/clerk.browser.js`,
      NEXT_PUBLIC_CLERK_UI_URL: `${browserUrl}/npm/ui.browser.js`,
      NEXT_PUBLIC_CLERK_SIGN_IN_URL: '/sign-in',
      NEXT_PUBLIC_CLERK_SIGN_UP_URL: '/sign-up',
      CLERK_API_URL: printed.backendApiUrl,
      CLERK_JWT_KEY: printed.jwtPublicKey.trim(),
      CLERK_WEBHOOK_SIGNING_SECRET: printed.webhookSecret,
    });
    // Generated into the data folder, for the next start to reuse.
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, 'local-clerk', 'keys.json'), 'utf8')).secretKey).toBe(printed.secretKey);
  });

  it("answers @clerk/backend's client, announces the change as a signed webhook, and mints a session token verifyToken accepts", async () => {
    const { printed } = running;
    const clerk = createClerkClient({ apiUrl: printed.backendApiUrl, secretKey: printed.secretKey });

    const { data: seeded } = await clerk.users.getUserList({ emailAddress: ['admin@acme.test'] });
    expect(seeded[0]?.publicMetadata).toEqual({ role: 'admin' });

    const user = await clerk.users.createUser({ emailAddress: ['dana@example.test'], password: 'dana-password', firstName: 'Dana' });
    const organization = await clerk.organizations.createOrganization({ name: 'Initech', createdBy: user.id });
    const { data: memberships } = await clerk.organizations.getOrganizationMembershipList({ organizationId: organization.id });
    expect(memberships.map((membership) => [membership.publicUserData?.userId, membership.role])).toEqual([[user.id, 'org:admin']]);
    await expect(clerk.users.getUser('user_missing')).rejects.toMatchObject({ status: 404 });

    // A browser's sign-in, straight at the Frontend API: identifier, password and strategy in one form POST.
    const signIn = await fetch(new URL('/v1/client/sign_ins', printed.frontendApiUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ identifier: 'dana@example.test', password: 'dana-password', strategy: 'password' }),
    });
    expect(signIn.status).toBe(200);
    const token = signIn.headers
      .getSetCookie()
      .map((cookie) => /^__session=([^;]+)/.exec(cookie)?.[1])
      .find(Boolean);
    const claims = await verifyToken(token!, { jwtKey: printed.jwtPublicKey, authorizedParties: [APP_URL] });
    expect(claims.sub).toBe(user.id);
    await expect(verifyToken(token!, { jwtKey: printed.jwtPublicKey, authorizedParties: ['https://elsewhere.test'] })).rejects.toThrow();

    // The seeded admin, through the stand-in's test helper, with an organization active.
    const session = (await (
      await fetch(new URL('/__local/sessions', printed.frontendApiUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@acme.test', orgSlug: 'acme' }),
      })
    ).json()) as { cookies: Array<{ name: string; value: string }>; userId: string };
    const adminToken = session.cookies.find((cookie) => cookie.name === '__session')!.value;
    const adminClaims = await verifyToken(adminToken, { jwtKey: printed.jwtPublicKey });
    expect(adminClaims).toMatchObject({ sub: session.userId, metadata: { role: 'admin' }, o: { slg: 'acme', rol: 'admin' } });

    const deliveries = () => receiver.deliveries(printed.webhookSecret);
    await expect
      .poll(() =>
        deliveries()
          .filter((event) => event.data.id === user.id)
          .map((event) => event.type),
      )
      .toContain('user.created');
    await expect
      .poll(() => deliveries().some((event) => event.type === 'organization.created' && event.data.id === organization.id))
      .toBe(true);
    expect(() => receiver.deliveries(`whsec_${Buffer.from('not the secret').toString('base64')}`)).toThrow();
  });

  it('keeps its keys and data across restarts of the same data folder', async () => {
    const first = running.printed;
    expect(await stop(running.child)).toBe(0);
    running = await serve(['--data-dir', dataDir, '--app-url', APP_URL]);
    expect(running.printed.secretKey).toBe(first.secretKey);
    expect(running.printed.jwtPublicKey).toBe(first.jwtPublicKey);
    const clerk = createClerkClient({ apiUrl: running.printed.backendApiUrl, secretKey: running.printed.secretKey });
    expect((await clerk.users.getUserList({ emailAddress: ['dana@example.test'] })).data).toHaveLength(1);
  });

  it("prints the app's variables as dotenv lines, for each --app-url, whose writes it then takes", async () => {
    const readableDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-cli-readable-'));
    const child = spawn(
      process.execPath,
      [BIN, 'serve', '--data-dir', readableDir, '--app-url', 'http://localhost:5001', '--app-url', 'http://localhost:5002'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    try {
      const lines: string[] = [];
      for await (const line of createInterface({ input: child.stdout! })) {
        if (line === '# Stop with Ctrl-C.') break;
        lines.push(line);
      }
      expect(lines[1]).toBe("# Your app's variables (.env.local), for http://localhost:5001, http://localhost:5002:");
      // Read back as dotenv reads .env.local: the JWT key's line breaks too.
      const env = parseEnv(lines.join('\n'));
      expect(env.CLERK_JWT_KEY).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]+\n-----END PUBLIC KEY-----$/);
      expect(env.NEXT_PUBLIC_CLERK_SIGN_IN_URL).toBe(`${env.NEXT_PUBLIC_CLERK_PROXY_URL}/sign-in`);
      const signIn = (origin: string) =>
        fetch(`${env.NEXT_PUBLIC_CLERK_PROXY_URL}/v1/client/sign_ins`, {
          method: 'POST',
          headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ identifier: 'nobody@example.test' }),
        });
      expect((await signIn('http://localhost:5002')).status).toBe(422);
      expect((await signIn('http://localhost:5003')).status).toBe(403);
    } finally {
      expect(await stop(child)).toBe(0);
    }
  });

  it('stops with a usage message naming a missing or bad option', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--fapi-port', '70000', '--data-dir', dataDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--fapi-port: 70000 is not a port number');
  });

  it("generates a development instance's keys with --instance-type development, and refuses an unknown type", async () => {
    const devDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-cli-dev-'));
    const dev = await serve(['--data-dir', devDir, '--instance-type', 'development']);
    try {
      expect(dev.printed.publishableKey).toMatch(/^pk_test_/);
      expect(dev.printed.secretKey).toMatch(/^sk_test_/);
    } finally {
      expect(await stop(dev.child)).toBe(0);
    }
    const child = spawn(process.execPath, [BIN, 'serve', '--instance-type', 'staging', '--data-dir', devDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stderr).toContain('--instance-type: staging is neither production nor development');
  });

  it('prints its usage with --help and exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(0);
    expect(stdout).toContain('Usage: local-clerk serve --data-dir <dir> [options]');
    for (const flag of ['--membership <mode>', '--mfa <mode>', '--session-token-lifetime <seconds>']) expect(stdout).toContain(flag);
  });

  it('plays the instance settings --membership, --mfa and --session-token-lifetime give, and refuses other values', async () => {
    const settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-clerk-cli-settings-'));
    const strict = await serve([
      '--data-dir',
      settingsDir,
      '--membership',
      'required',
      '--mfa',
      'required',
      '--session-token-lifetime',
      '60',
    ]);
    try {
      const environment = (await (await fetch(`${strict.printed.frontendApiUrl}/v1/environment`)).json()) as {
        organization_settings: { force_organization_selection: boolean };
        user_settings: { sign_in: { second_factor: { required: boolean } } };
      };
      expect(environment.organization_settings.force_organization_selection).toBe(true);
      expect(environment.user_settings.sign_in.second_factor.required).toBe(true);
    } finally {
      expect(await stop(strict.child)).toBe(0);
    }
    const child = spawn(process.execPath, [BIN, 'serve', '--membership', 'sometimes', '--data-dir', settingsDir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(2);
    expect(stderr).toContain('--membership: sometimes is neither required nor optional');
  });
});

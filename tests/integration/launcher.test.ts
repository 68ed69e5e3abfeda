import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startFakePostgres } from '../support/fake-postgres';
import { postgresServerUrl } from '../support/database';
import { realFormatKeys } from '../support/real-keys';

const tsx = path.resolve('node_modules/.bin/tsx');
// A data folder that must never be created: with real keys and DATABASE_URL the launcher writes nothing there.
const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'launcher-')), 'data');
afterAll(() => fs.rmSync(path.dirname(dataDir), { recursive: true, force: true }));

/** Runs the real launcher, which must refuse before starting anything. */
function launch(command: string, env: Record<string, string>, args: string[] = []): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(tsx, ['scripts/launch.ts', command, ...args], {
      env: {
        ...process.env,
        NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '',
        CLERK_SECRET_KEY: '',
        DATABASE_URL: '',
        DATA_DIR: dataDir,
        DEBUG: '',
        ...env,
      },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (status) => resolve({ status, output }));
  });
}

const keys = realFormatKeys();
const deployment = { ...keys, VERCEL: '1' };
const refusedUrl = 'postgres://postgres@127.0.0.1:1/app';
/** One line naming DATABASE_URL, what failed and the fix; no stack. */
const databaseMessage = (failed: RegExp) => new RegExp(`^DATABASE_URL \\([^)]*\\): ${failed.source}[^\\n]*\\. Fix: [^\\n]+$`, 'm');

describe('launcher start-up checks', () => {
  it('stops on a malformed publishable key, naming it and the fix', async () => {
    const { status, output } = await launch('dev', { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_bad', CLERK_SECRET_KEY: 'sk_test_x' });
    expect(status).toBe(1);
    expect(output).toMatch(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: .*Fix: /);
  });

  it('stops on a malformed DATABASE_URL', async () => {
    const { status, output } = await launch('dev', { DATABASE_URL: 'mysql://localhost/app' });
    expect(status).toBe(1);
    expect(output).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it('refuses local mode on Vercel', async () => {
    const { status, output } = await launch('build', { VERCEL: '1' });
    expect(status).toBe(1);
    expect(output).toMatch(/VERCEL says this is a deployment/);
  });

  it('refuses local mode for a production start without the opt-in', async () => {
    const { status, output } = await launch('start', { CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '' });
    expect(status).toBe(1);
    expect(output).toContain('CLERK_LOCAL_MODE_ALLOW_PRODUCTION=1');
  });

  it('refuses to bind local mode beyond loopback', async () => {
    const { status, output } = await launch('dev', {}, ['--', '-H', '0.0.0.0']);
    expect(status).toBe(1);
    expect(output).toContain('local mode serves loopback only');
  });
});

describe('tools beside the app (launch exec)', () => {
  it('with real keys and DATABASE_URL need no running app and no data folder', async () => {
    const { status, output } = await launch('exec', { ...keys, DATABASE_URL: refusedUrl, PORT: '3999' }, [
      '--',
      'node',
      '-e',
      'console.log(`app at ${process.env.APP_URL}`)',
    ]);
    expect(status, output).toBe(0);
    expect(output).toContain('app at http://localhost:3999');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('with the embedded database ask for the running app', async () => {
    const { status, output } = await launch('exec', keys, ['--', 'node', '-e', '0']);
    expect(status).toBe(1);
    expect(output).toContain('The app is not running');
  });
});

describe('deployment guards', () => {
  it('stops a deployment build without DATABASE_URL, naming it and the fix', async () => {
    const { status, output } = await launch('build', deployment);
    expect(status).toBe(1);
    expect(output).toMatch(/DATABASE_URL: not set, and VERCEL says this is a deployment.*Fix: set DATABASE_URL/);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('stops a deployment start without DATABASE_URL on another platform', async () => {
    const { status, output } = await launch('start', { ...keys, RENDER: 'true' });
    expect(status).toBe(1);
    expect(output).toMatch(/DATABASE_URL: not set, and RENDER says this is a deployment/);
  });

  it('stops a deployment build without the webhook signing secret, naming the opt-out', async () => {
    const { status, output } = await launch('build', { ...deployment, CLERK_WEBHOOK_SIGNING_SECRET: '', DATABASE_URL: refusedUrl });
    expect(status).toBe(1);
    expect(output).toMatch(/CLERK_WEBHOOK_SIGNING_SECRET: not set, and VERCEL says this is a deployment.*Fix: .*CLERK_WEBHOOKS_DISABLED=1/);
    // Stopped before touching the database.
    expect(output).not.toMatch(/^DATABASE_URL \(/m);
  });

  it('lets CLERK_WEBHOOKS_DISABLED=1 opt out; a missing database then fails the build with the one-line message', async () => {
    const server = await postgresServerUrl();
    const fake = server ? null : await startFakePostgres({ code: '3D000', message: 'database "app" does not exist' });
    const missing = server ? Object.assign(new URL(server), { pathname: `/missing_${Date.now()}` }).toString() : fake!.url;
    const { status, output } = await launch('build', {
      ...deployment,
      CLERK_WEBHOOK_SIGNING_SECRET: '',
      CLERK_WEBHOOKS_DISABLED: '1',
      DATABASE_URL: missing,
    });
    await fake?.close();
    expect(status).toBe(1);
    expect(output).toMatch(databaseMessage(/the database "\w+" does not exist/));
    expect(output).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('rejects any other value of the opt-out', async () => {
    const { status, output } = await launch('build', { ...deployment, CLERK_WEBHOOKS_DISABLED: 'yes' });
    expect(status).toBe(1);
    expect(output).toMatch(/CLERK_WEBHOOKS_DISABLED: must be 1 or unset/);
  });
});

describe('database faults stop migrate, build and start with one message', () => {
  it('refused connection (migrate)', async () => {
    const { status, output } = await launch('migrate', { DATABASE_URL: refusedUrl });
    expect(status).toBe(1);
    expect(output).toMatch(databaseMessage(/nothing accepts connections at 127\.0\.0\.1:1/));
    expect(output).not.toMatch(/^\s+at /m);
  });

  it('unreachable host (start with real keys)', async () => {
    const { status, output } = await launch('start', { ...keys, DATABASE_URL: 'postgres://app:secret@db.example.invalid:5432/app' });
    expect(status).toBe(1);
    expect(output).toMatch(databaseMessage(/the host db\.example\.invalid cannot be found/));
    expect(output).not.toContain('secret@');
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it('wrong password (build with real keys)', async () => {
    const fake = await startFakePostgres({ code: '28P01', message: 'password authentication failed for user "app"' });
    const { status, output } = await launch('build', { ...keys, DATABASE_URL: fake.url });
    await fake.close();
    expect(status).toBe(1);
    expect(output).toMatch(databaseMessage(/the server refused the password/));
  });

  it('server that requires SSL (migrate)', async () => {
    const fake = await startFakePostgres({
      code: '28000',
      message: 'no pg_hba.conf entry for host "127.0.0.1", user "app", database "app", no encryption',
    });
    const { status, output } = await launch('migrate', { DATABASE_URL: fake.url });
    await fake.close();
    expect(status).toBe(1);
    expect(output).toMatch(databaseMessage(/127\.0\.0\.1 accepts only SSL connections/));
  });

  it('SSL asked of a server without it (migrate)', async () => {
    const fake = await startFakePostgres({ code: '08P01', message: 'unused' });
    const { status, output } = await launch('migrate', { DATABASE_URL: `${fake.url}?sslmode=require` });
    await fake.close();
    expect(status).toBe(1);
    expect(output).toMatch(databaseMessage(/the URL asks for SSL but 127\.0\.0\.1 does not offer it/));
  });

  it('prints the underlying error and its stack when DEBUG is set', async () => {
    const { status, output } = await launch('migrate', { DATABASE_URL: refusedUrl, DEBUG: '1' });
    expect(status).toBe(1);
    expect(output).toMatch(databaseMessage(/nothing accepts connections/));
    expect(output).toMatch(/ECONNREFUSED/);
    expect(output).toMatch(/^\s+at /m);
  });
});

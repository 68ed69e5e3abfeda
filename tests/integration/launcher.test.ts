import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs the real launcher, which must refuse before starting anything. */
function launch(command: string, env: Record<string, string>, args: string[] = []) {
  const result = spawnSync('npx', ['tsx', 'scripts/launch.ts', command, ...args], {
    env: { ...process.env, NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: '', CLERK_SECRET_KEY: '', DATABASE_URL: '', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('launcher start-up checks', () => {
  it('stops on a malformed publishable key, naming it and the fix', () => {
    const { status, output } = launch('dev', { NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: 'pk_test_bad', CLERK_SECRET_KEY: 'sk_test_x' });
    expect(status).toBe(1);
    expect(output).toMatch(/NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: .*Fix: /);
  });

  it('stops on a malformed DATABASE_URL', () => {
    const { status, output } = launch('dev', { DATABASE_URL: 'mysql://localhost/app' });
    expect(status).toBe(1);
    expect(output).toMatch(/DATABASE_URL: must be a postgres:\/\/ or postgresql:\/\/ URL/);
  });

  it('refuses local mode on Vercel', () => {
    const { status, output } = launch('build', { VERCEL: '1' });
    expect(status).toBe(1);
    expect(output).toMatch(/VERCEL says this is a deployment/);
  });

  it('refuses local mode for a production start without the opt-in', () => {
    const { status, output } = launch('start', { CLERK_LOCAL_MODE_ALLOW_PRODUCTION: '' });
    expect(status).toBe(1);
    expect(output).toContain('CLERK_LOCAL_MODE_ALLOW_PRODUCTION=1');
  });

  it('refuses to bind local mode beyond loopback', () => {
    const { status, output } = launch('dev', {}, ['--', '-H', '0.0.0.0']);
    expect(status).toBe(1);
    expect(output).toContain('local mode serves loopback only');
  });
});

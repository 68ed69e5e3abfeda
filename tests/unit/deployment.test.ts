import { describe, expect, it } from 'vitest';
import { assertDeploymentReady } from '@/lib/env/deployment';
import { DEPLOYMENT_MARKERS } from '@/lib/env/mode';

const ready = { DATABASE_URL: 'postgres://u@db.example.com/app', CLERK_WEBHOOK_SIGNING_SECRET: 'whsec_abc' };
const issuesOf = (env: Record<string, string | undefined>, command: Parameters<typeof assertDeploymentReady>[1] = 'build') => {
  try {
    assertDeploymentReady(env, command);
    return [];
  } catch (error) {
    return (error as { issues: string[] }).issues;
  }
};

describe('deployment guards', () => {
  it('ask nothing of a local run', () => {
    expect(issuesOf({})).toEqual([]);
  });

  it.each(DEPLOYMENT_MARKERS)('%s: a build needs DATABASE_URL and the webhook secret', (marker) => {
    const issues = issuesOf({ [marker]: '1' });
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(new RegExp(`^DATABASE_URL: not set, and ${marker} says this is a deployment.*Fix: `));
    expect(issues[1]).toMatch(/^CLERK_WEBHOOK_SIGNING_SECRET: not set.*CLERK_WEBHOOKS_DISABLED=1/);
  });

  it('pass a configured deployment, also with the alias secret or the opt-out', () => {
    expect(issuesOf({ VERCEL: '1', ...ready })).toEqual([]);
    expect(issuesOf({ VERCEL: '1', DATABASE_URL: ready.DATABASE_URL, CLERK_WEBHOOK_SECRET: 'whsec_abc' })).toEqual([]);
    expect(issuesOf({ VERCEL: '1', DATABASE_URL: ready.DATABASE_URL, CLERK_WEBHOOKS_DISABLED: '1' })).toEqual([]);
  });

  it('ask only for the database when migrating', () => {
    expect(issuesOf({ VERCEL: '1', DATABASE_URL: ready.DATABASE_URL }, 'migrate')).toEqual([]);
    expect(issuesOf({ VERCEL: '1' }, 'migrate')).toHaveLength(1);
    expect(issuesOf({ VERCEL: '1', DATABASE_URL: ready.DATABASE_URL }, 'start')).toHaveLength(1);
  });
});

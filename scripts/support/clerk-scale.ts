/**
 * Realistic data in Clerk at scale, created through the Backend API as a
 * team would (`POST /v1/users`, `/v1/organizations`, `/v1/organizations/:id/memberships`),
 * plus paid subscriptions through local mode's Dashboard stand-in. For the
 * bench (scripts/bench-scale.ts) and the backfill's tests.
 */
export interface ScaleShape {
  users: number;
  organizations: number;
  /** Spread evenly over the organizations; at most users × organizations. */
  memberships: number;
  /** Organizations on a paid plan (local mode only: `/__local/billing/subscriptions`). */
  subscriptions: number;
}

export const ISSUE_SCALE: ScaleShape = { users: 10_000, organizations: 1_000, memberships: 20_000, subscriptions: 1_000 };

export interface ScaleTarget {
  bapiUrl: string;
  secretKey: string;
  /** Local mode's Frontend API (its `/__local/` helpers), for the subscriptions. */
  fapiUrl: string;
  /** Requests in flight at once. */
  concurrency?: number;
}

export interface SeedPhase {
  name: string;
  requests: number;
  seconds: number;
  /** How long the first and the last tenth of the requests took: a write costs the same at 10 records as at 10,000 when they match. */
  firstTenthSeconds: number;
  lastTenthSeconds: number;
}

async function call<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Runs `task(0..count-1)` with `concurrency` in flight, in order of start. */
async function pool<T>(count: number, concurrency: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

/** Creates the data and returns, per phase, the requests made and the seconds taken. */
export async function seedClerkAtScale(target: ScaleTarget, shape: ScaleShape, prefix = 'scale'): Promise<SeedPhase[]> {
  const concurrency = target.concurrency ?? 16;
  const bapi = <T>(method: string, path: string, body?: unknown) =>
    call<T>(`${target.bapiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.secretKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const phases: SeedPhase[] = [];
  const timed = async <T>(name: string, count: number, task: (index: number) => Promise<T>) => {
    const started = performance.now();
    const finished: number[] = [];
    const results = await pool(count, concurrency, async (index) => {
      const result = await task(index);
      finished.push(performance.now());
      return result;
    });
    const tenth = Math.max(1, Math.floor(count / 10));
    phases.push({
      name,
      requests: count,
      seconds: (finished.at(-1)! - started) / 1000,
      firstTenthSeconds: (finished[tenth - 1]! - started) / 1000,
      lastTenthSeconds: (finished.at(-1)! - finished[count - tenth - 1]!) / 1000,
    });
    return results;
  };

  const users = await timed('users', shape.users, (i) =>
    bapi<{ id: string }>('POST', '/v1/users', {
      email_address: [`${prefix}-user-${i}@scale.test`],
      first_name: 'Scale',
      last_name: `User ${i}`,
    }),
  );
  const organizations = await timed('organizations', shape.organizations, (i) =>
    bapi<{ id: string }>('POST', '/v1/organizations', { name: `${prefix} organization ${i}`, slug: `${prefix}-org-${i}` }),
  );
  // Membership m joins organization m mod O and user (m + ⌊m / O⌋) mod U: distinct pairs while m < U × O.
  await timed('memberships', shape.memberships, (m) => {
    const organization = organizations[m % organizations.length]!;
    const user = users[(m + Math.floor(m / organizations.length)) % users.length]!;
    return bapi('POST', `/v1/organizations/${organization.id}/memberships`, {
      user_id: user.id,
      role: m < organizations.length ? 'org:admin' : 'org:member',
    });
  });
  if (shape.subscriptions) {
    const plans = await bapi<{ data: Array<{ slug: string; fee: { amount: number } | null; for_payer_type: string }> }>(
      'GET',
      '/v1/billing/plans?payer_type=org',
    );
    const paid = plans.data.find((plan) => (plan.fee?.amount ?? 0) > 0);
    if (!paid) throw new Error('No paid organization plan is configured: subscriptions need one');
    await timed('subscriptions', shape.subscriptions, (i) =>
      call(`${target.fapiUrl}/__local/billing/subscriptions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ payerType: 'org', payerId: organizations[i % organizations.length]!.id, plan: paid.slug }),
      }),
    );
  }
  return phases;
}

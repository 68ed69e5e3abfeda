/**
 * The shared rate limit, for real: the app's limiter (lib/rate-limit, which
 * speaks Upstash's REST API itself) in separate processes, against a real Redis
 * behind an Upstash-REST-compatible front (tests/support/upstash-rest.ts), whose
 * protocol is checked with Upstash's own unmodified @upstash/redis client, and
 * whose counts match @upstash/ratelimit's. Needs Redis at 127.0.0.1:6379
 * (TEST_REDIS_URL); keys are unique to this run, so parallel runs on one Redis do not meet.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis as UpstashRedis } from '@upstash/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashRateLimiter } from '@/lib/rate-limit/upstash';
import { REDIS_URL, deleteKeys, requireRedis, startUpstashRestFront, type UpstashRestFront } from '../support/upstash-rest';

const run = `upstash-test-${randomUUID()}`;
let front: UpstashRestFront;
const instances: ChildProcess[] = [];

beforeAll(async () => {
  await requireRedis();
  front = await startUpstashRestFront();
});

afterAll(async () => {
  for (const child of instances) child.kill('SIGTERM');
  if (!front) return;
  await front.close();
  await deleteKeys(`*${run}*`);
});

describe('the Upstash REST front, through the real @upstash/redis client', () => {
  const client = () => new UpstashRedis({ url: front.url, token: front.token });

  it('round-trips strings (base64 on the wire), numbers and null', async () => {
    const redis = client();
    await redis.set(`${run}:s`, 'grüße ✓');
    expect(await redis.get(`${run}:s`)).toBe('grüße ✓');
    expect(await redis.incrby(`${run}:n`, 5)).toBe(5);
    expect(await redis.get(`${run}:missing`)).toBeNull();
  });

  it('answers pipelines and multi-exec transactions in order', async () => {
    const redis = client();
    expect(await redis.pipeline().set(`${run}:p`, 'a').incr(`${run}:pc`).get(`${run}:p`).exec()).toEqual(['OK', 1, 'a']);
    expect(await redis.multi().incr(`${run}:m`).incr(`${run}:m`).exec()).toEqual([1, 2]);
  });

  it('runs Lua: SCRIPT LOAD, EVALSHA, EVAL, and NOSCRIPT for an unknown script', async () => {
    const redis = client();
    const script = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
    const sha = await redis.scriptLoad(script);
    expect(await redis.evalsha(sha, [`${run}:lua`], [2])).toBe(2);
    expect(await redis.eval(script, [`${run}:lua`], [3])).toBe(5);
    await expect(redis.evalsha('0'.repeat(40), [`${run}:lua`], [1])).rejects.toThrow(/NOSCRIPT/);
  });

  it('refuses a wrong token', async () => {
    await expect(new UpstashRedis({ url: front.url, token: 'wrong' }).get(`${run}:s`)).rejects.toThrow(/Unauthorized/);
  });
});

/**
 * Upstash's sliding window weighs the previous fixed window: a burst that
 * straddles two fixed windows may get one extra request through. A window
 * length between 10 and 11 minutes that puts now in the first half of its
 * fixed window keeps each test's burst inside one.
 */
function windowMsStartingNow(now = Date.now()): number {
  let windowMs = 600_000;
  while (now % windowMs > windowMs / 2) windowMs += 1_000;
  return windowMs;
}

interface Instance {
  get(userId: string): Promise<Response>;
  stderr(): string;
}

/** One process running the app's limiter (tests/support/limiter-instance.ts), configured like the app. */
async function startInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(path.resolve('node_modules/.bin/tsx'), ['tests/support/limiter-instance.ts'], {
    env: { ...process.env, UPSTASH_REDIS_REST_URL: '', UPSTASH_REDIS_REST_TOKEN: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  instances.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve((JSON.parse(chunk.toString()) as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`limiter instance exited (${code}): ${stderr}`)));
  });
  return {
    get: (userId) => fetch(`http://127.0.0.1:${port}/api/projects`, { headers: { 'x-user-id': userId } }),
    stderr: () => stderr,
  };
}

const MAX = 4;

function upstashEnv(windowMs: number): Record<string, string> {
  return {
    UPSTASH_REDIS_REST_URL: front.url,
    UPSTASH_REDIS_REST_TOKEN: front.token,
    RATE_LIMIT_MAX: String(MAX),
    RATE_LIMIT_WINDOW_MS: String(windowMs),
  };
}

describe("the app's Upstash limiter counts as @upstash/ratelimit's sliding window does", () => {
  it('shares its keys and counts: alternating requests through both use one limit, and both refuse once it is spent', async () => {
    const windowMs = windowMsStartingNow();
    const theirs = new Ratelimit({
      redis: new UpstashRedis({ url: front.url, token: front.token }),
      limiter: Ratelimit.slidingWindow(MAX, `${windowMs} ms`),
      prefix: 'ratelimit:api',
      ephemeralCache: false,
    });
    const ours = createUpstashRateLimiter({ url: front.url, token: front.token, max: MAX, windowMs });
    const key = `${run}-parity`;

    const answers = [];
    for (let i = 0; i < MAX + 2; i++) {
      if (i % 2) {
        const { success, limit, remaining, reset } = await theirs.limit(key);
        answers.push({ success, limit, remaining, resetAt: reset });
      } else {
        answers.push(await ours.limit(key));
      }
    }
    const resetAt = (Math.floor(Date.now() / windowMs) + 1) * windowMs;
    expect(answers).toEqual([
      ...Array.from({ length: MAX }, (_, i) => ({ success: true, limit: MAX, remaining: MAX - 1 - i, resetAt })),
      { success: false, limit: MAX, remaining: 0, resetAt },
      { success: false, limit: MAX, remaining: 0, resetAt },
    ]);
  });

  it("a wrong token is the limiter's failure (the middleware then fails open)", async () => {
    const ours = createUpstashRateLimiter({ url: front.url, token: 'wrong', max: MAX, windowMs: 60_000 });
    await expect(ours.limit(`${run}-token`)).rejects.toThrow(/401.*Unauthorized/);
  });
});

describe('one limit across instances (lib/rate-limit with Upstash, two processes)', () => {
  it(`limit + 1 requests split across two instances at once: exactly one 429, with Retry-After`, async () => {
    const windowMs = windowMsStartingNow();
    const [a, b] = await Promise.all([startInstance(upstashEnv(windowMs)), startInstance(upstashEnv(windowMs))]);
    const user = `${run}-shared`;
    const responses = await Promise.all(Array.from({ length: MAX + 1 }, (_, i) => (i % 2 ? b : a).get(user)));

    const refused = responses.filter((response) => response.status === 429);
    expect(responses.map((response) => response.status).sort()).toEqual([...Array(MAX).fill(200), 429]);
    const retryAfter = Number(refused[0]!.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(windowMs / 1000);
    expect(await refused[0]!.json()).toMatchObject({ error: 'rate_limited' });
    for (const response of responses.filter((r) => r.status === 200)) expect(response.headers.get('x-ratelimit-limit')).toBe(String(MAX));
    // Either instance now refuses the same caller.
    expect((await a.get(user)).status).toBe(429);
    expect((await b.get(user)).status).toBe(429);
    expect(a.stderr() + b.stderr()).not.toMatch(/Rate limiter unavailable/);
  });

  it('without Upstash the same split gets through: each instance counts alone (why Upstash)', async () => {
    const [a, b] = await Promise.all([startInstance({ RATE_LIMIT_MAX: String(MAX) }), startInstance({ RATE_LIMIT_MAX: String(MAX) })]);
    const user = `${run}-memory`;
    const responses = await Promise.all(Array.from({ length: MAX + 1 }, (_, i) => (i % 2 ? b : a).get(user)));
    expect(responses.map((response) => response.status)).toEqual(Array(MAX + 1).fill(200));
  });

  it('Redis unreachable: requests are allowed and the failure is logged once per window; the limit holds again when Redis returns', async () => {
    const instance = await startInstance(upstashEnv(windowMsStartingNow()));
    const user = `${run}-outage`;
    await front.useRedis(`redis://127.0.0.1:${await closedPort()}`);
    try {
      for (let i = 0; i < MAX + 2; i++) {
        const response = await instance.get(user);
        expect(response.status).toBe(200);
        expect(response.headers.get('x-ratelimit-limit')).toBeNull();
      }
      expect(instance.stderr().match(/Rate limiter unavailable/g)).toHaveLength(1);
    } finally {
      await front.useRedis(REDIS_URL);
    }

    for (let i = 0; i < MAX; i++) expect((await instance.get(user)).status).toBe(200);
    const refused = await instance.get(user);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * An Upstash-REST-compatible front to a real Redis, for tests: the real
 * `@upstash/redis` and `@upstash/ratelimit` clients talk to it unmodified.
 *
 * Protocol (what @upstash/redis 1.x sends): `POST /` with a JSON command array
 * (`["EVALSHA", sha, 1, key, 10]`) answers `{ result }`, or 400 `{ error }`;
 * `POST /pipeline` and `POST /multi-exec` take an array of commands and answer
 * an array of `{ result } | { error }` (multi-exec inside MULTI/EXEC); auth is
 * `Authorization: Bearer <token>` (else 401). With `Upstash-Encoding: base64`
 * (the client's default) every string in a result is base64, numbers and null
 * stay as they are. When Redis cannot be reached the front answers 500, as
 * Upstash does when its database is down.
 *
 * One dialect difference: Upstash accepts the Lua shebang flag
 * `allow-key-locking` (its own; @upstash/ratelimit 2.x sends it), which Redis 7
 * refuses. The front drops that flag and maps the client's script hash to the
 * hash of the script Redis ran, so EVALSHA works as on Upstash.
 */
import { createHash, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis, type RedisOptions } from 'ioredis';

export const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

type Reply = Buffer | string | number | null | Reply[];
type Answer = { result: unknown } | { error: string };

export interface UpstashRestFront {
  /** UPSTASH_REDIS_REST_URL for the clients. */
  url: string;
  /** UPSTASH_REDIS_REST_TOKEN for the clients. */
  token: string;
  /** Forward to another Redis from now on (a closed port plays an outage); resolves once connected, or at once if it cannot connect. */
  useRedis(redisUrl: string): Promise<void>;
  close(): Promise<void>;
}

/** Fails fast with a message saying how to start Redis, instead of a test timing out. */
export async function requireRedis(redisUrl = REDIS_URL): Promise<void> {
  const client = connect(redisUrl, { retryStrategy: () => null });
  let cause: Error | undefined;
  client.on('error', (error: Error) => (cause ??= error));
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    throw new Error(
      `These tests need a Redis server at ${redisUrl} (TEST_REDIS_URL): ${(cause ?? (error as Error)).message}. ` +
        'Fix: start it (`redis-server --daemonize yes`, or `service redis-server start`; install with `apt-get install redis-server` or `brew install redis`)',
    );
  } finally {
    client.disconnect();
  }
}

/** Removes a test run's keys (KEYS is fine on a test server). */
export async function deleteKeys(pattern: string, redisUrl = REDIS_URL): Promise<void> {
  const client = connect(redisUrl);
  try {
    await client.connect();
    const keys = await client.keys(pattern);
    if (keys.length) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}

/** No offline queue and no retries per request: while Redis is away, commands fail at once (the outage the tests play). */
const connect = (redisUrl: string, options: RedisOptions = {}) => {
  const client = new Redis(redisUrl, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 200,
    ...options,
  });
  client.on('error', () => {}); // connection errors surface as failed commands
  return client;
};

const argument = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const encodeReply = (reply: Reply, base64: boolean): unknown => {
  if (Array.isArray(reply)) return reply.map((item) => encodeReply(item, base64));
  if (reply === null || typeof reply === 'number') return reply;
  const bytes = Buffer.isBuffer(reply) ? reply : Buffer.from(reply);
  return base64 ? bytes.toString('base64') : bytes.toString('utf8');
};

const UPSTASH_ONLY_FLAG = /^(#!lua[^\n]*?)\s*flags=allow-key-locking/;
const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** Rewrites scripts into Redis's dialect (see above); remembers client hash -> Redis hash. */
function scriptDialect() {
  const hashes = new Map<string, string>();
  const forRedis = (script: string) => {
    const rewritten = script.replace(UPSTASH_ONLY_FLAG, '$1');
    if (rewritten !== script) hashes.set(sha1(script), sha1(rewritten));
    return rewritten;
  };
  return (command: unknown[]): unknown[] => {
    const [name, first, ...rest] = command;
    const upper = String(name).toUpperCase();
    if ((upper === 'EVAL' || upper === 'EVAL_RO') && typeof first === 'string') return [name, forRedis(first), ...rest];
    if ((upper === 'EVALSHA' || upper === 'EVALSHA_RO') && typeof first === 'string') return [name, hashes.get(first) ?? first, ...rest];
    if (upper === 'SCRIPT' && String(first).toUpperCase() === 'LOAD' && typeof rest[0] === 'string')
      return [name, first, forRedis(rest[0])];
    return command;
  };
}

/** Upstash answers SCRIPT LOAD with the hash of the script it was sent, not of the one Redis ran. */
const asUpstash = (command: unknown[], reply: Reply): Reply =>
  String(command[0]).toUpperCase() === 'SCRIPT' && String(command[1]).toUpperCase() === 'LOAD' ? sha1(String(command[2])) : reply;

const isCommand = (value: unknown): value is unknown[] => Array.isArray(value) && value.length > 0 && typeof value[0] === 'string';

export async function startUpstashRestFront({
  redisUrl = REDIS_URL,
  token = `test_${randomBytes(16).toString('hex')}`,
} = {}): Promise<UpstashRestFront> {
  let redis = connect(redisUrl);
  await redis.connect();
  const toRedis = scriptDialect();

  const run = async (command: unknown[], base64: boolean): Promise<Answer> => {
    const [name, ...args] = toRedis(command) as [string, ...unknown[]];
    try {
      const reply = (await redis.callBuffer(name, ...args.map(argument))) as Reply;
      return { result: encodeReply(asUpstash(command, reply), base64) };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };

  const runBatch = async (commands: unknown[][], base64: boolean, transaction: boolean): Promise<Answer[]> => {
    const batch = transaction ? redis.multi() : redis.pipeline();
    for (const command of commands) {
      const [name, ...args] = toRedis(command) as [string, ...unknown[]];
      batch.callBuffer(name, ...args.map(argument));
    }
    const results = (await batch.exec()) ?? [];
    return results.map(([error, reply], i) =>
      error ? { error: error.message } : { result: encodeReply(asUpstash(commands[i]!, reply as Reply), base64) },
    );
  };

  const server = http.createServer(async (request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'Unauthorized' });
    if (request.method !== 'POST') return send(405, { error: 'ERR only POST with a JSON body is supported here' });
    let body: unknown;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return send(400, { error: 'ERR failed to parse the command' });
    }
    const base64 = request.headers['upstash-encoding'] === 'base64';
    const path = new URL(request.url ?? '/', 'http://front').pathname;
    if (redis.status !== 'ready') return send(500, { error: `ERR Redis is unreachable (${redis.status})` });

    if (path === '/pipeline' || path === '/multi-exec') {
      if (!Array.isArray(body) || !body.every(isCommand)) return send(400, { error: 'ERR expected an array of commands' });
      return send(200, await runBatch(body, base64, path === '/multi-exec'));
    }
    if (path !== '/') return send(404, { error: `ERR unknown path ${path}` });
    if (!isCommand(body)) return send(400, { error: 'ERR expected a command array' });
    const answer = await run(body, base64);
    send('error' in answer ? 400 : 200, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async useRedis(next) {
      redis.disconnect();
      redis = connect(next);
      await redis.connect().catch(() => {});
    },
    async close() {
      redis.disconnect();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

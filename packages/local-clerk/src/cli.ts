/**
 * `local-clerk serve`: the stand-in as a standalone server. It prints the keys
 * and URLs an app (or a test) needs to talk to it as if it were Clerk, then
 * runs until stopped (Ctrl-C, SIGTERM). Logs go to stderr, so `--json` output
 * on stdout stays machine-readable.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { InstanceConfig } from './instance';
import { dotenvLines } from './app-env';
import { DEFAULT_FRONTEND_API_HOST, ensureLocalKeys, readKeys } from './keys';
import type { Seed } from './seed';
import { startLocalClerk } from './server';

const USAGE = `Usage: local-clerk serve --data-dir <dir> [options]

  --data-dir <dir>            where the store, the webhook queue and generated keys live (required)
  --keys <file>               use these keys (JSON, the shape of <data-dir>/local-clerk/keys.json) instead of generating them
  --frontend-api-host <host>  the host a generated publishable key names (default ${DEFAULT_FRONTEND_API_HOST})
  --instance-type <type>      production (pk_live_ keys, default) or development (pk_test_ keys, the dev-browser flow) for generated keys
  --fapi-port <port>          Frontend API port (default: a free one)
  --bapi-port <port>          Backend API port (default: a free one)
  --app-url <url>             the app's origin: session tokens' azp, redirect checks (default http://localhost:3000);
                              repeat it for several apps (the first is the default app; other origins get 403 origin_invalid)
  --webhook-url <url>         where changes are delivered as svix-signed webhooks (default: none)
  --config <file>             instance settings and seed: a .json file, or a module whose default export is { instance, seed }
  --membership <mode>         organization membership: required (a session without an active organization is pending,
                              task choose-organization; default, as Clerk's for new applications) or optional
  --mfa <mode>                multi-factor authentication: required (users without a second factor get the setup-mfa task)
                              or optional (default)
  --session-token-lifetime <seconds>
                              session token lifetime (default 60, as Clerk's)
  --json                      print the keys, URLs and the app's variables (env) as one line of JSON
  -h, --help                  print this help

It prints the variables an app sets to use it (dotenv lines for .env.local), then runs until stopped.
Both servers bind 127.0.0.1 and answer loopback peers only.`;

interface ConfigFile {
  instance?: Partial<InstanceConfig>;
  seed?: Seed;
}

class UsageError extends Error {}

function port(name: string, value: string | undefined): number {
  if (value === undefined) return 0;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535) throw new UsageError(`--${name}: ${value} is not a port number (0-65535)`);
  return number;
}

function url(name: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  try {
    return new URL(value).toString();
  } catch {
    throw new UsageError(`--${name}: ${value} is not an absolute URL`);
  }
}

async function loadConfig(file: string | undefined): Promise<ConfigFile> {
  if (!file) return {};
  const absolute = path.resolve(file);
  if (!fs.existsSync(absolute)) throw new UsageError(`--config: ${file} does not exist`);
  if (absolute.endsWith('.json')) return JSON.parse(fs.readFileSync(absolute, 'utf8')) as ConfigFile;
  const loaded = (await import(pathToFileURL(absolute).href)) as { default?: ConfigFile };
  if (!loaded.default) throw new UsageError(`--config: ${file} has no default export ({ instance, seed })`);
  return loaded.default;
}

function mode(name: string, value: string | undefined): 'required' | 'optional' | undefined {
  if (value === undefined || value === 'required' || value === 'optional') return value;
  throw new UsageError(`--${name}: ${value} is neither required nor optional`);
}

function seconds(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 30) throw new UsageError(`--${name}: ${value} is not a whole number of seconds (30 or more)`);
  return number;
}

/** The settings the command line gives, over the config file's. */
function instanceFlags(values: { membership?: string; mfa?: string; 'session-token-lifetime'?: string }): Partial<InstanceConfig> {
  const membership = mode('membership', values.membership);
  const mfa = mode('mfa', values.mfa);
  const lifetime = seconds('session-token-lifetime', values['session-token-lifetime']);
  return {
    ...(membership && { organizationMembership: membership }),
    ...(mfa && { mfa }),
    ...(lifetime !== undefined && { sessionTokenLifetimeSeconds: lifetime }),
  };
}

async function serve(args: string[]) {
  const { values } = parseArgs({
    args,
    strict: true,
    options: {
      'data-dir': { type: 'string' },
      keys: { type: 'string' },
      'frontend-api-host': { type: 'string' },
      'instance-type': { type: 'string' },
      'fapi-port': { type: 'string' },
      'bapi-port': { type: 'string' },
      'app-url': { type: 'string', multiple: true },
      'webhook-url': { type: 'string' },
      config: { type: 'string' },
      membership: { type: 'string' },
      mfa: { type: 'string' },
      'session-token-lifetime': { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const flags = instanceFlags(values);
  if (!values['data-dir']) throw new UsageError('--data-dir is required');
  const dataDir = path.resolve(values['data-dir']);
  const instanceType = values['instance-type'];
  if (instanceType !== undefined && instanceType !== 'production' && instanceType !== 'development') {
    throw new UsageError(`--instance-type: ${instanceType} is neither production nor development`);
  }
  const keys = values.keys
    ? await readKeys(path.resolve(values.keys))
    : await ensureLocalKeys(dataDir, { frontendApiHost: values['frontend-api-host'], instanceType });
  const config = await loadConfig(values.config);
  const [appUrl = 'http://localhost:3000', ...otherAppUrls] = (values['app-url'] ?? []).map((value) => url('app-url', value)!);
  const server = await startLocalClerk({
    dataDir,
    keys,
    appUrl,
    otherAppUrls,
    webhookUrl: url('webhook-url', values['webhook-url']),
    instance: { ...config.instance, ...flags },
    seed: config.seed,
    fapiPort: port('fapi-port', values['fapi-port']),
    bapiPort: port('bapi-port', values['bapi-port']),
    log: (message) => console.error(`[local-clerk] ${message}`),
  });

  // Before anything is printed: a caller that reads the keys and stops the server at once gets a clean exit.
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);

  const printed = {
    publishableKey: keys.publishableKey,
    secretKey: keys.secretKey,
    jwtPublicKey: keys.jwtPublicKey,
    webhookSecret: keys.webhookSecret,
    frontendApiUrl: server.fapiUrl,
    backendApiUrl: server.bapiUrl,
    env: server.appEnvironment(),
  };
  if (values.json) {
    console.log(JSON.stringify(printed));
  } else {
    console.log(
      [
        `# local-clerk: Clerk's Frontend API at ${server.publicFrontendApiUrl}, Backend API at ${server.bapiUrl}, on this machine.`,
        `# Your app's variables (.env.local), for ${[appUrl, ...otherAppUrls].map((app) => new URL(app).origin).join(', ')}:`,
        ...dotenvLines(printed.env),
        '# Stop with Ctrl-C.',
      ].join('\n'),
    );
  }
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    process.exit(0);
  }
  if (command !== 'serve') throw new UsageError(command ? `unknown command ${command}` : 'no command given');
  await serve(rest);
} catch (error) {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(usage ? `local-clerk: ${(error as Error).message}\n\n${USAGE}` : error);
  process.exit(usage ? 2 : 1);
}

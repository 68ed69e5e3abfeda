import 'server-only';
import { assertLocalModeAllowed } from './mode';
import { parseEnv, publicSchema, serverSchema } from './schema';

function load() {
  const server = parseEnv(serverSchema, process.env);
  const pub = parseEnv(publicSchema, process.env);
  assertLocalModeAllowed(process.env);
  return {
    ...server,
    ...pub,
    webhookSigningSecret: server.CLERK_WEBHOOK_SIGNING_SECRET ?? server.CLERK_WEBHOOK_SECRET,
    localMode: server.CLERK_LOCAL_MODE === '1',
  };
}

/** Validated server configuration. Throws on first import when a variable is wrong. */
export const env = load();
export type Env = typeof env;

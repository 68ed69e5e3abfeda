import { EnvError, frontendApiHost } from './schema';

/** The Frontend API host baked into local mode's generated publishable key. `.invalid` never resolves (RFC 6761). */
export const LOCAL_FRONTEND_API_HOST = 'clerk.local-mode.invalid';

/** Variables that hosting platforms set in deployed environments. */
export const DEPLOYMENT_MARKERS = [
  'VERCEL',
  'NETLIFY',
  'RENDER',
  'FLY_APP_NAME',
  'RAILWAY_ENVIRONMENT',
  'K_SERVICE',
  'AWS_LAMBDA_FUNCTION_NAME',
  'CF_PAGES',
  'HEROKU_APP_ID',
] as const;

/** Explicit opt-in for local mode under `next build`/`next start` (the e2e harness sets it). */
export const LOCAL_MODE_PRODUCTION_OPT_IN = 'CLERK_LOCAL_MODE_ALLOW_PRODUCTION';

export type AuthMode = 'clerk' | 'local';
type Env = Record<string, string | undefined>;

export const deploymentMarker = (env: Env) => DEPLOYMENT_MARKERS.find((name) => Boolean(env[name]));

const goLive = 'see README > "Going live with Clerk"';

/**
 * Decides, before any key exists, whether the launcher runs against Clerk or
 * generates local-mode keys. Throws an EnvError that says how to fix the setup.
 */
export function resolveAuthMode(env: Env, production: boolean): AuthMode {
  const hasPublishable = Boolean(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY);
  const hasSecret = Boolean(env.CLERK_SECRET_KEY);
  if (hasPublishable !== hasSecret) {
    const missing = hasPublishable ? 'CLERK_SECRET_KEY' : 'NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY';
    throw new EnvError([
      `${missing}: is missing while its pair is set. Fix: set both Clerk keys (Clerk Dashboard > API keys), or neither to use local mode`,
    ]);
  }
  if (hasPublishable) return 'clerk';

  const marker = deploymentMarker(env);
  if (marker) {
    throw new EnvError([
      `NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY: not set, and ${marker} says this is a deployment where local mode is refused. Fix: add your Clerk keys to the deployment's environment (${goLive})`,
    ]);
  }
  if (production && env[LOCAL_MODE_PRODUCTION_OPT_IN] !== '1') {
    throw new EnvError([
      `NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY: not set. A production build or start runs local mode only with ${LOCAL_MODE_PRODUCTION_OPT_IN}=1. Fix: set your Clerk keys (${goLive}), or use \`npm run dev\``,
    ]);
  }
  return 'local';
}

/**
 * Run-time guard inside the app: local mode is only ever the launcher's
 * generated keys, never real ones, and never in a deployment.
 */
export function assertLocalModeAllowed(env: Env): void {
  if (env.CLERK_LOCAL_MODE !== '1') return;
  const host = env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY ? frontendApiHost(env.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY) : null;
  if (host !== LOCAL_FRONTEND_API_HOST) {
    throw new EnvError([
      `CLERK_LOCAL_MODE: set together with real Clerk keys. Fix: remove CLERK_LOCAL_MODE (the launcher sets it only when no keys are configured)`,
    ]);
  }
  const marker = deploymentMarker(env);
  if (marker) {
    throw new EnvError([`CLERK_LOCAL_MODE: refused because ${marker} says this is a deployment. Fix: set real Clerk keys (${goLive})`]);
  }
}

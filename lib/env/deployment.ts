import { deploymentMarker } from './mode';
import { EnvError } from './schema';

/** Set to 1 to deploy without Clerk's webhook (the database copy of users and organizations is then never synced). */
export const WEBHOOKS_OPT_OUT = 'CLERK_WEBHOOKS_DISABLED';

type Env = Record<string, string | undefined>;

const deploying = 'see README > "Deploying to Vercel with Neon"';

/**
 * What a deployment needs beyond a local run. Where a platform marker says this is
 * a deployment, the embedded database would be an empty, per-instance folder and a
 * missing webhook secret means the database silently never syncs: both stop the
 * launcher instead. `migrate` and `studio` need only the database.
 */
export function assertDeploymentReady(env: Env, command: 'dev' | 'build' | 'start' | 'migrate' | 'studio'): void {
  const marker = deploymentMarker(env);
  if (!marker) return;
  const issues: string[] = [];
  if (!env.DATABASE_URL) {
    issues.push(
      `DATABASE_URL: not set, and ${marker} says this is a deployment, where the embedded database would start empty on every instance. Fix: set DATABASE_URL to your Postgres or Neon connection string in the deployment's environment (${deploying})`,
    );
  }
  const servesApp = command === 'dev' || command === 'build' || command === 'start';
  const hasWebhookSecret = Boolean(env.CLERK_WEBHOOK_SIGNING_SECRET || env.CLERK_WEBHOOK_SECRET);
  if (servesApp && !hasWebhookSecret && env[WEBHOOKS_OPT_OUT] !== '1') {
    issues.push(
      `CLERK_WEBHOOK_SIGNING_SECRET: not set, and ${marker} says this is a deployment: without it every webhook delivery fails and the database never syncs users and organizations from Clerk. Fix: add a webhook endpoint in Clerk Dashboard > Webhooks and set its Signing Secret, or set ${WEBHOOKS_OPT_OUT}=1 to deploy without webhooks (${deploying})`,
    );
  }
  if (issues.length) throw new EnvError(issues);
}

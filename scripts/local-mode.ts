/**
 * Local mode in the launcher: the one place it reaches the Clerk stand-in
 * (`packages/local-clerk`), loaded only when no Clerk keys are configured.
 * It hands the stand-in what it knows of this app (lib/local-mode.ts).
 */
import { ensureLocalKeys, startLocalClerk, type InstanceConfig } from '@saas-starter/local-clerk';
import { CLERK_WEBHOOK_PATH, LOCAL_FAPI_PATH } from '../lib/auth/routes';
import { LOCAL_FRONTEND_API_HOST } from '../lib/env/mode';
import { LOCAL_INSTANCE, LOCAL_SEED } from '../lib/local-mode';

interface LocalModeOptions {
  dataDir: string;
  /** The Dashboard settings local mode plays (CLERK_LOCAL_MEMBERSHIP, CLERK_LOCAL_MFA); unset, the stand-in's defaults (Clerk's). */
  settings: Pick<Partial<InstanceConfig>, 'organizationMembership' | 'mfa'>;
  /** The app's origin: Clerk's session tokens are minted for it, webhooks go to it. */
  appUrl: string;
  log: (message: string) => void;
}

/** The keys (created once into the data folder) as Next's environment, and a way to start the stand-in. */
export async function prepareLocalMode({ dataDir, settings, appUrl, log }: LocalModeOptions) {
  const keys = await ensureLocalKeys(dataDir, { frontendApiHost: LOCAL_FRONTEND_API_HOST });
  const env = {
    CLERK_LOCAL_MODE: '1',
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: keys.publishableKey,
    CLERK_SECRET_KEY: keys.secretKey,
    CLERK_JWT_KEY: keys.jwtPublicKey,
    CLERK_WEBHOOK_SIGNING_SECRET: keys.webhookSecret,
    CLERK_AUTHORIZED_PARTIES: appUrl,
    NEXT_PUBLIC_CLERK_PROXY_URL: LOCAL_FAPI_PATH,
    NEXT_PUBLIC_CLERK_JS_URL: `${LOCAL_FAPI_PATH}/npm/clerk.browser.js`,
    NEXT_PUBLIC_CLERK_UI_URL: `${LOCAL_FAPI_PATH}/npm/ui.browser.js`,
  };

  /** Starts the Frontend and Backend API stand-ins; their URLs join Next's environment. */
  async function start() {
    const clerk = await startLocalClerk({
      dataDir,
      keys,
      appUrl,
      publicFrontendApiUrl: new URL(LOCAL_FAPI_PATH, appUrl).toString(),
      webhookUrl: new URL(CLERK_WEBHOOK_PATH, appUrl).toString(),
      instance: { ...LOCAL_INSTANCE, ...settings },
      seed: LOCAL_SEED,
      log: (message) => log(`local Clerk: ${message}`),
    });
    return { close: clerk.close, env: { CLERK_API_URL: clerk.bapiUrl, CLERK_LOCAL_FAPI_URL: clerk.fapiUrl } };
  }

  return { env, start };
}

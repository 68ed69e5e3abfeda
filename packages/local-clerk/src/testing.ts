import type { BackendApiRequestCounts } from './request-counter';
import type { InstanceSettings } from './instance';

/**
 * Signs a user in without the UI, for tests: asks local mode's Frontend API
 * (directly, never through the app) for a session and returns the cookies a
 * browser would hold afterwards (`__local_clerk_client`, `__session`, `__client_uat`).
 */
export interface LocalSession {
  cookies: Array<{ name: string; value: string }>;
  userId: string;
  sessionId: string;
}

export interface LocalSessionOptions {
  /** The organization to make active. */
  orgSlug?: string;
  /** When the user's factors (the password, and the second factor of a user who has one) were last verified, in minutes before now (default: now): to test reverification. */
  verifiedMinutesAgo?: number;
}

export async function createLocalSession(fapiUrl: string, email: string, options: LocalSessionOptions = {}): Promise<LocalSession> {
  const response = await fetch(new URL('/__local/sessions', fapiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, orgSlug: options.orgSlug, verifiedMinutesAgo: options.verifiedMinutesAgo }),
  });
  if (!response.ok) throw new Error(`local session for ${email} failed: HTTP ${response.status} ${await response.text()}`);
  return (await response.json()) as LocalSession;
}

/** The number of webhook deliveries still queued; 0 once the app has them all. */
export async function pendingWebhooks(fapiUrl: string): Promise<number> {
  const response = await fetch(new URL('/__local/webhooks/pending', fapiUrl));
  return ((await response.json()) as { pending: number }).pending;
}

/** Signs any payload with the instance key, as a token the stand-in would mint: for tests that forge or tamper. */
export { signJwt } from './tokens';

/** The Backend API requests answered so far (`total`, and per `METHOD /path/:id`): diff two readings to count what happened between them. */
export async function backendApiRequests(fapiUrl: string): Promise<BackendApiRequestCounts> {
  const response = await fetch(new URL('/__local/backend-api/requests', fapiUrl));
  return (await response.json()) as BackendApiRequestCounts;
}

/** The RFC 6238 code of an authenticator secret (now, or at a moment in ms), as an authenticator app shows it. */
export { totpCode } from './totp';

/** Changes the running stand-in's Dashboard settings (organization membership, MFA, token lifetime); answers them all. */
export async function changeInstanceSettings(fapiUrl: string, settings: Partial<InstanceSettings>): Promise<InstanceSettings> {
  const response = await fetch(new URL('/__local/instance', fapiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  if (!response.ok) throw new Error(`local-clerk: /__local/instance answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as InstanceSettings;
}

/**
 * Clerk's Backend API rate limit, on demand: after `after` more requests (default 0), the next `requests`
 * answer `429` with `Retry-After: retryAfterSeconds` and Clerk's error body, as an instance over its limit does.
 */
export async function limitBackendApi(
  fapiUrl: string,
  limit: { requests: number; retryAfterSeconds: number; after?: number },
): Promise<void> {
  const response = await fetch(new URL('/__local/backend-api/rate-limit', fapiUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(limit),
  });
  if (!response.ok) throw new Error(`rate limit failed: HTTP ${response.status} ${await response.text()}`);
}

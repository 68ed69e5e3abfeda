/** Test and developer helpers under `/__local/`: loopback only, never through the app's proxy. */
import { z } from 'zod';
import { invalidParam, parseInput } from '../errors';
import type { JsonResponse } from '../http';
import { backendSubscriptionJSON } from '../serializers/billing/subscription';
import { authCookieValues, CLIENT_COOKIE, type FapiContext } from './context';

const localSessionBody = z.object({ email: z.string(), orgSlug: z.string().optional(), verifiedMinutesAgo: z.number().min(0).optional() });

/** A signed-in session for an existing user, as a browser would hold it after signing in (`/__local/sessions`). */
export function createLocalSession(ctx: FapiContext): JsonResponse {
  const { email, orgSlug, verifiedMinutesAgo } = parseInput(localSessionBody, ctx.body);
  const { store } = ctx.deps;
  const user = store.users.findByEmail(email);
  if (!user) throw invalidParam('email', 'form_identifier_not_found', `No user with email ${email}`);
  const organization = orgSlug ? store.organizations.require(orgSlug) : null;
  if (organization && !store.memberships.get(organization.id, user.id)) {
    throw invalidParam('orgSlug', 'not_a_member_in_organization', `${email} is not a member of ${orgSlug}`);
  }
  const client = store.clients.create();
  // A user with an authenticator app signs in with both factors, so the session has verified both.
  const session = store.sessions.create(client.id, user.id, organization?.id ?? null, { secondFactor: Boolean(user.totpSecret) });
  store.users.recordSignIn(user.id);
  if (verifiedMinutesAgo !== undefined) store.sessions.backdateVerification(session.id, verifiedMinutesAgo);
  const cookies = [
    { name: CLIENT_COOKIE, value: client.cookie },
    ...authCookieValues({ ...ctx, client }).map(({ name, value }) => ({ name, value })),
  ];
  return { status: 200, body: { cookies, userId: user.id, sessionId: session.id } };
}

const settingsBody = z.object({
  organizationMembership: z.enum(['required', 'optional']).optional(),
  mfa: z.enum(['required', 'optional']).optional(),
  sessionTokenLifetimeSeconds: z.number().int().min(30).optional(),
});

/** Changes the instance's settings as the Dashboard would on a running instance (`/__local/instance`): tests play both sides of a setting. */
export function changeLocalInstanceSettings(ctx: FapiContext): JsonResponse {
  const settings = parseInput(settingsBody, ctx.body);
  return { status: 200, body: ctx.deps.store.instance.changeSettings(settings) };
}

const rateLimitBody = z.object({
  requests: z.number().int().min(0),
  retryAfterSeconds: z.number().int().min(0).default(1),
  after: z.number().int().min(0).default(0),
});
export type BackendApiLimit = z.infer<typeof rateLimitBody>;

/** Clerk's rate limit on demand (`/__local/backend-api/rate-limit`): after `after` requests, the next `requests` answer 429 with `Retry-After`. */
export function limitBackendApi(ctx: FapiContext, local: { limitBackendApi: (limit: BackendApiLimit) => void }): JsonResponse {
  const limit = parseInput(rateLimitBody, ctx.body);
  local.limitBackendApi(limit);
  return { status: 200, body: limit };
}

const subscriptionBody = z.object({ payerType: z.enum(['user', 'org']), payerId: z.string(), plan: z.string() });

/**
 * Subscribes a user or an organization to a plan, as an admin would in Clerk's
 * Dashboard (`/__local/billing/subscriptions`): for seeding data at scale, where a
 * checkout per payer would need a signed-in member each. Announced as Clerk's billing webhooks.
 */
export function subscribeLocally(ctx: FapiContext): JsonResponse {
  const { payerType, payerId, plan } = parseInput(subscriptionBody, ctx.body);
  const { store } = ctx.deps;
  const id = payerType === 'user' ? store.users.require(payerId).id : store.organizations.require(payerId).id;
  if (store.billing.plans.bySlug(plan)?.payer !== payerType)
    throw invalidParam('plan', 'resource_not_found', `No ${payerType} plan ${plan}`);
  store.billing.assignPlan({ type: payerType, id }, plan);
  return { status: 200, body: backendSubscriptionJSON(store, store.billing.subscriptionOf({ type: payerType, id })) };
}

/** Test and developer helpers under `/__local/`: loopback only, never through the app's proxy. */
import { z } from 'zod';
import { invalidParam, parseInput } from '../errors';
import type { JsonResponse } from '../http';
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

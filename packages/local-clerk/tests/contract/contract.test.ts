/**
 * The contract: every route the stand-in answers has the shape Clerk's 2026-05-12 API spec
 * gives it (schemas.ts), and every route is in the table below. A new route fails the test
 * until it has a contract here and a call in drive.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { backendRoutes } from '../../src/bapi';
import { frontendRoutes } from '../../src/fapi';
import { driveEndpoints, type Answer, type WebhookDelivery } from './drive';
import { backend, billing, clerkErrors, frontend, webhooks } from './schemas';

/** What each Backend API route answers with status 200. */
const BACKEND: Record<string, z.ZodType> = {
  'GET /v1/jwks': backend.jwks,
  'GET /v1/users': backend.users,
  'GET /v1/users/count': backend.totalCount,
  'POST /v1/users': backend.user,
  'GET /v1/users/:id': backend.user,
  'PATCH /v1/users/:id': backend.user,
  'DELETE /v1/users/:id': backend.deletedUser,
  'PATCH /v1/users/:id/metadata': backend.user,
  'PUT /v1/users/:id/metadata': backend.user,
  'POST /v1/users/:id/password/set_compromised': backend.user,
  'POST /v1/users/:id/password/unset_compromised': backend.user,
  'GET /v1/users/:id/organization_memberships': backend.memberships,
  'GET /v1/users/:id/organization_invitations': backend.invitations,
  'GET /v1/organizations': backend.organizations,
  'POST /v1/organizations': backend.organization,
  'GET /v1/organizations/:id': backend.organization,
  'PATCH /v1/organizations/:id': backend.organization,
  'DELETE /v1/organizations/:id': backend.deletedOrganization,
  'PATCH /v1/organizations/:id/metadata': backend.organization,
  'PUT /v1/organizations/:id/metadata': backend.organization,
  'GET /v1/organization_memberships': backend.memberships,
  'GET /v1/organizations/:id/memberships': backend.memberships,
  'POST /v1/organizations/:id/memberships': backend.membership,
  'PATCH /v1/organizations/:id/memberships/:userId': backend.membership,
  'PATCH /v1/organizations/:id/memberships/:userId/metadata': backend.membership,
  'DELETE /v1/organizations/:id/memberships/:userId': backend.membership,
  'GET /v1/organizations/:id/invitations': backend.invitations,
  'POST /v1/organizations/:id/invitations': backend.invitation,
  'POST /v1/organizations/:id/invitations/bulk': backend.invitations,
  'GET /v1/organizations/:id/invitations/:invitationId': backend.invitation,
  'POST /v1/organizations/:id/invitations/:invitationId/revoke': backend.invitation,
  'GET /v1/sessions': backend.sessions,
  'GET /v1/sessions/:id': backend.session,
  'POST /v1/sessions/:id/revoke': backend.session,
  'POST /v1/sign_in_tokens': backend.signInToken,
  'POST /v1/sign_in_tokens/:id/revoke': backend.signInToken,
  'POST /v1/testing_tokens': backend.testingToken,
  'GET /v1/billing/plans': billing.backendPlans,
  'GET /v1/users/:id/billing/subscription': billing.backendSubscription,
  'GET /v1/organizations/:id/billing/subscription': billing.backendSubscription,
  'GET /v1/billing/subscription_items': billing.backendSubscriptionItems,
  'DELETE /v1/billing/subscription_items/:id': billing.backendSubscriptionItem,
  // clerkClient.apiKeys: without `/v1` (@clerk/backend's `skipApiVersionInUrl`).
  'GET /api_keys': backend.apiKeys,
  'POST /api_keys': backend.newApiKey,
  'POST /api_keys/verify': backend.apiKey,
  'GET /api_keys/:id': backend.apiKey,
  'GET /api_keys/:id/secret': backend.apiKeySecret,
  'POST /api_keys/:id/revoke': backend.apiKey,
  'POST /v1/actor_tokens': backend.actorToken,
  'POST /v1/actor_tokens/:id/revoke': backend.actorToken,
};

/** What each Frontend API route answers (200, but the redirects in REDIRECTS). */
const FRONTEND: Record<string, z.ZodType> = {
  'GET /v1/environment': frontend.environment,
  'PATCH /v1/environment': frontend.environment,
  'GET /v1/client': frontend.client,
  'PUT /v1/client': frontend.client,
  'DELETE /v1/client': frontend.deletedClient,
  'POST /v1/client/sessions/:id/touch': frontend.session,
  'POST /v1/client/sessions/:id/tokens': frontend.token,
  'POST /v1/client/sessions/:id/end': frontend.session,
  'POST /v1/client/sessions/:id/remove': frontend.session,
  'POST /v1/client/sessions/:id/verify': frontend.sessionReverification,
  'POST /v1/client/sessions/:id/verify/prepare_first_factor': frontend.sessionReverification,
  'POST /v1/client/sessions/:id/verify/attempt_first_factor': frontend.sessionReverification,
  'POST /v1/client/sessions/:id/verify/attempt_second_factor': frontend.sessionReverification,
  'DELETE /v1/client/sessions': frontend.client,
  'GET /v1/client/handshake': frontend.redirect,
  'POST /v1/dev_browser': frontend.devBrowser,
  'POST /v1/client/sign_ins': frontend.signIn,
  'GET /v1/client/sign_ins/:id': frontend.signIn,
  'POST /v1/client/sign_ins/:id/prepare_first_factor': frontend.signIn,
  'POST /v1/client/sign_ins/:id/attempt_first_factor': frontend.signIn,
  'POST /v1/client/sign_ins/:id/attempt_second_factor': frontend.signIn,
  'POST /v1/client/sign_ups': frontend.signUp,
  'GET /v1/client/sign_ups/:id': frontend.signUp,
  'PATCH /v1/client/sign_ups/:id': frontend.signUp,
  'POST /v1/client/sign_ups/:id/prepare_verification': frontend.signUp,
  'POST /v1/client/sign_ups/:id/attempt_verification': frontend.signUp,
  'GET /v1/me': frontend.user,
  'PATCH /v1/me': frontend.user,
  'DELETE /v1/me': frontend.deletedUser,
  'POST /v1/me/email_addresses': frontend.emailAddress,
  'POST /v1/me/email_addresses/:id/prepare_verification': frontend.emailAddress,
  'POST /v1/me/email_addresses/:id/attempt_verification': frontend.emailAddress,
  'DELETE /v1/me/email_addresses/:id': frontend.deletedEmailAddress,
  'POST /v1/me/change_password': frontend.user,
  'GET /v1/me/sessions/active': frontend.activeSessions,
  'POST /v1/me/sessions/:id/revoke': frontend.session,
  'GET /v1/me/organization_memberships': frontend.memberships,
  'GET /v1/me/organization_invitations': frontend.userInvitations,
  'POST /v1/me/organization_invitations/:id/accept': frontend.userInvitation,
  'GET /v1/me/organization_suggestions': frontend.emptyPage,
  'POST /v1/me/profile_image': frontend.image,
  'DELETE /v1/me/profile_image': frontend.deletedImage,
  'POST /v1/me/totp': frontend.totp,
  'POST /v1/me/totp/attempt_verification': frontend.totp,
  'DELETE /v1/me/totp': frontend.deletedTotp,
  'POST /v1/me/backup_codes': frontend.backupCodes,
  'POST /v1/me/external_accounts': frontend.pendingExternalAccount,
  'DELETE /v1/me/external_accounts/:id': frontend.deletedExternalAccount,
  'GET /v1/me/enterprise_connections': frontend.enterpriseConnections,
  'POST /v1/organizations': frontend.organization,
  'GET /v1/organizations/:id': frontend.organization,
  'PATCH /v1/organizations/:id': frontend.organization,
  'DELETE /v1/organizations/:id': frontend.deletedOrganization,
  'PUT /v1/organizations/:id/logo': frontend.organization,
  'DELETE /v1/organizations/:id/logo': frontend.organizationWithoutLogo,
  'GET /v1/organizations/:id/memberships': frontend.memberships,
  'PATCH /v1/organizations/:id/memberships/:userId': frontend.membership,
  'DELETE /v1/organizations/:id/memberships/:userId': frontend.membership,
  'POST /v1/organizations/:id/invitations/:invitationId/revoke': frontend.organizationInvitation,
  'GET /v1/organizations/:id/domains': frontend.emptyPage,
  'GET /v1/organizations/:id/roles': frontend.roles,
  'GET /v1/organizations/:id/invitations': frontend.organizationInvitations,
  'POST /v1/organizations/:id/invitations': frontend.organizationInvitation,
  'POST /v1/organizations/:id/invitations/bulk': frontend.organizationInvitationList,
  'GET /v1/billing/plans': billing.plans,
  'GET /v1/billing/plans/:id': billing.plan,
  'GET /v1/me/billing/subscription': billing.subscription,
  'GET /v1/me/billing/payment_methods': billing.emptyPage,
  'GET /v1/me/billing/statements': billing.emptyPage,
  'POST /v1/me/billing/checkouts': billing.checkout,
  'PATCH /v1/me/billing/checkouts/:id/confirm': billing.checkout,
  'DELETE /v1/me/billing/subscription_items/:id': billing.subscriptionItem,
  'GET /v1/organizations/:orgId/billing/subscription': billing.subscription,
  'GET /v1/organizations/:orgId/billing/payment_methods': billing.emptyPage,
  'GET /v1/organizations/:orgId/billing/statements': billing.emptyPage,
  'POST /v1/organizations/:orgId/billing/checkouts': billing.checkout,
  'PATCH /v1/organizations/:orgId/billing/checkouts/:id/confirm': billing.checkout,
  'DELETE /v1/organizations/:orgId/billing/subscription_items/:id': billing.subscriptionItem,
  // <APIKeys />: at the Frontend API's root, without `/v1` (clerk-js's API keys module).
  'GET /api_keys': frontend.apiKeys,
  'POST /api_keys': frontend.newApiKey,
  'POST /api_keys/:id/revoke': frontend.apiKey,
  // Local mode's own pages, playing the social and identity providers (not Clerk's API).
  'GET /v1/local_images/:file': frontend.svg,
  'GET /v1/local_oauth/:provider': frontend.html,
  'POST /v1/local_oauth/:provider/callback': frontend.redirect,
  'GET /v1/local_sso/:domain': frontend.html,
  'POST /v1/local_sso/:domain/callback': frontend.redirect,
  // The Account Portal's pages (hosted pages for apps without their own; not Clerk's API).
  'GET /sign-in': frontend.hostedPage,
  'GET /sign-up': frontend.hostedPage,
  'GET /user': frontend.hostedPage,
  'GET /create-organization': frontend.hostedPage,
};

/** The routes that answer with a redirect, and its status. */
const REDIRECTS: Record<string, number> = {
  'GET /v1/client/handshake': 307,
  'POST /v1/local_oauth/:provider/callback': 303,
  'POST /v1/local_sso/:domain/callback': 303,
};

const CONTRACTS = { bapi: BACKEND, fapi: FRONTEND };
const ROUTES = { bapi: backendRoutes.list, fapi: frontendRoutes.list };

const answers: Answer[] = [];
const deliveries: WebhookDelivery[] = [];

beforeAll(async () => {
  await driveEndpoints({ answer: (answer) => answers.push(answer), webhook: (delivery) => deliveries.push(delivery) });
});

/** Zod's issues as `path: message` lines, so a failure names the field. */
const problems = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
};

describe.each(['bapi', 'fapi'] as const)("the %s's contract", (api) => {
  it('names every route the stand-in answers, and only those', () => {
    expect(Object.keys(CONTRACTS[api]).sort()).toEqual([...ROUTES[api]].sort());
  });

  it('is exercised for every route', () => {
    const called = new Set(answers.filter((answer) => answer.api === api).map((answer) => answer.route));
    expect(ROUTES[api].filter((route) => !called.has(route))).toEqual([]);
  });

  it("answers every call in Clerk's shape", () => {
    const failures = answers
      .filter((answer) => answer.api === api)
      .flatMap(({ route, status, body, refusedWith }) => {
        const expectedStatus = refusedWith ?? REDIRECTS[route] ?? 200;
        if (status !== expectedStatus) return [`${route}: status ${status}, expected ${expectedStatus}: ${JSON.stringify(body)}`];
        return problems(refusedWith ? clerkErrors : CONTRACTS[api][route]!, body).map((problem) => `${route}: ${problem}`);
      });
    expect(failures).toEqual([]);
  });
});

describe('refusals', () => {
  it("refuse each attribute the instance has off as Clerk does (form_param_unknown on the field), in both APIs' writes", () => {
    const refusals = answers
      .filter((answer) => answer.refusedWith)
      .map(({ route, body }) => {
        const [error] = (body as z.infer<typeof clerkErrors>).errors;
        return `${route}: ${error?.code} ${String(error?.meta?.param_name)}`;
      });
    expect(refusals).toEqual([
      'POST /v1/users: form_param_unknown username',
      'POST /v1/users: form_param_unknown phone_number',
      'PATCH /v1/users/:id: form_param_unknown username',
      'PATCH /v1/users/:id: form_param_unknown phone_number',
      'POST /v1/client/sign_ups: form_param_unknown username',
      'PATCH /v1/client/sign_ups/:id: form_param_unknown phone_number',
    ]);
  });
});

describe('session tasks', () => {
  /** The sessions in Frontend API answers: a client's, or a session answered alone. */
  const sessions = (body: unknown): Array<{ status: string; tasks: Array<{ key: string }> | null }> => {
    const { response, client } = (body ?? {}) as { response?: { object?: string }; client?: { sessions?: [] } | null };
    return [...(client?.sessions ?? []), ...(response?.object === 'session' ? [response as never] : [])];
  };

  it('are checked in their pending shape: the session, its tasks, the Backend API session', () => {
    const pending = answers.flatMap((answer) => (answer.api === 'fapi' ? sessions(answer.body) : [])).filter((s) => s.status === 'pending');
    expect(pending.map((session) => session.tasks?.map((task) => task.key))).toContainEqual([
      'reset-password',
      'setup-mfa',
      'choose-organization',
    ]);
    expect(
      answers.some((answer) => answer.route === 'GET /v1/sessions/:id' && (answer.body as { status: string }).status === 'pending'),
    ).toBe(true);
  });
});

describe('webhooks', () => {
  it('announce every event type the stand-in sends', () => {
    expect(new Set(deliveries.map((delivery) => delivery.type))).toEqual(new Set(Object.keys(webhooks)));
  });

  it("carry Clerk's payloads", () => {
    const failures = deliveries.flatMap((delivery) => {
      const schema = webhooks[delivery.type];
      if (!schema) return [`${delivery.type}: no contract`];
      return problems(schema, delivery).map((problem) => `${delivery.type}: ${problem}`);
    });
    expect(failures).toEqual([]);
  });
});

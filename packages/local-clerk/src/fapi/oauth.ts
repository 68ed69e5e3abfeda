/**
 * Social sign-in (Clerk's redirect flow), with the stand-in playing the
 * providers. As in Clerk: `sign_ins` / `sign_ups` with `strategy: oauth_<provider>`
 * answer an unverified verification whose `external_verification_redirect_url`
 * the browser follows; the provider (here a local consent page on the
 * Frontend API, same-origin through the app's proxy) sends the browser back
 * through the Frontend API to the `redirect_url` (the app's SSO callback
 * route), where clerk-js finishes: the attempt is complete, or `transferable`
 * to the other kind of attempt (`{ transfer: true }`).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ClerkApiError, invalidParam, notFound, parseInput } from '../errors';
import type { JsonResponse } from '../http';
import {
  isSocialProvider,
  providerLogoSvg,
  providerOfStrategy,
  providerUserId,
  SOCIAL_PROVIDERS,
  type ProviderAccount,
  type SocialProvider,
} from '../providers';
import {
  CODE_LIFETIME,
  type OAuthFlowRecord,
  type PendingConnectionRecord,
  type SignInRecord,
  type SignUpRecord,
  type UserRecord,
} from '../store';
import type { NewExternalAccount } from '../store/users';
import { currentSession, ensureClient, sessionsChanged, type FapiContext, FapiRoutes } from './context';

const CONSENT_PATH = '/v1/local_oauth';

export const HTML = 'text/html; charset=utf-8';

export const oauthStartBody = z.object({
  strategy: z.string(),
  redirect_url: z.string({ error: 'redirect_url is required for social sign-in' }),
  action_complete_redirect_url: z.string().optional(),
});

/** The app's own URLs only (or the Account Portal's), as Clerk allows redirects to the instance's origins only. */
function appUrl(ctx: FapiContext, value: string, param: string): string {
  let url: URL;
  try {
    url = new URL(value, ctx.origin);
  } catch {
    throw invalidParam(param, 'form_param_format_invalid', `${param} must be a URL of the app`);
  }
  if (!ctx.allowedOrigins.includes(url.origin))
    throw invalidParam(param, 'form_param_value_invalid', `${param} must be on ${ctx.allowedOrigins.join(' or ')}`);
  return url.toString();
}

function requireProvider(ctx: FapiContext, strategy: string): SocialProvider {
  const provider = providerOfStrategy(strategy, ctx.deps.store.instance.config.socialProviders);
  if (!provider) throw invalidParam('strategy', 'strategy_for_user_invalid', `${strategy} is not enabled on this instance`);
  return provider;
}

/** Starts the redirect flow on a new sign-in or sign-up: the verification the browser follows to the consent page. */
export function startSocialFlow(ctx: FapiContext, body: unknown) {
  // The provider first: one the instance does not enable is refused whatever else is sent.
  const provider = requireProvider(ctx, parseInput(oauthStartBody.pick({ strategy: true }), body).strategy);
  return startRedirectFlow(ctx, body, `oauth_${provider}`, `${CONSENT_PATH}/${provider}`);
}

/** A redirect flow (social or enterprise): where the browser comes back, and the verification pointing at the local provider's page. */
export function startRedirectFlow(ctx: FapiContext, body: unknown, strategy: `oauth_${string}` | 'enterprise_sso', pagePath: string) {
  const { redirect_url, action_complete_redirect_url } = parseInput(oauthStartBody.omit({ strategy: true }), body);
  const oauth: OAuthFlowRecord = {
    state: randomBytes(24).toString('base64url'),
    redirectUrl: appUrl(ctx, redirect_url, 'redirect_url'),
    actionCompleteRedirectUrl: action_complete_redirect_url
      ? appUrl(ctx, action_complete_redirect_url, 'action_complete_redirect_url')
      : null,
    account: null,
  };
  const page = new URL(`${ctx.frontendApiUrl}${pagePath}`);
  page.searchParams.set('state', oauth.state);
  return {
    oauth,
    verification: {
      strategy,
      status: 'unverified' as const,
      attempts: 0,
      expireAt: Date.now() + CODE_LIFETIME,
      externalVerificationRedirectUrl: page.toString(),
    },
  };
}

/** A session for the user, the attempt left on the client as complete (clerk-js reads it on the callback page). */
function createSession(ctx: FapiContext, clientId: string, user: UserRecord): string {
  const session = ctx.deps.store.sessions.create(clientId, user.id);
  ctx.deps.store.users.recordSignIn(user.id);
  sessionsChanged(ctx);
  return session.id;
}

/** A new user from an enterprise connection joins the organization that owns its domain, with the default role. */
function joinConnectionOrganization(ctx: FapiContext, user: UserRecord, account: NewExternalAccount) {
  const { store } = ctx.deps;
  const slug =
    account.strategy === 'enterprise_sso' ? store.instance.enterpriseConnectionFor(account.emailAddress)?.organizationSlug : undefined;
  const organization = slug ? store.organizations.get(slug) : undefined;
  if (organization) store.memberships.create(organization.id, user.id, store.instance.config.defaultOrgRole);
}

const userFromAccount = (ctx: FapiContext, account: NewExternalAccount) =>
  ctx.deps.store.users.create({
    emailAddresses: [account.emailAddress],
    firstName: account.firstName,
    lastName: account.lastName,
    externalAccounts: [account],
  });

/**
 * The user this provider account signs in: the one who linked it, else the one
 * with its (provider-verified) email, who gets it linked rather than a second
 * account; none for a new account.
 */
function linkedUser(ctx: FapiContext, account: NewExternalAccount): UserRecord | undefined {
  const { users } = ctx.deps.store;
  const linked = users.findByExternalAccount(account.strategy, account.providerUserId);
  if (linked) return linked;
  const byEmail = users.findByEmail(account.emailAddress);
  return byEmail ? users.linkExternalAccount(byEmail.id, account) : undefined;
}

export function finishSignIn(ctx: FapiContext, signIn: SignInRecord, account: NewExternalAccount) {
  const verification = signIn.firstFactorVerification!;
  const user = linkedUser(ctx, account);
  if (user) {
    Object.assign(verification, { status: 'verified', attempts: 1 });
    Object.assign(signIn, { userId: user.id, identifier: account.emailAddress });
    signIn.createdSessionId = createSession(ctx, signIn.clientId, user);
  } else {
    Object.assign(verification, { status: 'transferable', errorCode: 'external_account_not_found' });
  }
  ctx.deps.store.attempts.save(signIn);
}

function finishSignUp(ctx: FapiContext, signUp: SignUpRecord, account: NewExternalAccount) {
  const verification = signUp.externalAccountVerification!;
  const { users } = ctx.deps.store;
  if (users.findByExternalAccount(account.strategy, account.providerUserId) || users.findByEmail(account.emailAddress)) {
    Object.assign(verification, { status: 'transferable', errorCode: 'external_account_exists' });
  } else {
    Object.assign(verification, { status: 'verified', attempts: 1 });
    completeSocialSignUp(ctx, signUp, account);
  }
  ctx.deps.store.attempts.save(signUp);
}

function completeSocialSignUp(ctx: FapiContext, signUp: SignUpRecord, account: NewExternalAccount) {
  const user = userFromAccount(ctx, account);
  joinConnectionOrganization(ctx, user, account);
  Object.assign(signUp, { emailAddress: account.emailAddress, firstName: account.firstName, lastName: account.lastName });
  signUp.createdUserId = user.id;
  signUp.createdSessionId = createSession(ctx, signUp.clientId, user);
}

/** `sign_ups` with `transfer`: the client's sign-in met a provider account unknown here; it becomes a user. */
export function transferToSignUp(ctx: FapiContext, signUp: SignUpRecord) {
  const client = ensureClient(ctx);
  const signIn = client.signInId ? ctx.deps.store.attempts.getSignIn(client.signInId) : undefined;
  const account = signIn?.oauth?.account;
  if (!signIn || !account || signIn.firstFactorVerification?.status !== 'transferable') {
    throw new ClerkApiError(
      400,
      'sign_up_transfer_unavailable',
      'Nothing to transfer',
      'There is no social sign-in to continue as a sign-up.',
    );
  }
  Object.assign(signUp, {
    oauth: signIn.oauth,
    externalAccountVerification: { ...signIn.firstFactorVerification, status: 'verified', errorCode: undefined },
  });
  completeSocialSignUp(ctx, signUp, account);
  ctx.deps.store.attempts.save(signUp);
}

/** `sign_ins` with `transfer`: the client's sign-up met a provider account a user already has; that user signs in. */
export function transferToSignIn(ctx: FapiContext, signIn: SignInRecord) {
  const client = ensureClient(ctx);
  const signUp = client.signUpId ? ctx.deps.store.attempts.getSignUp(client.signUpId) : undefined;
  const account = signUp?.oauth?.account;
  if (!signUp || !account || signUp.externalAccountVerification?.status !== 'transferable') {
    throw new ClerkApiError(
      400,
      'sign_in_transfer_unavailable',
      'Nothing to transfer',
      'There is no social sign-up to continue as a sign-in.',
    );
  }
  Object.assign(signIn, {
    oauth: signUp.oauth,
    firstFactorVerification: { ...signUp.externalAccountVerification, status: 'unverified', errorCode: undefined },
  });
  finishSignIn(ctx, signIn, account);
}

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The provider's consent page: no script and no inline style, so the app's strict CSP has nothing to block. */
function consentPage(ctx: FapiContext, provider: SocialProvider, state: string, accounts: ProviderAccount[]): string {
  const name = escapeHtml(SOCIAL_PROVIDERS[provider].name);
  const action = escapeHtml(`${ctx.frontendApiUrl}${CONSENT_PATH}/${provider}/callback`);
  const choices = accounts
    .map(
      (account) => `<li><form method="post" action="${action}">
<input type="hidden" name="state" value="${escapeHtml(state)}"><input type="hidden" name="email" value="${escapeHtml(account.email)}">
<button type="submit">Continue as ${escapeHtml(`${account.firstName} ${account.lastName}`)} (${escapeHtml(account.email)})</button></form></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sign in with ${name} (local)</title></head>
<body><main>
<h1>Sign in with ${name}</h1>
<p>Local mode plays ${name} on this machine: choose an account to continue to ${escapeHtml(ctx.deps.store.instance.config.applicationName)}.</p>
<ul>${choices || '<li>No accounts: add some to providerAccounts in the local instance configuration.</li>'}</ul>
</main></body></html>`;
}

/** The account the person chose on the provider's page, as the provider describes it. */
function chosenAccount(ctx: FapiContext, provider: SocialProvider, email: string): NewExternalAccount {
  const chosen = ctx.deps.store.instance.config.providerAccounts.find(
    (account) => account.provider === provider && account.email === email,
  );
  if (!chosen)
    throw invalidParam('email', 'form_param_value_invalid', `${email} is not one of ${SOCIAL_PROVIDERS[provider].name}'s local accounts`);
  return {
    strategy: `oauth_${provider}`,
    providerUserId: providerUserId(chosen),
    emailAddress: chosen.email.toLowerCase(),
    firstName: chosen.firstName,
    lastName: chosen.lastName,
    username: chosen.username ?? chosen.email.split('@')[0]!,
  };
}

/**
 * The provider answered a connection started in the user profile: the account is linked to
 * the signed-in user who started it, unless some user (them included) has it already; either
 * way the browser goes back to the profile, as from Clerk's callback.
 */
function finishConnecting(
  ctx: FapiContext,
  { user, connection }: { user: UserRecord; connection: PendingConnectionRecord },
  account: NewExternalAccount,
): JsonResponse {
  if (currentSession(ctx).user.id !== user.id || connection.strategy !== account.strategy) throw notFound('connection');
  const { users } = ctx.deps.store;
  const taken = users.findByExternalAccount(account.strategy, account.providerUserId);
  if (taken)
    ctx.deps.log(`Frontend API: ${account.emailAddress} at ${account.strategy} is already connected to ${taken.id}; nothing linked`);
  users.finishConnection(user.id, connection.id, taken ? null : account);
  return { status: 303, body: undefined, headers: { Location: connection.redirectUrl } };
}

export function requireFlow(ctx: FapiContext, state: string | null | undefined) {
  const found = state ? ctx.deps.store.attempts.findByOAuthState(state) : undefined;
  if (!found) throw notFound('social sign-in');
  return found;
}

/** The local providers: the consent page, and its answer, which returns the browser to the app like Clerk's `oauth_callback`. */
export const oauthRoutes = new FapiRoutes('fapi/oauth.ts')
  .on('GET', '/v1/local_images/:file', (_ctx, { file }): JsonResponse => {
    const provider = file!.replace(/\.svg$/, '');
    if (!isSocialProvider(provider)) throw notFound('image');
    return {
      status: 200,
      contentType: 'image/svg+xml',
      body: providerLogoSvg(provider),
      headers: { 'Cache-Control': 'public, max-age=86400' },
    };
  })
  .on('GET', '/v1/local_oauth/:provider', (ctx, { provider }): JsonResponse => {
    const known = requireProvider(ctx, `oauth_${provider}`);
    const state = ctx.url.searchParams.get('state');
    if (!ctx.deps.store.users.findPendingConnection(state ?? '')) requireFlow(ctx, state);
    const accounts = ctx.deps.store.instance.config.providerAccounts.filter((account) => account.provider === known);
    return { status: 200, contentType: HTML, body: consentPage(ctx, known, state!, accounts) };
  })
  .on('POST', '/v1/local_oauth/:provider/callback', (ctx, { provider }): JsonResponse => {
    const known = requireProvider(ctx, `oauth_${provider}`);
    const { state, email } = parseInput(z.object({ state: z.string(), email: z.string() }), ctx.body);
    const connecting = ctx.deps.store.users.findPendingConnection(state);
    if (connecting) return finishConnecting(ctx, connecting, chosenAccount(ctx, known, email));
    const found = requireFlow(ctx, state);
    const account = chosenAccount(ctx, known, email);
    const attempt = 'signIn' in found ? found.signIn : found.signUp;
    if (attempt.clientId !== ctx.client?.id) throw notFound('social sign-in');
    attempt.oauth!.account = account;
    if ('signIn' in found) finishSignIn(ctx, found.signIn, account);
    else finishSignUp(ctx, found.signUp, account);
    return { status: 303, body: undefined, headers: { Location: attempt.oauth!.redirectUrl } };
  });

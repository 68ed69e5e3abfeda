/**
 * Enterprise SSO by email domain (Clerk's `enterprise_sso` strategy), with the
 * stand-in playing the identity provider. An identifier of a connection's
 * domain gets `enterprise_sso` as its only first factor, so `<SignIn>` skips the
 * password and calls `prepare_first_factor`; the verification points at a local
 * identity-provider page, whose answer returns the browser like the social
 * flow (a new user is transferred to a sign-up and joins the connection's
 * organization).
 */
import { z } from 'zod';
import { invalidParam, notFound, parseInput } from '../errors';
import type { JsonResponse } from '../http';
import type { SignInRecord } from '../store';
import type { NewExternalAccount } from '../store/users';
import { FapiRoutes, type FapiContext } from './context';
import { escapeHtml, finishSignIn, HTML, requireFlow, startRedirectFlow } from './oauth';

const IDP_PATH = '/v1/local_sso';

/** `prepare_first_factor` with `enterprise_sso`: the identifier's connection, else a 422 as Clerk answers. */
export function prepareEnterpriseSso(ctx: FapiContext, signIn: SignInRecord) {
  const connection = ctx.deps.store.instance.enterpriseConnectionFor(signIn.identifier);
  if (!connection) throw invalidParam('strategy', 'strategy_for_user_invalid', 'No enterprise connection for this identifier');
  const { oauth, verification } = startRedirectFlow(
    ctx,
    ctx.body,
    'enterprise_sso',
    `${IDP_PATH}/${encodeURIComponent(connection.domain)}`,
  );
  Object.assign(signIn, { oauth, firstFactorVerification: verification });
}

/** A person's name from `jane.doe@...`: the identity provider's attributes, made up. */
const nameFromEmail = (email: string) => {
  const [first = 'Enterprise', last = 'User'] = email
    .split('@')[0]!
    .split(/[._-]+/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1));
  return { firstName: first, lastName: last };
};

function idpPage(ctx: FapiContext, name: string, action: string, state: string, email: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(name)} (local)</title></head>
<body><main>
<h1>${escapeHtml(name)}</h1>
<p>Local mode plays your organization's identity provider on this machine: confirm to continue to ${escapeHtml(ctx.deps.store.instance.config.applicationName)}.</p>
<form method="post" action="${escapeHtml(action)}"><input type="hidden" name="state" value="${escapeHtml(state)}">
<button type="submit">Sign in as ${escapeHtml(email)}</button></form>
</main></body></html>`;
}

function requireSignInFlow(ctx: FapiContext, state: string | null | undefined): SignInRecord {
  const found = requireFlow(ctx, state);
  if (
    !('signIn' in found) ||
    found.signIn.clientId !== ctx.client?.id ||
    found.signIn.firstFactorVerification?.strategy !== 'enterprise_sso'
  )
    throw notFound('enterprise sign-in');
  return found.signIn;
}

export const enterpriseSsoRoutes = new FapiRoutes('fapi/enterprise-sso.ts')
  .on('GET', '/v1/local_sso/:domain', (ctx): JsonResponse => {
    const signIn = requireSignInFlow(ctx, ctx.url.searchParams.get('state'));
    const connection = ctx.deps.store.instance.enterpriseConnectionFor(signIn.identifier)!;
    const action = `${ctx.frontendApiUrl}${IDP_PATH}/${encodeURIComponent(connection.domain)}/callback`;
    return { status: 200, contentType: HTML, body: idpPage(ctx, connection.name, action, signIn.oauth!.state, signIn.identifier!) };
  })
  .on('POST', '/v1/local_sso/:domain/callback', (ctx): JsonResponse => {
    const { state } = parseInput(z.object({ state: z.string() }), ctx.body);
    const signIn = requireSignInFlow(ctx, state);
    const email = signIn.identifier!.toLowerCase();
    const account: NewExternalAccount = {
      strategy: 'enterprise_sso',
      providerUserId: `sso-${Buffer.from(email).toString('base64url')}`,
      emailAddress: email,
      ...nameFromEmail(email),
      username: null,
    };
    signIn.oauth!.account = account;
    finishSignIn(ctx, signIn, account);
    return { status: 303, body: undefined, headers: { Location: signIn.oauth!.redirectUrl } };
  });

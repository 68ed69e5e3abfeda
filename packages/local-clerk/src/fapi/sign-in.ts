import { z } from 'zod';
import { ClerkApiError, invalidParam, missingParam, notFound, parseInput } from '../errors';
import { backupCodeDigest, verifyTotp } from '../totp';
import { verifyPassword } from '../password';
import { frontendSignInJSON } from '../serializers/sign-in';
import { CODE_LIFETIME, type ActorTokenRecord, type SignInRecord, type UserRecord } from '../store';
import { attemptCode, logCode } from './codes';
import { prepareEnterpriseSso } from './enterprise-sso';
import { startSocialFlow, transferToSignIn } from './oauth';
import { ensureClient, sessionsChanged, withClient, type FapiContext, FapiRoutes } from './context';

function requireSignIn(ctx: FapiContext, id: string): SignInRecord {
  const signIn = ctx.deps.store.attempts.getSignIn(id);
  if (!signIn || signIn.clientId !== ctx.client?.id) throw notFound('sign in');
  return signIn;
}

function completeSignIn(
  ctx: FapiContext,
  signIn: SignInRecord,
  user: UserRecord,
  { secondFactor = false, organizationId = null as string | null, actor = null as ActorTokenRecord | null } = {},
) {
  const { store } = ctx.deps;
  // An enrolled authenticator app: the sign-in waits for the second factor (`needs_second_factor`).
  if (user.totpSecret && !secondFactor && !actor) {
    store.attempts.save(signIn);
    return;
  }
  // Signing in with a password marked compromised makes `reset-password` due for this session.
  const compromisedPassword = signIn.firstFactorVerification?.strategy === 'password' && Boolean(user.passwordCompromised);
  // With membership required, an invitation's organization is the new session's (it resolves `choose-organization`).
  const activeOrganizationId = store.instance.membershipRequired ? organizationId : null;
  // An actor token's session is the impersonator's: Clerk asks no second factor and records no sign-in of the user.
  const session = store.sessions.create(ensureClient(ctx).id, user.id, activeOrganizationId, {
    secondFactor,
    compromisedPassword,
    ...(actor && { actor: actor.actor, maxDurationMs: actor.sessionMaxDurationSeconds * 1000 }),
  });
  if (!actor) store.users.recordSignIn(user.id);
  signIn.createdSessionId = session.id;
  store.attempts.save(signIn);
  store.attempts.finish(signIn);
  sessionsChanged(ctx);
}

/** A TOTP code of the user's secret, or one of their backup codes, which is then used up (sign-in and reverification). */
export function verifySecondFactor(ctx: FapiContext, user: UserRecord, strategy: 'totp' | 'backup_code', code: string): boolean {
  if (strategy === 'totp') return verifyTotp(user.totpSecret!, code);
  const digest = backupCodeDigest(code);
  if (!user.backupCodeDigests?.includes(digest)) return false;
  ctx.deps.store.users.useBackupCode(user.id, digest);
  return true;
}

async function attemptPassword(ctx: FapiContext, signIn: SignInRecord, password: string | undefined) {
  const user = signIn.userId ? ctx.deps.store.users.get(signIn.userId) : undefined;
  if (!user) throw missingParam('identifier');
  if (!password) throw missingParam('password');
  if (ctx.deps.store.instance.enterpriseConnectionFor(signIn.identifier)) {
    throw invalidParam('strategy', 'strategy_for_user_invalid', 'Users of this domain sign in with their enterprise connection.');
  }
  if (!user.passwordDigest || !(await verifyPassword(password, user.passwordDigest))) {
    throw invalidParam('password', 'form_password_incorrect', 'Password is incorrect. Try again, or use another method.');
  }
  signIn.firstFactorVerification = { strategy: 'password', status: 'verified', attempts: 1, expireAt: Date.now() + CODE_LIFETIME };
  completeSignIn(ctx, signIn, user);
}

function prepareEmailCode(ctx: FapiContext, signIn: SignInRecord) {
  if (!signIn.userId) throw missingParam('identifier');
  signIn.firstFactorVerification = { strategy: 'email_code', status: 'unverified', attempts: 0, expireAt: Date.now() + CODE_LIFETIME };
  ctx.deps.store.attempts.save(signIn);
  logCode(ctx, signIn.identifier);
}

/**
 * A sign-in token's user; an actor token's user, impersonated by its actor; or an invitation's
 * invitee, who joins the organization (Clerk's invitation link, for an existing account).
 */
function userOfTicket(ctx: FapiContext, ticket: string): { user: UserRecord; organizationId: string | null; actor?: ActorTokenRecord } {
  const { store } = ctx.deps;
  if (store.actorTokens.isActorTicket(ticket)) {
    const actor = store.actorTokens.redeem(ticket);
    return { user: store.users.require(actor.userId), organizationId: null, actor };
  }
  if (!store.tickets.isInvitationTicket(ticket))
    return { user: store.users.require(store.tickets.redeemSignInToken(ticket)), organizationId: null };
  const invitation = store.tickets.redeemInvitation(ticket);
  const user = store.users.findByEmail(invitation.emailAddress);
  if (!user)
    throw invalidParam(
      'ticket',
      'form_identifier_not_found',
      "Couldn't find your account.",
      `No account uses ${invitation.emailAddress} yet: sign up with this link instead.`,
    );
  store.invitations.accept(invitation.id, user.id);
  return { user, organizationId: invitation.organizationId };
}

const signInCreateBody = z.object({
  identifier: z.string().optional(),
  password: z.string().optional(),
  strategy: z.string().optional(),
  ticket: z.string().optional(),
  transfer: z.string().optional(),
});
const secondFactorBody = z.object({ strategy: z.enum(['totp', 'backup_code']), code: z.string() });
const firstFactorBody = z.object({ strategy: z.string(), password: z.string().optional(), code: z.string().optional() });

const unsupportedStrategy = (strategy: string) =>
  invalidParam(
    'strategy',
    'strategy_for_user_invalid',
    `${strategy} is not available in local mode`,
    `The ${strategy} strategy is not available in local mode: use password, email_code, ticket, enterprise_sso or oauth_<provider>.`,
  );

/**
 * Sign-in: by password in one call, with an email code, with a ticket (a sign-in token),
 * through a social provider (`oauth_*`) or an enterprise connection (`enterprise_sso`);
 * then a second factor (`totp` or `backup_code`) for users with an authenticator app.
 */
export const signInRoutes = new FapiRoutes('fapi/sign-in.ts')
  .on('POST', '/v1/client/sign_ins', async (ctx) => {
    const body = parseInput(signInCreateBody, ctx.body);
    const { store } = ctx.deps;
    if (body.transfer === 'true' || body.strategy?.startsWith('oauth_')) {
      const signIn = store.attempts.createSignIn(ensureClient(ctx).id);
      if (body.transfer === 'true') transferToSignIn(ctx, signIn);
      else
        Object.assign(
          signIn,
          (({ oauth, verification }) => ({ oauth, firstFactorVerification: verification }))(startSocialFlow(ctx, ctx.body)),
        );
      store.attempts.save(signIn);
      return withClient(ctx, frontendSignInJSON(store, signIn));
    }
    if (body.strategy === 'ticket') {
      if (!body.ticket) throw missingParam('ticket');
      const { user, organizationId, actor } = userOfTicket(ctx, body.ticket);
      const signIn = store.attempts.createSignIn(ensureClient(ctx).id);
      Object.assign(signIn, {
        identifier: store.users.primaryEmail(user),
        userId: user.id,
        firstFactorVerification: { strategy: 'ticket', status: 'verified', attempts: 1, expireAt: Date.now() + CODE_LIFETIME },
      });
      completeSignIn(ctx, signIn, user, { organizationId, actor: actor ?? null });
      return withClient(ctx, frontendSignInJSON(store, signIn));
    }
    if (body.strategy !== undefined && !['password', 'email_code', 'enterprise_sso'].includes(body.strategy))
      throw unsupportedStrategy(body.strategy);
    const user = body.identifier ? store.users.findByEmail(body.identifier) : undefined;
    // An enterprise domain's new users sign up at their identity provider, so their identifier is accepted.
    if (body.identifier && !user && !store.instance.enterpriseConnectionFor(body.identifier)) {
      throw invalidParam('identifier', 'form_identifier_not_found', "Couldn't find your account.");
    }
    const signIn = store.attempts.createSignIn(ensureClient(ctx).id);
    Object.assign(signIn, { identifier: body.identifier ?? null, userId: user?.id ?? null });
    store.attempts.save(signIn);
    if (body.strategy === 'password') await attemptPassword(ctx, signIn, body.password);
    if (body.strategy === 'email_code') prepareEmailCode(ctx, signIn);
    if (body.strategy === 'enterprise_sso') {
      prepareEnterpriseSso(ctx, signIn);
      store.attempts.save(signIn);
    }
    return withClient(ctx, frontendSignInJSON(store, signIn));
  })
  .on('GET', '/v1/client/sign_ins/:id', (ctx, { id }) => withClient(ctx, frontendSignInJSON(ctx.deps.store, requireSignIn(ctx, id!))))
  .on('POST', '/v1/client/sign_ins/:id/prepare_first_factor', (ctx, { id }) => {
    const signIn = requireSignIn(ctx, id!);
    const { strategy } = parseInput(firstFactorBody, ctx.body);
    if (strategy === 'enterprise_sso') {
      prepareEnterpriseSso(ctx, signIn);
      ctx.deps.store.attempts.save(signIn);
      return withClient(ctx, frontendSignInJSON(ctx.deps.store, signIn));
    }
    if (strategy !== 'email_code') throw unsupportedStrategy(strategy);
    prepareEmailCode(ctx, signIn);
    return withClient(ctx, frontendSignInJSON(ctx.deps.store, signIn));
  })
  .on('POST', '/v1/client/sign_ins/:id/attempt_first_factor', async (ctx, { id }) => {
    const signIn = requireSignIn(ctx, id!);
    const body = parseInput(firstFactorBody, ctx.body);
    if (body.strategy === 'password') {
      await attemptPassword(ctx, signIn, body.password);
    } else if (body.strategy === 'email_code') {
      try {
        attemptCode(ctx, signIn.firstFactorVerification, body.code);
      } finally {
        ctx.deps.store.attempts.save(signIn);
      }
      completeSignIn(ctx, signIn, ctx.deps.store.users.require(signIn.userId!));
    } else {
      throw unsupportedStrategy(body.strategy);
    }
    return withClient(ctx, frontendSignInJSON(ctx.deps.store, signIn));
  })
  .on('POST', '/v1/client/sign_ins/:id/attempt_second_factor', (ctx, { id }) => {
    const signIn = requireSignIn(ctx, id!);
    const { strategy, code } = parseInput(secondFactorBody, ctx.body);
    const user = signIn.userId ? ctx.deps.store.users.get(signIn.userId) : undefined;
    if (!user?.totpSecret || signIn.firstFactorVerification?.status !== 'verified' || signIn.createdSessionId) {
      throw new ClerkApiError(400, 'verification_missing', 'No second factor due', 'Verify the first factor first.');
    }
    const verification = {
      strategy,
      status: 'unverified' as const,
      attempts: (signIn.secondFactorVerification?.attempts ?? 0) + 1,
      expireAt: Date.now() + CODE_LIFETIME,
    };
    signIn.secondFactorVerification = verification;
    if (!verifySecondFactor(ctx, user, strategy, code)) {
      ctx.deps.store.attempts.save(signIn);
      throw invalidParam('code', 'form_code_incorrect', 'Incorrect code');
    }
    signIn.secondFactorVerification = { ...verification, status: 'verified' };
    completeSignIn(ctx, signIn, user, { secondFactor: true });
    return withClient(ctx, frontendSignInJSON(ctx.deps.store, signIn));
  });

import { z } from 'zod';
import { ClerkApiError, invalidParam, missingParam, parseInput } from '../errors';
import { verifyPassword } from '../password';
import { frontendSessionVerificationJSON } from '../serializers/session-verification';
import { CODE_LIFETIME, type SessionRecord } from '../store';
import { attemptCode, logCode } from './codes';
import { verifySecondFactor } from './sign-in';
import { requireClientSession, sessionJSON, sessionsChanged, withClient, type FapiContext, FapiRoutes } from './context';

const verificationJSON = (ctx: FapiContext, session: SessionRecord) =>
  withClient(ctx, frontendSessionVerificationJSON(ctx.deps.store, session, sessionJSON(ctx, session)));

function requireVerification(
  ctx: FapiContext,
  sessionId: string,
  status: 'needs_first_factor' | 'needs_second_factor' = 'needs_first_factor',
) {
  const session = requireClientSession(ctx, sessionId);
  if (session.verification?.status !== status) {
    throw new ClerkApiError(
      400,
      'verification_missing',
      'No verification in progress',
      `Start a session verification first; this step needs the status ${status}.`,
    );
  }
  return { session, verification: session.verification };
}

/** How long a verified first factor lets the profile's sensitive actions through (Clerk's `strict` level). */
const SENSITIVE_ACTION_WINDOW = 10 * 60_000;

/**
 * Sensitive actions (a new password, an email address added or removed, a device
 * signed out, the account deleted) need a first factor verified in the last ten
 * minutes; otherwise 403 `session_reverification_required`, on which Clerk's
 * components open the reverification modal and retry.
 */
export function requireRecentVerification(session: SessionRecord) {
  if (Date.now() - session.firstFactorVerifiedAt <= SENSITIVE_ACTION_WINDOW) return;
  throw new ClerkApiError(403, 'session_reverification_required', 'You need to provide additional verification to perform this operation');
}

const unsupported = (strategy: string) =>
  invalidParam('strategy', 'strategy_for_user_invalid', `${strategy} is not available in local mode`);

/**
 * Reverification (`useReverification()`, Clerk's verification modal): the
 * user proves a first factor again (password or email code), and their second
 * factor (authenticator app or backup code) where the level asks for it and they
 * have one; each factor's age in the session's `fva` claim restarts from zero.
 * Clerk's UI prepares a second factor only for SMS codes, which local mode has not.
 */
export const reverificationRoutes = new FapiRoutes('fapi/reverification.ts')
  .on('POST', '/v1/client/sessions/:id/verify', (ctx, { id }) => {
    const { level } = parseInput(z.object({ level: z.enum(['first_factor', 'second_factor', 'multi_factor']) }), ctx.body);
    return verificationJSON(ctx, ctx.deps.store.sessions.startVerification(requireClientSession(ctx, id!).id, level));
  })
  .on('POST', '/v1/client/sessions/:id/verify/prepare_first_factor', (ctx, { id }) => {
    const { session, verification } = requireVerification(ctx, id!);
    const { strategy } = parseInput(z.object({ strategy: z.string() }), ctx.body);
    if (strategy !== 'email_code') throw unsupported(strategy);
    verification.firstFactorVerification = { strategy, status: 'unverified', attempts: 0, expireAt: Date.now() + CODE_LIFETIME };
    ctx.deps.store.sessions.saveVerification(session);
    logCode(ctx, ctx.deps.store.users.primaryEmail(ctx.deps.store.users.require(session.userId)));
    return verificationJSON(ctx, session);
  })
  .on('POST', '/v1/client/sessions/:id/verify/attempt_first_factor', async (ctx, { id }) => {
    const { session, verification } = requireVerification(ctx, id!);
    const body = parseInput(z.object({ strategy: z.string(), password: z.string().optional(), code: z.string().optional() }), ctx.body);
    if (body.strategy === 'password') {
      const user = ctx.deps.store.users.require(session.userId);
      if (!body.password) throw missingParam('password');
      if (!user.passwordDigest || !(await verifyPassword(body.password, user.passwordDigest))) {
        throw invalidParam('password', 'form_password_incorrect', 'Password is incorrect. Try again, or use another method.');
      }
    } else if (body.strategy === 'email_code') {
      try {
        attemptCode(ctx, verification.firstFactorVerification, body.code);
      } finally {
        ctx.deps.store.sessions.saveVerification(session);
      }
    } else {
      throw unsupported(body.strategy);
    }
    const verified = ctx.deps.store.sessions.verifyFactor(session.id, 'first');
    sessionsChanged(ctx);
    return verificationJSON(ctx, verified);
  })
  .on('POST', '/v1/client/sessions/:id/verify/attempt_second_factor', (ctx, { id }) => {
    const { session, verification } = requireVerification(ctx, id!, 'needs_second_factor');
    const { strategy, code } = parseInput(z.object({ strategy: z.enum(['totp', 'backup_code']), code: z.string() }), ctx.body);
    const attempt = {
      strategy,
      status: 'unverified' as const,
      attempts: (verification.secondFactorVerification?.attempts ?? 0) + 1,
      expireAt: Date.now() + CODE_LIFETIME,
    };
    verification.secondFactorVerification = attempt;
    if (!verifySecondFactor(ctx, ctx.deps.store.users.require(session.userId), strategy, code)) {
      ctx.deps.store.sessions.saveVerification(session);
      throw invalidParam('code', 'form_code_incorrect', 'Incorrect code');
    }
    verification.secondFactorVerification = { ...attempt, status: 'verified' };
    const verified = ctx.deps.store.sessions.verifyFactor(session.id, 'second');
    sessionsChanged(ctx);
    return verificationJSON(ctx, verified);
  });

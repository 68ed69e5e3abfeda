import { z } from 'zod';
import { invalidParam, missingParam, notFound, parseInput } from '../errors';
import { refuseAttributesOff } from '../instance';
import { hashPassword } from '../password';
import { frontendSignUpJSON, signUpMissingFields } from '../serializers/sign-up';
import { CODE_LIFETIME, normalizeEmail, type SignUpRecord } from '../store';
import { attemptCode, logCode } from './codes';
import { startSocialFlow, transferToSignUp } from './oauth';
import { ensureClient, sessionsChanged, withClient, type FapiContext, FapiRoutes } from './context';

const signUpBody = z.object({
  email_address: z.string().optional(),
  password: z.string().optional(),
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  unsafe_metadata: z.string().optional(),
  strategy: z.string().optional(),
  ticket: z.string().optional(),
  transfer: z.string().optional(),
});

function requireSignUp(ctx: FapiContext, id: string): SignUpRecord {
  const signUp = ctx.deps.store.attempts.getSignUp(id);
  if (!signUp || signUp.clientId !== ctx.client?.id) throw notFound('sign up');
  return signUp;
}

async function applySignUpFields(ctx: FapiContext, signUp: SignUpRecord, fields: z.infer<typeof signUpBody>) {
  if (fields.strategy === 'ticket') {
    if (!fields.ticket) throw missingParam('ticket');
    // Clerk's invitation link: the invited address, verified by the link itself.
    const invitation = ctx.deps.store.tickets.redeemInvitation(fields.ticket);
    if (ctx.deps.store.users.findByEmail(invitation.emailAddress)) {
      throw invalidParam('email_address', 'form_identifier_exists', 'That email address is taken. Sign in with this link instead.');
    }
    signUp.emailAddress = invitation.emailAddress;
    signUp.emailVerification = { strategy: 'ticket', status: 'verified', attempts: 1, expireAt: invitation.expiresAt };
    signUp.invitationId = invitation.id;
  } else if (fields.strategy !== undefined) {
    throw invalidParam('strategy', 'strategy_for_user_invalid', `${fields.strategy} is not available in local mode`);
  }
  if (fields.email_address !== undefined && fields.email_address !== signUp.emailAddress) {
    const email = normalizeEmail(fields.email_address);
    if (!z.email().safeParse(email).success) {
      throw invalidParam('email_address', 'form_param_format_invalid', 'Email address must be a valid email address.');
    }
    if (ctx.deps.store.users.findByEmail(email)) {
      throw invalidParam('email_address', 'form_identifier_exists', 'That email address is taken. Please try another.');
    }
    if (email !== signUp.emailAddress) Object.assign(signUp, { emailVerification: null, invitationId: null });
    signUp.emailAddress = email;
  }
  if (fields.password !== undefined) {
    if (fields.password.length < 8) {
      throw invalidParam('password', 'form_password_length_too_short', 'Passwords must be 8 characters or more.');
    }
    signUp.passwordDigest = await hashPassword(fields.password);
  }
  if (fields.first_name !== undefined) signUp.firstName = fields.first_name || null;
  if (fields.last_name !== undefined) signUp.lastName = fields.last_name || null;
  if (fields.unsafe_metadata) signUp.unsafeMetadata = JSON.parse(fields.unsafe_metadata) as Record<string, unknown>;
}

/** With the email verified and nothing missing, the sign-up becomes a user and a session. */
function completeSignUpIfReady(ctx: FapiContext, signUp: SignUpRecord) {
  const { store } = ctx.deps;
  if (signUp.emailVerification?.status !== 'verified' || signUpMissingFields(signUp).length || signUp.createdUserId) return;
  const user = store.users.create({
    emailAddresses: [signUp.emailAddress!],
    passwordDigest: signUp.passwordDigest,
    firstName: signUp.firstName,
    lastName: signUp.lastName,
    unsafeMetadata: signUp.unsafeMetadata,
  });
  const membership = signUp.invitationId ? store.invitations.accept(signUp.invitationId, user.id) : undefined;
  // With membership required, the invitation's organization is the new session's (it resolves `choose-organization`).
  const organizationId = store.instance.membershipRequired ? (membership?.organizationId ?? null) : null;
  const session = store.sessions.create(ensureClient(ctx).id, user.id, organizationId);
  store.users.recordSignIn(user.id);
  Object.assign(signUp, { createdUserId: user.id, createdSessionId: session.id });
  store.attempts.save(signUp);
  store.attempts.finish(signUp);
  sessionsChanged(ctx);
}

/** Sign-up with an email code; the user and a session exist once nothing is missing. */
export const signUpRoutes = new FapiRoutes('fapi/sign-up.ts')
  .on('POST', '/v1/client/sign_ups', async (ctx) => {
    refuseAttributesOff(ctx.body);
    const body = parseInput(signUpBody, ctx.body);
    const signUp = ctx.deps.store.attempts.createSignUp(ensureClient(ctx).id);
    if (body.transfer === 'true') transferToSignUp(ctx, signUp);
    else if (body.strategy?.startsWith('oauth_')) {
      const { oauth, verification } = startSocialFlow(ctx, ctx.body);
      Object.assign(signUp, { oauth, externalAccountVerification: verification });
    } else await applySignUpFields(ctx, signUp, body);
    ctx.deps.store.attempts.save(signUp);
    completeSignUpIfReady(ctx, signUp);
    return withClient(ctx, frontendSignUpJSON(signUp));
  })
  .on('GET', '/v1/client/sign_ups/:id', (ctx, { id }) => withClient(ctx, frontendSignUpJSON(requireSignUp(ctx, id!))))
  .on('PATCH', '/v1/client/sign_ups/:id', async (ctx, { id }) => {
    const signUp = requireSignUp(ctx, id!);
    refuseAttributesOff(ctx.body);
    await applySignUpFields(ctx, signUp, parseInput(signUpBody, ctx.body));
    ctx.deps.store.attempts.save(signUp);
    completeSignUpIfReady(ctx, signUp);
    return withClient(ctx, frontendSignUpJSON(signUp));
  })
  .on('POST', '/v1/client/sign_ups/:id/prepare_verification', (ctx, { id }) => {
    const signUp = requireSignUp(ctx, id!);
    const { strategy } = parseInput(z.object({ strategy: z.string() }), ctx.body);
    if (strategy !== 'email_code')
      throw invalidParam('strategy', 'strategy_for_user_invalid', `${strategy} is not available in local mode`);
    if (!signUp.emailAddress) throw missingParam('email_address');
    signUp.emailVerification = { strategy, status: 'unverified', attempts: 0, expireAt: Date.now() + CODE_LIFETIME };
    ctx.deps.store.attempts.save(signUp);
    logCode(ctx, signUp.emailAddress);
    return withClient(ctx, frontendSignUpJSON(signUp));
  })
  .on('POST', '/v1/client/sign_ups/:id/attempt_verification', (ctx, { id }) => {
    const signUp = requireSignUp(ctx, id!);
    const { code } = parseInput(z.object({ strategy: z.string(), code: z.string().optional() }), ctx.body);
    try {
      attemptCode(ctx, signUp.emailVerification, code);
    } finally {
      ctx.deps.store.attempts.save(signUp);
    }
    completeSignUpIfReady(ctx, signUp);
    return withClient(ctx, frontendSignUpJSON(signUp));
  });

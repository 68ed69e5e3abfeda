import { z } from 'zod';
import { invalidParam, parseInput } from '../errors';
import { deletedObjectJSON } from '../serializers/deleted-object';
import { frontendEmailAddressJSON } from '../serializers/email-address';
import { frontendUserJSON } from '../serializers/user';
import { refuseAttributesOff } from '../instance';
import { CODE_LIFETIME, isVerified, normalizeEmail, type UserPatch } from '../store';
import { attemptCode, logCode } from './codes';
import { currentSession, withClient, type FapiContext, FapiRoutes } from './context';
import { requireRecentVerification } from './reverification';

/** What `user.update()` sends (`PATCH /v1/me`); `username` only where the instance has usernames (this one has none: refused). */
const userPatchBody = z.object({
  first_name: z.string().optional(),
  last_name: z.string().optional(),
  primary_email_address_id: z.string().optional(),
});

function updateUser(ctx: FapiContext) {
  const { session, user } = currentSession(ctx);
  refuseAttributesOff(ctx.body);
  const body = parseInput(userPatchBody, ctx.body);
  const patch: UserPatch = {};
  if (body.first_name !== undefined) patch.firstName = body.first_name.trim() || null;
  if (body.last_name !== undefined) patch.lastName = body.last_name.trim() || null;
  if (body.primary_email_address_id !== undefined && body.primary_email_address_id !== user.primaryEmailAddressId) {
    requireRecentVerification(session);
    patch.primaryEmailAddressId = body.primary_email_address_id;
  }
  return withClient(ctx, frontendUserJSON(ctx.deps.store, ctx.deps.store.users.update(user.id, patch)));
}

/**
 * `<UserProfile>`'s account page: names (`PATCH /v1/me`) and email addresses
 * (add, verify with the instance's code, make primary, remove). Each change is a
 * `user.updated` webhook; the profile image is in uploads.ts.
 */
export const meAccountRoutes = new FapiRoutes('fapi/me-account.ts')
  .on('PATCH', '/v1/me', updateUser)
  .on('POST', '/v1/me/email_addresses', (ctx) => {
    const { session, user } = currentSession(ctx);
    const { email_address: email } = parseInput(z.object({ email_address: z.string() }), ctx.body);
    if (!z.email().safeParse(normalizeEmail(email)).success) {
      throw invalidParam('email_address', 'form_param_format_invalid', 'Email address must be a valid email address.');
    }
    requireRecentVerification(session);
    const address = ctx.deps.store.users.addEmailAddress(user.id, email);
    return withClient(ctx, frontendEmailAddressJSON(address));
  })
  .on('POST', '/v1/me/email_addresses/:id/prepare_verification', (ctx, { id }) => {
    const { user } = currentSession(ctx);
    const { strategy } = parseInput(z.object({ strategy: z.string() }), ctx.body);
    if (strategy !== 'email_code')
      throw invalidParam('strategy', 'strategy_for_user_invalid', `${strategy} is not available in local mode`);
    const address = ctx.deps.store.users.emailAddress(user, id!);
    if (isVerified(address))
      throw invalidParam('strategy', 'verification_already_verified', 'This email address has already been verified.');
    address.verification = { strategy, status: 'unverified', attempts: 0, expireAt: Date.now() + CODE_LIFETIME };
    ctx.deps.store.users.saveEmailVerification(user.id, address);
    logCode(ctx, address.emailAddress);
    return withClient(ctx, frontendEmailAddressJSON(address));
  })
  .on('POST', '/v1/me/email_addresses/:id/attempt_verification', (ctx, { id }) => {
    const { user } = currentSession(ctx);
    const { code } = parseInput(z.object({ code: z.string().optional() }), ctx.body);
    const address = ctx.deps.store.users.emailAddress(user, id!);
    try {
      attemptCode(ctx, address.verification ?? null, code);
    } finally {
      ctx.deps.store.users.saveEmailVerification(user.id, address);
    }
    return withClient(ctx, frontendEmailAddressJSON(address));
  })
  .on('DELETE', '/v1/me/email_addresses/:id', (ctx, { id }) => {
    const { session, user } = currentSession(ctx);
    requireRecentVerification(session);
    const address = ctx.deps.store.users.removeEmailAddress(user.id, id!);
    return withClient(ctx, deletedObjectJSON('email_address', address.id));
  });

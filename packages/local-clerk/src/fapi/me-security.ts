import { z } from 'zod';
import { PASSWORD_LENGTH } from '../environment';
import { ClerkApiError, invalidParam, missingParam, notFound, parseInput } from '../errors';
import { hashPassword, verifyPassword } from '../password';
import { deletedObjectJSON } from '../serializers/deleted-object';
import { frontendSessionWithActivitiesJSON } from '../serializers/session';
import { frontendUserJSON } from '../serializers/user';
import { currentSession, sessionJSON, sessionsChanged, withClient, FapiRoutes } from './context';
import { requireRecentVerification } from './reverification';

/** What `user.updatePassword()` sends: `current_password` when the instance has no reverification (Clerk's components then ask for it). */
const changePasswordBody = z.object({
  current_password: z.string().optional(),
  new_password: z.string().optional(),
  sign_out_of_other_sessions: z.enum(['true', 'false']).optional(),
});

/**
 * `<UserProfile>`'s security page: the password, the user's active devices (list,
 * sign one out) and deleting the account. Announced as Clerk does: `user.updated`,
 * `session.revoked` for each device signed out, `user.deleted` (after the
 * memberships' and sessions' own events).
 */
export const meSecurityRoutes = new FapiRoutes('fapi/me-security.ts')
  .on('POST', '/v1/me/change_password', async (ctx) => {
    const { session, user } = currentSession(ctx);
    const body = parseInput(changePasswordBody, ctx.body);
    if (!body.new_password) throw missingParam('new_password');
    if (body.new_password.length < PASSWORD_LENGTH.min)
      throw invalidParam('new_password', 'form_password_length_too_short', `Passwords must be ${PASSWORD_LENGTH.min} characters or more.`);
    if (body.new_password.length > PASSWORD_LENGTH.max)
      throw invalidParam(
        'new_password',
        'form_password_length_too_long',
        `Passwords must be less than ${PASSWORD_LENGTH.max + 1} characters.`,
      );
    if (body.current_password !== undefined) {
      if (!user.passwordDigest || !(await verifyPassword(body.current_password, user.passwordDigest))) {
        throw invalidParam('current_password', 'form_password_incorrect', 'Password is incorrect. Try again, or use another method.');
      }
    } else {
      requireRecentVerification(session);
    }
    const passwordDigest = await hashPassword(body.new_password);
    // A new password is no longer compromised: this resolves the `reset-password` session task (new cookies, a new token).
    const wasCompromised = Boolean(user.passwordCompromised);
    const updated = ctx.deps.store.users.update(user.id, { passwordDigest, passwordUpdatedAt: Date.now(), passwordCompromised: false });
    if (body.sign_out_of_other_sessions === 'true') ctx.deps.store.sessions.revokeOthers(session.id);
    if (wasCompromised) sessionsChanged(ctx);
    return withClient(ctx, frontendUserJSON(ctx.deps.store, updated));
  })
  .on('GET', '/v1/me/sessions/active', (ctx) => {
    const { user } = currentSession(ctx);
    // A bare array, unlike most answers (the spec's Client.ActiveSessions).
    return {
      status: 200,
      body: ctx.deps.store.sessions.activeOfUser(user.id).map((session) => frontendSessionWithActivitiesJSON(ctx.deps.store, session)),
    };
  })
  .on('POST', '/v1/me/sessions/:id/revoke', (ctx, { id }) => {
    const { session: current, user } = currentSession(ctx);
    const target = ctx.deps.store.sessions.get(id!);
    if (!target || target.userId !== user.id) throw notFound('session');
    requireRecentVerification(current);
    const revoked = ctx.deps.store.sessions.end(target.id, 'revoked');
    if (revoked.clientId === ctx.client?.id) sessionsChanged(ctx);
    return withClient(ctx, sessionJSON(ctx, revoked));
  })
  .on('DELETE', '/v1/me', (ctx) => {
    const { session, user } = currentSession(ctx);
    if (!ctx.deps.store.instance.config.deleteSelf)
      throw new ClerkApiError(403, 'not_allowed_access', 'Not allowed', 'This instance does not let users delete their own account.');
    requireRecentVerification(session);
    ctx.deps.store.users.delete(user.id);
    sessionsChanged(ctx);
    return withClient(ctx, deletedObjectJSON('user', user.id));
  });

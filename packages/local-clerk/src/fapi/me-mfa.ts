/**
 * The user profile's second factor (`<UserProfile>` > Security > Two-step verification):
 * add an authenticator app (a new secret, then a code of it), remove it, and
 * regenerate backup codes. Each change reaches the app as `user.updated`.
 */
import { z } from 'zod';
import { ClerkApiError, invalidParam, notFound, parseInput } from '../errors';
import { newId } from '../ids';
import { backupCodesJSON, totpJSON } from '../serializers/totp';
import { backupCodeDigest, newBackupCodes, newTotpSecret, totpUri, verifyTotp } from '../totp';
import type { UserRecord } from '../store';
import { currentSession, sessionsChanged, withClient, type FapiContext, FapiRoutes } from './context';

/** The authenticator app's label: the application, and the account's email address. */
const uriOf = (ctx: FapiContext, user: UserRecord, secret: string) =>
  totpUri(secret, ctx.deps.store.instance.config.applicationName, ctx.deps.store.users.primaryEmail(user) ?? user.id);

export const meMfaRoutes = new FapiRoutes('fapi/me-mfa.ts')
  .on('POST', '/v1/me/totp', (ctx) => {
    const { user } = currentSession(ctx);
    const totp = ctx.deps.store.users.startTotp(user.id, newTotpSecret());
    return withClient(ctx, totpJSON(totp, { verified: false, uri: uriOf(ctx, user, totp.secret) }));
  })
  .on('POST', '/v1/me/totp/attempt_verification', (ctx) => {
    const { session, user } = currentSession(ctx);
    const { code } = parseInput(z.object({ code: z.string() }), ctx.body);
    const totp = user.pendingTotp;
    if (!totp) throw notFound('totp');
    if (!verifyTotp(totp.secret, code)) throw invalidParam('code', 'form_code_incorrect', 'Incorrect code');
    const backupCodes = newBackupCodes();
    ctx.deps.store.users.enrollTotp(user.id, totp.secret, backupCodes.map(backupCodeDigest));
    // A code of the app was just verified in this session: its second factor counts as verified now (`fva[1]`).
    ctx.deps.store.sessions.recordSecondFactor(session.id);
    sessionsChanged(ctx);
    return withClient(ctx, totpJSON(totp, { verified: true, uri: uriOf(ctx, user, totp.secret), backupCodes }));
  })
  .on('DELETE', '/v1/me/totp', (ctx) => {
    const { user } = currentSession(ctx);
    ctx.deps.store.users.disableTotp(user.id);
    sessionsChanged(ctx);
    return withClient(ctx, { object: 'totp', deleted: true });
  })
  .on('POST', '/v1/me/backup_codes', (ctx) => {
    const { user } = currentSession(ctx);
    if (!user.totpSecret) {
      throw new ClerkApiError(
        400,
        'backup_codes_unavailable',
        'No second factor',
        'Backup codes back up a second factor: add an authenticator app first.',
      );
    }
    const codes = newBackupCodes();
    const updated = ctx.deps.store.users.replaceBackupCodes(user.id, codes.map(backupCodeDigest));
    return withClient(ctx, backupCodesJSON(newId('bcode'), codes, updated.updatedAt));
  });

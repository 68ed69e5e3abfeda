/**
 * The user profile's connected accounts (`<UserProfile>` > Account > Connected accounts):
 * connect a provider account through the provider's page, the way Clerk's flow goes
 * (`POST /v1/me/external_accounts` answers an unverified account whose verification
 * points at the provider; the provider sends the browser back to `redirect_url`), and
 * remove one. Linking and removing reach the app as `user.updated`.
 */
import { userEnterpriseConnectionJSON } from '../serializers/enterprise-account';
import { pendingExternalAccountJSON } from '../serializers/external-account';
import { currentSession, withClient, FapiRoutes } from './context';
import { startSocialFlow } from './oauth';

export const meExternalAccountRoutes = new FapiRoutes('fapi/me-external-accounts.ts')
  // Scopes and OIDC hints (`additional_scope`, `oidc_prompt`, ...) mean nothing to the local providers.
  .on('POST', '/v1/me/external_accounts', (ctx) => {
    const { user } = currentSession(ctx);
    const { oauth, verification } = startSocialFlow(ctx, ctx.body);
    const connection = ctx.deps.store.users.addPendingConnection(user.id, {
      strategy: verification.strategy as `oauth_${string}`,
      state: oauth.state,
      redirectUrl: oauth.redirectUrl,
      expireAt: verification.expireAt,
    });
    return withClient(ctx, pendingExternalAccountJSON(connection, verification.externalVerificationRedirectUrl));
  })
  .on('DELETE', '/v1/me/external_accounts/:id', (ctx, { id }) => {
    const { user } = currentSession(ctx);
    const account = ctx.deps.store.users.unlinkExternalAccount(user.id, id!);
    return withClient(ctx, { object: 'external_account', id: account.id, deleted: true });
  })
  // The connections the user's email domain has (the Account page asks, to offer linking one): local mode offers none to link.
  .on('GET', '/v1/me/enterprise_connections', (ctx) => {
    const { user } = currentSession(ctx);
    const connection = ctx.deps.store.instance.enterpriseConnectionFor(ctx.deps.store.users.primaryEmail(user));
    return withClient(ctx, connection ? [userEnterpriseConnectionJSON(connection, user.createdAt)] : []);
  });

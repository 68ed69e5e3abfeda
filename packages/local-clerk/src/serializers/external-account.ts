/** Social accounts linked to a user (`external_account`), and one being connected in the profile. */
import type { ExternalAccountRecord, PendingConnectionRecord, UserRecord } from '../store';
import { verificationCoreJSON, verificationJSON } from './verification';

/** A linked provider account; Clerk's Backend API names the provider by strategy (`oauth_google`), its Frontend API without the prefix. */
function externalAccountJSON(account: ExternalAccountRecord, provider: string) {
  return {
    object: 'external_account' as const,
    id: account.id,
    provider,
    identification_id: account.id,
    provider_user_id: account.providerUserId,
    approved_scopes: 'email profile',
    email_address: account.emailAddress,
    email_address_verified: true,
    first_name: account.firstName ?? '',
    last_name: account.lastName ?? '',
    image_url: null,
    username: account.username,
    phone_number: null,
    public_metadata: {},
    label: null,
    created_at: account.createdAt,
    updated_at: account.createdAt,
    verification: verificationCoreJSON({
      strategy: account.strategy as `oauth_${string}`,
      status: 'verified',
      attempts: 1,
      expireAt: account.createdAt,
    }),
  };
}

/** Social accounts; enterprise ones are kept beside them but listed as `enterprise_accounts`, as Clerk lists them. */
export const externalAccountsJSON = (user: UserRecord, prefixed: boolean) =>
  (user.externalAccounts ?? [])
    .filter((account) => account.strategy.startsWith('oauth_'))
    .map((account) => externalAccountJSON(account, prefixed ? account.strategy : account.strategy.replace(/^oauth_/, '')));

/** An account being connected (`POST /v1/me/external_accounts`): no provider data yet, the verification points at the provider's page. */
export const pendingExternalAccountJSON = (connection: PendingConnectionRecord, providerPageUrl: string) => ({
  ...externalAccountJSON(
    {
      id: connection.id,
      strategy: connection.strategy,
      providerUserId: '',
      emailAddress: '',
      firstName: null,
      lastName: null,
      username: null,
      createdAt: connection.createdAt,
    },
    connection.strategy.replace(/^oauth_/, ''),
  ),
  verification: verificationJSON({
    strategy: connection.strategy,
    status: 'unverified',
    attempts: 0,
    expireAt: connection.expireAt,
    externalVerificationRedirectUrl: providerPageUrl,
  }),
});

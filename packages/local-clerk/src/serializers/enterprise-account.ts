/** Enterprise SSO: users' enterprise accounts and the connection of their email domain. */
import type * as Backend from '@clerk/backend';
import type { EnterpriseConnection } from '../instance';
import type { LocalClerkStore, UserRecord } from '../store';
import { verificationCoreJSON } from './verification';

/**
 * An enterprise connection as both APIs describe it on an enterprise account: a SAML connection,
 * its id derived from the domain. Connections are configuration here, with no time of their own:
 * they carry the account's (`at`).
 */
function enterpriseConnectionJSON(connection: EnterpriseConnection, at: number) {
  return {
    id: `ent_${Buffer.from(connection.domain).toString('base64url')}`,
    protocol: 'saml',
    provider: 'saml_custom',
    name: connection.name,
    logo_public_url: null,
    domain: connection.domain,
    active: true,
    sync_user_attributes: true,
    allow_subdomains: false,
    allow_idp_initiated: false,
    disable_additional_identifications: false,
    created_at: at,
    updated_at: at,
  };
}

/** `GET /v1/me/enterprise_connections`: the connection of the user's email domain, not offered for linking (local mode cannot link one). */
export function userEnterpriseConnectionJSON(connection: EnterpriseConnection, at: number) {
  const { id, name, provider, logo_public_url, active, domain, sync_user_attributes, disable_additional_identifications } =
    enterpriseConnectionJSON(connection, at);
  return {
    id,
    name,
    provider,
    logo_public_url,
    active,
    domains: [domain],
    sync_user_attributes,
    disable_additional_identifications,
    allow_organization_account_linking: false,
    authenticatable: true,
    created_at: at,
    updated_at: at,
  };
}

/**
 * The accounts of users who came through enterprise SSO (the Backend API spec's `EnterpriseAccount`;
 * clerk-js reads the same). The spec's connection has no `object`, which the SDKs' types declare and never read.
 */
export function enterpriseAccountsJSON(store: LocalClerkStore, user: UserRecord) {
  return (user.externalAccounts ?? []).flatMap((account) => {
    const connection = account.strategy === 'enterprise_sso' ? store.instance.enterpriseConnectionFor(account.emailAddress) : undefined;
    if (!connection) return [];
    const enterpriseConnection = enterpriseConnectionJSON(connection, account.createdAt);
    return [
      {
        object: 'enterprise_account' as const,
        id: account.id,
        protocol: 'saml',
        provider: 'saml_custom',
        active: true,
        email_address: account.emailAddress,
        first_name: account.firstName,
        last_name: account.lastName,
        provider_user_id: account.providerUserId,
        enterprise_connection_id: enterpriseConnection.id,
        public_metadata: {},
        verification: verificationCoreJSON({
          strategy: 'enterprise_sso',
          status: 'verified',
          attempts: 1,
          expireAt: account.createdAt,
        }) as Backend.VerificationJSON,
        enterprise_connection: enterpriseConnection,
        last_authenticated_at: user.lastSignInAt,
      },
    ];
  });
}

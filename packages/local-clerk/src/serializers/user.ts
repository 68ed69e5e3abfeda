/** Users: the Backend API's (also what `user.*` webhooks carry) and the Frontend API's (`/v1/me`, a session's user). */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import type { LocalClerkStore, UserRecord } from '../store';
import { emailVerificationJSON, frontendEmailAddressJSON, type EmailAddressWire } from './email-address';
import { enterpriseAccountsJSON } from './enterprise-account';
import { externalAccountsJSON } from './external-account';
import { userImage } from './images';
import { frontendMembershipJSON } from './membership';
import { verificationCoreJSON } from './verification';

/** What both APIs' users carry beyond the SDK types: the spec's multi-factor and SSO fields (no passkeys or SAML accounts in local mode). */
interface UserWire {
  passkeys: never[];
  saml_accounts: never[];
  mfa_enabled_at: number | null;
  mfa_disabled_at: number | null;
}

/** The spec's Backend API user also lists web3 wallets and passkeys, which @clerk/backend's `UserJSON` leaves out. */
export type BackendUserWire = Backend.UserJSON &
  UserWire & {
    primary_web3_wallet_id: string | null;
    web3_wallets: never[];
    email_addresses: Array<Backend.EmailAddressJSON & EmailAddressWire>;
  };

/** Both APIs' second-factor fields: an authenticator app is the only second factor local mode has. */
const secondFactorFields = (user: UserRecord) => ({
  two_factor_enabled: Boolean(user.totpSecret),
  totp_enabled: Boolean(user.totpSecret),
  backup_code_enabled: Boolean(user.backupCodeDigests?.length),
  mfa_enabled_at: user.mfaEnabledAt ?? null,
  mfa_disabled_at: user.mfaDisabledAt ?? null,
});

export function backendUserJSON(store: LocalClerkStore, user: UserRecord): BackendUserWire {
  return {
    object: 'user',
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: userImage(store, user),
    has_image: Boolean(user.imageId),
    primary_email_address_id: user.primaryEmailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: Boolean(user.passwordDigest),
    ...secondFactorFields(user),
    email_addresses: user.emailAddresses.map((address) => ({
      object: 'email_address',
      id: address.id,
      email_address: address.emailAddress,
      verification: emailVerificationJSON(address, verificationCoreJSON) as Backend.EmailAddressJSON['verification'],
      linked_to: [],
      reserved: false,
      created_at: address.createdAt,
      updated_at: address.updatedAt ?? address.createdAt,
    })),
    phone_numbers: [],
    web3_wallets: [],
    passkeys: [],
    saml_accounts: [],
    // The Backend API's user lists no memberships (`[]`, an array in the spec); ask for them with getOrganizationMembershipList.
    organization_memberships: [],
    external_accounts: externalAccountsJSON(user, true) as unknown as Backend.UserJSON['external_accounts'],
    enterprise_accounts: enterpriseAccountsJSON(store, user) as unknown as Backend.UserJSON['enterprise_accounts'],
    password_last_updated_at: user.passwordUpdatedAt ?? null,
    public_metadata: user.publicMetadata,
    private_metadata: user.privateMetadata,
    unsafe_metadata: user.unsafeMetadata,
    external_id: user.externalId,
    last_sign_in_at: user.lastSignInAt,
    banned: false,
    locked: false,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    last_active_at: user.lastActiveAt,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: store.instance.config.deleteSelf,
    legal_accepted_at: null,
    locale: null,
    // Not in the spec, but @clerk/backend's User reads it.
    timezone: null,
  };
}

/** The spec's Frontend API user also carries its lock state and activity, as the Backend API's does. */
type FrontendUserWire = Frontend.UserJSON &
  UserWire & {
    email_addresses: Array<Frontend.EmailAddressJSON & EmailAddressWire>;
    banned: boolean;
    locked: boolean;
    lockout_expires_in_seconds: number | null;
    verification_attempts_remaining: number | null;
    last_active_at: number | null;
  };

export function frontendUserJSON(store: LocalClerkStore, user: UserRecord): FrontendUserWire {
  return {
    object: 'user',
    id: user.id,
    external_id: user.externalId,
    primary_email_address_id: user.primaryEmailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    image_url: userImage(store, user),
    has_image: Boolean(user.imageId),
    username: user.username,
    email_addresses: user.emailAddresses.map(frontendEmailAddressJSON),
    phone_numbers: [],
    web3_wallets: [],
    external_accounts: externalAccountsJSON(user, false) as unknown as Frontend.UserJSON['external_accounts'],
    enterprise_accounts: enterpriseAccountsJSON(store, user) as unknown as Frontend.EnterpriseAccountJSON[],
    passkeys: [],
    saml_accounts: [],
    organization_memberships: store.memberships.list({ userId: user.id }).map((membership) => frontendMembershipJSON(store, membership)),
    password_enabled: Boolean(user.passwordDigest),
    profile_image_id: '',
    first_name: user.firstName,
    last_name: user.lastName,
    ...secondFactorFields(user),
    public_metadata: user.publicMetadata,
    unsafe_metadata: user.unsafeMetadata,
    last_sign_in_at: user.lastSignInAt,
    last_active_at: user.lastActiveAt,
    banned: false,
    locked: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    create_organization_enabled: true,
    // No limit. The Frontend API spec types this integer-only, but its Backend API twin and @clerk/shared allow null, which Clerk sends when the Dashboard sets none.
    create_organizations_limit: null,
    delete_self_enabled: store.instance.config.deleteSelf,
    legal_accepted_at: null,
    // Not in the spec, but clerk-js's User reads it.
    timezone: null,
    updated_at: user.updatedAt,
    created_at: user.createdAt,
  };
}

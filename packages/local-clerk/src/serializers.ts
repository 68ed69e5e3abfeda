/**
 * Store records as Clerk's JSON: the Backend API's (also what webhooks carry)
 * and the Frontend API's (what clerk-js and Clerk's components read).
 *
 * Shapes follow Clerk's published API specs (clerk/openapi-specs, version 2026-05-12) and are
 * typed against @clerk/backend's and @clerk/shared's JSON types; the `*Wire` types add what the
 * spec requires and those types do not declare yet, so the compiler still catches a missing
 * field. tests/contract checks every answer against the spec's shapes. One function per object:
 * add a field in its function, and its schema in tests/contract/schemas.ts.
 */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import { initialsAvatar } from './avatar';
import { billingWebhookData } from './billing/json';
import { CODE_LIFETIME } from './fapi/codes';
import { describeUserAgent } from './user-agent';
import type { EnterpriseConnection } from './instance';
import type {
  EmailAddressRecord,
  ExternalAccountRecord,
  PendingConnectionRecord,
  InvitationRecord,
  LocalClerkStore,
  MembershipRecord,
  OrganizationRecord,
  SessionRecord,
  SignInRecord,
  SignInTokenRecord,
  SignUpRecord,
  StoreEvent,
  TestingTokenRecord,
  UserRecord,
  VerificationRecord,
} from './store';

/**
 * An address's verification: its own once added in the profile (`null` before a code is prepared);
 * otherwise it was verified by email code when the user was created (the code's expiry then lies shortly after).
 */
const emailVerification = (address: EmailAddressRecord): VerificationRecord | null =>
  address.verification !== undefined ? address.verification : { strategy: 'email_code', status: 'verified', attempts: 1, expireAt: address.createdAt + CODE_LIFETIME };

const emailVerificationJSON = <T>(address: EmailAddressRecord, toJSON: (verification: VerificationRecord) => T): T | null => {
  const verification = emailVerification(address);
  return verification ? toJSON(verification) : null;
};

/** Email addresses carry `reserved` and their own timestamps (both APIs). */
interface EmailAddressWire {
  reserved: boolean;
  created_at: number;
  updated_at: number;
}

/** What both APIs' users carry beyond the SDK types: the spec's multi-factor and SSO fields (no passkeys or SAML accounts in local mode). */
interface UserWire {
  passkeys: never[];
  saml_accounts: never[];
  mfa_enabled_at: number | null;
  mfa_disabled_at: number | null;
}

/** The spec's Backend API user also lists web3 wallets and passkeys, which @clerk/backend's `UserJSON` leaves out. */
type BackendUserWire = Backend.UserJSON & UserWire & { primary_web3_wallet_id: string | null; web3_wallets: never[]; email_addresses: Array<Backend.EmailAddressJSON & EmailAddressWire> };

/** `profile_image_url`: deprecated by Clerk but still required by the spec, the same URL as `image_url`. */
type PublicUserDataWire = Backend.OrganizationMembershipJSON['public_user_data'] & { profile_image_url: string };

/** The spec's Backend API invitation names its inviter; `public_organization_data` is not in the spec but @clerk/backend reads it. */
type BackendInvitationWire = Backend.OrganizationInvitationJSON & {
  inviter_id: string | null;
  public_inviter_data: { user_id: string; identifier: string; first_name: string | null; last_name: string | null; image_url: string; has_image: boolean } | null;
};

const displayName = (user: UserRecord, fallback: string) => [user.firstName, user.lastName].filter(Boolean).join(' ') || fallback;

/** The uploaded image (served by the Frontend API), else initials. */
export const userImage = (store: LocalClerkStore, user: UserRecord) =>
  user.imageId ? store.instance.imageUrl(user.imageId) : initialsAvatar(user.id, displayName(user, store.users.primaryEmail(user) ?? ''));

export const organizationImage = (store: LocalClerkStore, organization: OrganizationRecord) =>
  organization.imageId ? store.instance.imageUrl(organization.imageId) : initialsAvatar(organization.id, organization.name);

/** Both APIs' second-factor fields: an authenticator app is the only second factor local mode has. */
const secondFactorFields = (user: UserRecord) => ({
  two_factor_enabled: Boolean(user.totpSecret),
  totp_enabled: Boolean(user.totpSecret),
  backup_code_enabled: Boolean(user.backupCodeDigests?.length),
  mfa_enabled_at: user.mfaEnabledAt ?? null,
  mfa_disabled_at: user.mfaDisabledAt ?? null,
});

// Backend API (and webhook payloads)

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

export function backendOrganizationJSON(store: LocalClerkStore, organization: OrganizationRecord): Backend.OrganizationJSON {
  return {
    ...frontendOrganizationJSON(store, organization),
    private_metadata: organization.privateMetadata,
    created_by: organization.createdBy ?? undefined,
  };
}

function publicUserData(store: LocalClerkStore, userId: string): PublicUserDataWire {
  const user = store.users.require(userId);
  const imageUrl = userImage(store, user);
  return {
    user_id: user.id,
    identifier: store.users.primaryEmail(user) ?? '',
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: imageUrl,
    profile_image_url: imageUrl,
    has_image: Boolean(user.imageId),
  };
}

export function backendMembershipJSON(store: LocalClerkStore, membership: MembershipRecord): Backend.OrganizationMembershipJSON {
  return {
    object: 'organization_membership',
    id: membership.id,
    role: membership.role,
    permissions: store.instance.membershipPermissions(membership.role),
    public_metadata: membership.publicMetadata,
    private_metadata: membership.privateMetadata,
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
    organization: backendOrganizationJSON(store, store.organizations.require(membership.organizationId)),
    public_user_data: publicUserData(store, membership.userId),
  };
}

/** The link Clerk's invitation email carries: sign up, or sign in for an existing account, and join. */
const invitationUrl = (store: LocalClerkStore, invitation: InvitationRecord) =>
  invitation.ticket && invitation.status === 'pending'
    ? store.instance.ticketUrl(store.users.findByEmail(invitation.emailAddress) ? 'sign_in' : 'sign_up', invitation.ticket)
    : null;

export function backendInvitationJSON(store: LocalClerkStore, invitation: InvitationRecord): BackendInvitationWire {
  const organization = store.organizations.get(invitation.organizationId);
  const inviter = invitation.inviterUserId ? store.users.get(invitation.inviterUserId) : undefined;
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    role: invitation.role,
    role_name: store.instance.orgRole(invitation.role).name,
    organization_id: invitation.organizationId,
    inviter_id: invitation.inviterUserId,
    public_inviter_data: inviter
      ? { user_id: inviter.id, identifier: store.users.primaryEmail(inviter) ?? '', first_name: inviter.firstName, last_name: inviter.lastName, image_url: userImage(store, inviter), has_image: Boolean(inviter.imageId) }
      : null,
    public_organization_data: organization
      ? { object: 'organization', id: organization.id, name: organization.name, slug: organization.slug, image_url: organizationImage(store, organization), has_image: Boolean(organization.imageId) }
      : null,
    status: invitation.status,
    public_metadata: invitation.publicMetadata,
    private_metadata: invitation.privateMetadata,
    url: invitationUrl(store, invitation),
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
    expires_at: invitation.expiresAt,
  };
}

/** The Backend API's session has no `user` (read it with `users.getUser(user_id)`); session webhooks add it (`sessionEventJSON`). */
export function backendSessionJSON(store: LocalClerkStore, session: SessionRecord): Backend.SessionJSON {
  return {
    object: 'session',
    id: session.id,
    client_id: session.clientId,
    user_id: session.userId,
    status: session.status,
    last_active_organization_id: session.lastActiveOrganizationId ?? undefined,
    actor: null,
    last_active_at: session.lastActiveAt,
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** Session webhooks carry the session and its user (announced before a deleted user goes, so it is always there). */
const sessionEventJSON = (store: LocalClerkStore, session: SessionRecord): Backend.SessionJSON & { user: BackendUserWire } => ({
  ...backendSessionJSON(store, session),
  user: backendUserJSON(store, store.users.require(session.userId)),
});

/** `url` signs its user in on the app's sign-in page (Clerk's points at its own ticket endpoint, which redirects there). */
export const backendSignInTokenJSON = (store: LocalClerkStore, record: SignInTokenRecord): Backend.SignInTokenJSON => ({
  object: 'sign_in_token',
  id: record.id,
  user_id: record.userId,
  token: record.token,
  status: record.status,
  url: store.instance.ticketUrl('sign_in', record.token),
  created_at: record.createdAt,
  updated_at: record.updatedAt,
});

/** `expires_at` in Unix seconds, as the spec's example has it (unlike Clerk's other timestamps). */
export const backendTestingTokenJSON = (record: TestingTokenRecord): Backend.TestingTokenJSON => ({
  object: 'testing_token',
  token: record.token,
  expires_at: Math.floor(record.expiresAt / 1000),
});

export const deletedObjectJSON = (object: string, id: string): Backend.DeletedObjectJSON => ({ object, id, deleted: true });

/** A webhook's `data`: the Backend API JSON of the resource, or Clerk's deleted-object stub. */
export function webhookData(store: LocalClerkStore, event: StoreEvent): unknown {
  switch (event.type) {
    case 'user.deleted':
      return deletedObjectJSON('user', event.user.id);
    case 'user.created':
    case 'user.updated':
      return backendUserJSON(store, event.user);
    case 'organization.deleted':
      return deletedObjectJSON('organization', event.organization.id);
    case 'organization.created':
    case 'organization.updated':
      return backendOrganizationJSON(store, event.organization);
    case 'organizationMembership.created':
    case 'organizationMembership.updated':
    case 'organizationMembership.deleted':
      return backendMembershipJSON(store, event.membership);
    case 'organizationInvitation.created':
    case 'organizationInvitation.revoked':
      return backendInvitationJSON(store, event.invitation);
    case 'organizationInvitation.accepted':
      // Clerk's published example names the user who accepted.
      return { ...backendInvitationJSON(store, event.invitation), user_id: store.users.findByEmail(event.invitation.emailAddress)?.id ?? null };
    case 'session.created':
    case 'session.ended':
    case 'session.removed':
    case 'session.revoked':
      return sessionEventJSON(store, event.session);
    default:
      return billingWebhookData(store, event);
  }
}

// Frontend API

function publicOrganizationData(store: LocalClerkStore, organization: OrganizationRecord): Frontend.PublicOrganizationDataJSON {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    has_image: Boolean(organization.imageId),
    image_url: organizationImage(store, organization),
  };
}

export function frontendOrganizationJSON(store: LocalClerkStore, organization: OrganizationRecord): Frontend.OrganizationJSON {
  return {
    object: 'organization',
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: organizationImage(store, organization),
    has_image: Boolean(organization.imageId),
    members_count: store.memberships.list({ organizationId: organization.id }).length,
    pending_invitations_count: store.invitations.list({ organizationId: organization.id, status: ['pending'] }).length,
    max_allowed_memberships: organization.maxAllowedMemberships,
    admin_delete_enabled: true,
    public_metadata: organization.publicMetadata,
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
  };
}

export function frontendMembershipJSON(store: LocalClerkStore, membership: MembershipRecord): Frontend.OrganizationMembershipJSON {
  return {
    object: 'organization_membership',
    id: membership.id,
    organization: frontendOrganizationJSON(store, store.organizations.require(membership.organizationId)),
    permissions: store.instance.membershipPermissions(membership.role) as Frontend.OrganizationPermissionKey[],
    public_metadata: membership.publicMetadata,
    public_user_data: publicUserData(store, membership.userId),
    role: membership.role,
    role_name: store.instance.orgRole(membership.role).name,
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

/** The spec's invitations (both views) also carry `url` (none: local mode sends no email) and `expires_at`. */
interface InvitationWire {
  url: string | null;
  expires_at: number | null;
}

/** What both Frontend API views of an invitation share. */
const frontendInvitationCore = (store: LocalClerkStore, invitation: InvitationRecord) => ({
  object: 'organization_invitation' as const,
  id: invitation.id,
  email_address: invitation.emailAddress,
  public_metadata: invitation.publicMetadata,
  status: invitation.status,
  role: invitation.role,
  role_name: store.instance.orgRole(invitation.role).name,
  url: null,
  expires_at: invitation.expiresAt,
  created_at: invitation.createdAt,
  updated_at: invitation.updatedAt,
});

export function frontendInvitationJSON(store: LocalClerkStore, invitation: InvitationRecord): Frontend.UserOrganizationInvitationJSON & InvitationWire & { role_name: string } {
  return { ...frontendInvitationCore(store, invitation), public_organization_data: publicOrganizationData(store, store.organizations.require(invitation.organizationId)) };
}

/** An invitation as an organization's admins see it (the invitee sees `frontendInvitationJSON`). */
export function frontendOrganizationInvitationJSON(store: LocalClerkStore, invitation: InvitationRecord): Frontend.OrganizationInvitationJSON & InvitationWire {
  return { ...frontendInvitationCore(store, invitation), organization_id: invitation.organizationId };
}

/**
 * The spec names verifications by kind (`verification_otp`, `verification_password`, `verification_ticket`,
 * `verification_oauth`, `verification_totp`, `verification_backup_code`); `verified_at_client` is not in it,
 * but clerk-js reads it. The spec has no enterprise_sso verification: Clerk's SAML one stands in.
 */
function verificationObject(strategy: VerificationRecord['strategy']): string {
  if (strategy.startsWith('oauth_')) return 'verification_oauth';
  const objects: Record<string, string> = {
    email_code: 'verification_otp',
    password: 'verification_password',
    ticket: 'verification_ticket',
    totp: 'verification_totp',
    backup_code: 'verification_backup_code',
    enterprise_sso: 'verification_saml',
  };
  return objects[strategy]!;
}

const VERIFICATION_ERRORS: Record<string, string> = {
  external_account_not_found: 'The External Account was not found.',
  external_account_exists: 'This account is already connected to another user.',
};

/** A verification as both APIs send it. */
function verificationCoreJSON(verification: VerificationRecord) {
  return {
    object: verificationObject(verification.strategy),
    status: verification.status,
    strategy: verification.strategy,
    attempts: verification.attempts,
    expire_at: verification.expireAt,
    ...(verification.status === 'unverified' && verification.externalVerificationRedirectUrl
      ? { external_verification_redirect_url: verification.externalVerificationRedirectUrl }
      : {}),
    ...(verification.errorCode
      ? { error: { code: verification.errorCode, message: VERIFICATION_ERRORS[verification.errorCode] ?? verification.errorCode, long_message: VERIFICATION_ERRORS[verification.errorCode] ?? '', meta: {} } }
      : {}),
  };
}

function verificationJSON(verification: VerificationRecord): Frontend.VerificationJSON & { object: string } {
  return { ...verificationCoreJSON(verification), verified_at_client: '' } as Frontend.VerificationJSON & { object: string };
}

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
    verification: verificationCoreJSON({ strategy: account.strategy as `oauth_${string}`, status: 'verified', attempts: 1, expireAt: account.createdAt }),
  };
}

/** Social accounts; enterprise ones are kept beside them but listed as `enterprise_accounts`, as Clerk lists them. */
const externalAccountsJSON = (user: UserRecord, prefixed: boolean) =>
  (user.externalAccounts ?? []).filter((account) => account.strategy.startsWith('oauth_')).map((account) => externalAccountJSON(account, prefixed ? account.strategy : account.strategy.replace(/^oauth_/, '')));

/** An account being connected (`POST /v1/me/external_accounts`): no provider data yet, the verification points at the provider's page. */
export const pendingExternalAccountJSON = (connection: PendingConnectionRecord, providerPageUrl: string) => ({
  ...externalAccountJSON({ id: connection.id, strategy: connection.strategy, providerUserId: '', emailAddress: '', firstName: null, lastName: null, username: null, createdAt: connection.createdAt }, connection.strategy.replace(/^oauth_/, '')),
  verification: verificationJSON({ strategy: connection.strategy, status: 'unverified', attempts: 0, expireAt: connection.expireAt, externalVerificationRedirectUrl: providerPageUrl }),
});

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
  const { id, name, provider, logo_public_url, active, domain, sync_user_attributes, disable_additional_identifications } = enterpriseConnectionJSON(connection, at);
  return { id, name, provider, logo_public_url, active, domains: [domain], sync_user_attributes, disable_additional_identifications, allow_organization_account_linking: false, authenticatable: true, created_at: at, updated_at: at };
}

/**
 * The accounts of users who came through enterprise SSO (the Backend API spec's `EnterpriseAccount`;
 * clerk-js reads the same). The spec's connection has no `object`, which the SDKs' types declare and never read.
 */
function enterpriseAccountsJSON(store: LocalClerkStore, user: UserRecord) {
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
        verification: verificationCoreJSON({ strategy: 'enterprise_sso', status: 'verified', attempts: 1, expireAt: account.createdAt }) as Backend.VerificationJSON,
        enterprise_connection: enterpriseConnection,
        last_authenticated_at: user.lastSignInAt,
      },
    ];
  });
}


/** An address as the Frontend API sends it (in the user, and alone from `/v1/me/email_addresses`). */
export const frontendEmailAddressJSON = (address: EmailAddressRecord): Frontend.EmailAddressJSON & EmailAddressWire => ({
  object: 'email_address',
  id: address.id,
  email_address: address.emailAddress,
  verification: emailVerificationJSON(address, verificationJSON) as Frontend.VerificationJSON,
  linked_to: [],
  matches_sso_connection: false,
  reserved: false,
  created_at: address.createdAt,
  updated_at: address.updatedAt ?? address.createdAt,
});

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

/** `fva`: minutes since each factor was verified, -1 for a second factor the user does not have. */
const factorAges = (first: number, second: number | null): [number, number] => [Math.floor((Date.now() - first) / 60_000), second ? Math.floor((Date.now() - second) / 60_000) : -1];

/** An ended session carries no token (`null` on the wire, as the spec allows and the shared type does not). */
export function frontendSessionJSON(store: LocalClerkStore, session: SessionRecord, token: string | null): Frontend.SessionJSON {
  const user = store.users.require(session.userId);
  return {
    object: 'session',
    id: session.id,
    status: session.status as Frontend.SessionJSON['status'],
    factor_verification_age: factorAges(session.firstFactorVerifiedAt, store.sessions.secondFactorVerifiedAt(session)),
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_token: (token ? { object: 'token', jwt: token } : null) as Frontend.TokenJSON,
    last_active_organization_id: session.lastActiveOrganizationId,
    actor: null,
    tasks: null,
    user: frontendUserJSON(store, user),
    public_user_data: publicUserData(store, user.id),
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/**
 * A session in the profile's active devices list: the spec's session base and its latest
 * activity (the browser as its client last showed it). No token: it belongs to another device.
 * No city or country: local mode has no geolocation.
 */
export function frontendSessionWithActivitiesJSON(
  store: LocalClerkStore,
  session: SessionRecord,
): Pick<Frontend.SessionWithActivitiesJSON, 'object' | 'id' | 'status' | 'expire_at' | 'abandon_at' | 'last_active_at' | 'actor' | 'latest_activity'> {
  const activity = store.clients.get(session.clientId)?.activity;
  const device = describeUserAgent(activity?.userAgent ?? '');
  return {
    object: 'session',
    id: session.id,
    status: session.status as Frontend.SessionJSON['status'],
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    actor: null,
    latest_activity: {
      object: 'session_activity',
      id: activity?.id ?? `sess_activity_${session.id.slice('sess_'.length)}`,
      browser_name: device.browserName,
      browser_version: device.browserVersion,
      device_type: device.deviceType,
      is_mobile: device.isMobile,
      ip_address: activity?.ipAddress ?? '',
    },
  };
}
/** The second factors a user can verify: their authenticator app, and backup codes while some are left. */
const secondFactorsOf = (user: UserRecord): Array<{ strategy: 'totp' | 'backup_code' }> =>
  user.totpSecret ? [{ strategy: 'totp' }, ...(user.backupCodeDigests?.length ? [{ strategy: 'backup_code' as const }] : [])] : [];

/** `j***@example.com`, as Clerk masks identifiers in factors. */
const maskEmail = (email: string) => email.replace(/^(.)[^@]*/, '$1***');

/**
 * Clerk's servers name the object `sign_in_attempt` (the spec; clerk-js never reads the name, its
 * shared type says `sign_in`). `timezone` is not in the spec, but clerk-js reads it.
 */
export type SignInWire = Omit<Frontend.SignInJSON, 'object'> & { object: 'sign_in_attempt'; abandon_at: number };

export function frontendSignInJSON(store: LocalClerkStore, signIn: SignInRecord): SignInWire {
  const user = signIn.userId ? store.users.get(signIn.userId) : undefined;
  const email = user?.emailAddresses.find((address) => address.id === user.primaryEmailAddressId);
  const secondFactorDue = Boolean(user?.totpSecret) && signIn.firstFactorVerification?.status === 'verified';
  const status: Frontend.SignInJSON['status'] = signIn.createdSessionId
    ? 'complete'
    : secondFactorDue
      ? 'needs_second_factor'
      : user
        ? 'needs_first_factor'
        : 'needs_identifier';
  return {
    object: 'sign_in_attempt',
    id: signIn.id,
    status,
    supported_identifiers: ['email_address'],
    identifier: signIn.identifier ?? '',
    user_data: user
      ? { first_name: user.firstName ?? undefined, last_name: user.lastName ?? undefined, image_url: userImage(store, user), has_image: Boolean(user.imageId) }
      : { image_url: '', has_image: false },
    supported_first_factors: store.instance.enterpriseConnectionFor(signIn.identifier)
      ? [{ strategy: 'enterprise_sso' }]
      : user && email
        ? [
            ...(user.passwordDigest ? [{ strategy: 'password' as const }] : []),
            { strategy: 'email_code', email_address_id: email.id, safe_identifier: maskEmail(email.emailAddress), primary: true },
          ]
        : [],
    supported_second_factors: user ? secondFactorsOf(user) : [],
    first_factor_verification: signIn.firstFactorVerification ? verificationJSON(signIn.firstFactorVerification) : null,
    second_factor_verification: signIn.secondFactorVerification ? verificationJSON(signIn.secondFactorVerification) : null,
    created_session_id: signIn.createdSessionId,
    abandon_at: signIn.abandonAt,
    timezone: null,
  };
}

const SIGN_UP_REQUIRED_FIELDS = ['email_address', 'password', 'first_name', 'last_name'] as const;

export function signUpMissingFields(signUp: SignUpRecord): Frontend.SignUpField[] {
  // A provider's account stands in for the password, as in Clerk.
  const social = signUp.externalAccountVerification?.status === 'verified';
  const present = { email_address: signUp.emailAddress, password: signUp.passwordDigest ?? (social || null), first_name: signUp.firstName, last_name: signUp.lastName };
  return SIGN_UP_REQUIRED_FIELDS.filter((field) => !present[field]);
}

/** Clerk sends `null` for the verifications not started (the spec allows it; the shared type does not say so). */
interface SignUpVerificationsWire {
  email_address: Frontend.SignUpVerificationJSON | null;
  phone_number: null;
  web3_wallet: null;
  external_account: Frontend.SignUpVerificationJSON | null;
}

/** Before `prepare_verification` there is none (`null`): Clerk's UI then prepares one. */
function signUpEmailVerificationJSON(signUp: SignUpRecord): Frontend.SignUpVerificationJSON | null {
  const verification = signUp.emailVerification;
  if (!verification) return null;
  return {
    ...verificationJSON(verification),
    next_action: verification.status === 'verified' ? '' : 'needs_attempt',
    supported_strategies: ['email_code'],
  };
}

/**
 * As Clerk's servers send it: `sign_up_attempt` (the spec; the shared type says `sign_up`), with
 * the spec's `password_enabled`, `custom_action` and `external_id` besides what clerk-js reads.
 */
export type SignUpWire = Omit<Frontend.SignUpJSON, 'object' | 'verifications'> & {
  object: 'sign_up_attempt';
  verifications: SignUpVerificationsWire;
  password_enabled: boolean;
  custom_action: boolean;
  external_id: string | null;
};

export function frontendSignUpJSON(signUp: SignUpRecord): SignUpWire {
  const emailVerified = signUp.emailVerification?.status === 'verified';
  const external = signUp.externalAccountVerification;
  return {
    object: 'sign_up_attempt',
    id: signUp.id,
    status: signUp.createdUserId ? 'complete' : 'missing_requirements',
    required_fields: [...SIGN_UP_REQUIRED_FIELDS],
    optional_fields: [],
    missing_fields: signUpMissingFields(signUp),
    unverified_fields: signUp.emailAddress && !emailVerified && !external ? ['email_address'] : [],
    username: null,
    first_name: signUp.firstName,
    last_name: signUp.lastName,
    email_address: signUp.emailAddress,
    phone_number: null,
    web3_wallet: null,
    external_account_strategy: external?.strategy ?? null,
    external_account: null,
    has_password: Boolean(signUp.passwordDigest),
    password_enabled: Boolean(signUp.passwordDigest),
    custom_action: false,
    external_id: null,
    unsafe_metadata: signUp.unsafeMetadata,
    created_session_id: signUp.createdSessionId,
    created_user_id: signUp.createdUserId,
    abandon_at: signUp.abandonAt,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
    verifications: external
      ? { email_address: null, phone_number: null, web3_wallet: null, external_account: { ...verificationJSON(external), next_action: '', supported_strategies: [] } }
      : { email_address: signUp.emailAddress ? signUpEmailVerificationJSON(signUp) : null, phone_number: null, web3_wallet: null, external_account: null },
  };
}

/** Clerk's session verification (reverification): the factors the user can verify again with. */
export function frontendSessionVerificationJSON(store: LocalClerkStore, session: SessionRecord, sessionJSON: Frontend.SessionJSON) {
  const verification = session.verification!;
  const user = store.users.require(session.userId);
  const email = user.emailAddresses.find((address) => address.id === user.primaryEmailAddressId);
  return {
    // The spec's name (@clerk/shared's type says `session_verification`; clerk-js does not read it).
    object: 'session_reverification',
    id: verification.id,
    status: verification.status,
    level: verification.level,
    session: sessionJSON,
    supported_first_factors: [
      ...(user.passwordDigest ? [{ strategy: 'password' }] : []),
      ...(email ? [{ strategy: 'email_code', email_address_id: email.id, safe_identifier: maskEmail(email.emailAddress), primary: true }] : []),
    ],
    supported_second_factors: secondFactorsOf(user),
    first_factor_verification: verification.firstFactorVerification ? verificationJSON(verification.firstFactorVerification) : null,
    second_factor_verification: verification.secondFactorVerification ? verificationJSON(verification.secondFactorVerification) : null,
  };
}

/** An authenticator app (`/v1/me/totp`): its secret and URI only while it is being added, its backup codes only when verified. */
export const totpJSON = (totp: NonNullable<UserRecord['pendingTotp']>, { verified, uri, backupCodes }: { verified: boolean; uri: string; backupCodes?: string[] }): Omit<Frontend.TOTPJSON, 'secret' | 'uri'> & { secret: string | null; uri: string | null } => ({
  object: 'totp',
  id: totp.id,
  secret: verified ? null : totp.secret,
  uri: verified ? null : uri,
  verified,
  ...(backupCodes ? { backup_codes: backupCodes } : {}),
  created_at: totp.createdAt,
  updated_at: totp.createdAt,
});

/** New backup codes, shown once (`POST /v1/me/backup_codes`). */
export const backupCodesJSON = (id: string, codes: string[], at: number): Frontend.BackupCodeJSON => ({ object: 'backup_code', id, codes, created_at: at, updated_at: at });

/**
 * Store records as Clerk's JSON: the Backend API's (also what webhooks carry)
 * and the Frontend API's (what clerk-js and Clerk's components read).
 */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import { initialsAvatar } from './avatar';
import type {
  ExternalAccountRecord,
  InvitationRecord,
  LocalClerkStore,
  MembershipRecord,
  OrganizationRecord,
  SessionRecord,
  SignInRecord,
  SignUpRecord,
  StoreEvent,
  UserRecord,
  VerificationRecord,
} from './store';

const VERIFIED_EMAIL = { object: 'verification_otp', status: 'verified', strategy: 'email_code', attempts: null, expire_at: null };

const displayName = (user: UserRecord, fallback: string) => [user.firstName, user.lastName].filter(Boolean).join(' ') || fallback;

const userImage = (store: LocalClerkStore, user: UserRecord) =>
  initialsAvatar(user.id, displayName(user, store.users.primaryEmail(user) ?? ''));

const organizationImage = (organization: OrganizationRecord) => initialsAvatar(organization.id, organization.name);

// Backend API (and webhook payloads)

export function backendUserJSON(store: LocalClerkStore, user: UserRecord): Backend.UserJSON {
  return {
    object: 'user',
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: userImage(store, user),
    has_image: false,
    primary_email_address_id: user.primaryEmailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: Boolean(user.passwordDigest),
    two_factor_enabled: Boolean(user.totpSecret),
    totp_enabled: Boolean(user.totpSecret),
    backup_code_enabled: Boolean(user.backupCodeDigests?.length),
    email_addresses: user.emailAddresses.map((address) => ({
      object: 'email_address',
      id: address.id,
      email_address: address.emailAddress,
      verification: VERIFIED_EMAIL as Backend.EmailAddressJSON['verification'],
      linked_to: [],
    })),
    phone_numbers: [],
    web3_wallets: [],
    organization_memberships: null,
    external_accounts: externalAccountsJSON(user, true) as unknown as Backend.UserJSON['external_accounts'],
    enterprise_accounts: [],
    password_last_updated_at: null,
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
    delete_self_enabled: false,
    legal_accepted_at: null,
    locale: null,
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

function publicUserData(store: LocalClerkStore, userId: string): Backend.OrganizationMembershipJSON['public_user_data'] {
  const user = store.users.require(userId);
  return {
    user_id: user.id,
    identifier: store.users.primaryEmail(user) ?? '',
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: userImage(store, user),
    has_image: false,
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

export function backendInvitationJSON(store: LocalClerkStore, invitation: InvitationRecord): Backend.OrganizationInvitationJSON {
  const organization = store.organizations.get(invitation.organizationId);
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    role: invitation.role,
    role_name: store.instance.orgRole(invitation.role).name,
    organization_id: invitation.organizationId,
    public_organization_data: organization
      ? { object: 'organization', id: organization.id, name: organization.name, slug: organization.slug, image_url: organizationImage(organization), has_image: false }
      : null,
    status: invitation.status,
    public_metadata: invitation.publicMetadata,
    private_metadata: invitation.privateMetadata,
    url: null,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
    expires_at: invitation.expiresAt,
  };
}

/** Session webhooks carry the session and its user. */
export function backendSessionJSON(store: LocalClerkStore, session: SessionRecord): Backend.SessionJSON & { user: Backend.UserJSON | null } {
  const user = store.users.get(session.userId);
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
    user: user ? backendUserJSON(store, user) : null,
  };
}

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
    case 'organizationInvitation.accepted':
    case 'organizationInvitation.revoked':
      return backendInvitationJSON(store, event.invitation);
    case 'session.created':
    case 'session.ended':
    case 'session.removed':
    case 'session.revoked':
      return backendSessionJSON(store, event.session);
  }
}

// Frontend API

function publicOrganizationData(organization: OrganizationRecord): Frontend.PublicOrganizationDataJSON {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    has_image: false,
    image_url: organizationImage(organization),
  };
}

export function frontendOrganizationJSON(store: LocalClerkStore, organization: OrganizationRecord): Frontend.OrganizationJSON {
  return {
    object: 'organization',
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: organizationImage(organization),
    has_image: false,
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

export function frontendInvitationJSON(store: LocalClerkStore, invitation: InvitationRecord): Frontend.UserOrganizationInvitationJSON {
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    public_organization_data: publicOrganizationData(store.organizations.require(invitation.organizationId)),
    public_metadata: invitation.publicMetadata,
    status: invitation.status,
    role: invitation.role,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
  };
}

/** An invitation as an organization's admins see it (the invitee sees `frontendInvitationJSON`). */
export function frontendOrganizationInvitationJSON(store: LocalClerkStore, invitation: InvitationRecord): Frontend.OrganizationInvitationJSON {
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    organization_id: invitation.organizationId,
    public_metadata: invitation.publicMetadata,
    status: invitation.status,
    role: invitation.role,
    role_name: store.instance.orgRole(invitation.role).name,
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
  };
}

const VERIFICATION_ERRORS: Record<string, string> = {
  external_account_not_found: 'The External Account was not found.',
  external_account_exists: 'This account is already connected to another user.',
};

function verificationJSON(verification: VerificationRecord): Frontend.VerificationJSON {
  return {
    object: 'verification',
    id: '',
    status: verification.status,
    strategy: verification.strategy,
    attempts: verification.attempts,
    expire_at: verification.expireAt,
    verified_at_client: '',
    ...(verification.status === 'unverified' && verification.externalVerificationRedirectUrl
      ? { external_verification_redirect_url: verification.externalVerificationRedirectUrl }
      : {}),
    ...(verification.errorCode
      ? { error: { code: verification.errorCode, message: VERIFICATION_ERRORS[verification.errorCode] ?? verification.errorCode, long_message: VERIFICATION_ERRORS[verification.errorCode] ?? '', meta: {} } }
      : {}),
  } as Frontend.VerificationJSON;
}

const OAUTH_VERIFIED = { status: 'verified', strategy: '', attempts: 1, expireAt: 0 } as const;

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
    first_name: account.firstName ?? '',
    last_name: account.lastName ?? '',
    image_url: '',
    username: account.username,
    phone_number: null,
    public_metadata: {},
    label: null,
    verification: verificationJSON({ ...OAUTH_VERIFIED, strategy: account.strategy as `oauth_${string}` }),
  };
}

/** Enterprise accounts are kept with the social ones but not listed as external accounts (Clerk's `enterprise_accounts` are not emulated). */
const externalAccountsJSON = (user: UserRecord, prefixed: boolean) =>
  (user.externalAccounts ?? []).filter((account) => account.strategy.startsWith('oauth_')).map((account) => externalAccountJSON(account, prefixed ? account.strategy : account.strategy.replace(/^oauth_/, '')));

const VERIFIED_EMAIL_CODE: VerificationRecord = { strategy: 'email_code', status: 'verified', attempts: 1, expireAt: 0 };

export function frontendUserJSON(store: LocalClerkStore, user: UserRecord): Frontend.UserJSON {
  return {
    object: 'user',
    id: user.id,
    external_id: user.externalId,
    primary_email_address_id: user.primaryEmailAddressId,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    image_url: userImage(store, user),
    has_image: false,
    username: user.username,
    email_addresses: user.emailAddresses.map((address) => ({
      object: 'email_address',
      id: address.id,
      email_address: address.emailAddress,
      verification: verificationJSON(VERIFIED_EMAIL_CODE),
      linked_to: [],
      matches_sso_connection: false,
    })),
    phone_numbers: [],
    web3_wallets: [],
    external_accounts: externalAccountsJSON(user, false) as unknown as Frontend.UserJSON['external_accounts'],
    enterprise_accounts: [],
    passkeys: [],
    organization_memberships: store.memberships.list({ userId: user.id }).map((membership) => frontendMembershipJSON(store, membership)),
    password_enabled: Boolean(user.passwordDigest),
    profile_image_id: '',
    first_name: user.firstName,
    last_name: user.lastName,
    totp_enabled: Boolean(user.totpSecret),
    backup_code_enabled: Boolean(user.backupCodeDigests?.length),
    two_factor_enabled: Boolean(user.totpSecret),
    public_metadata: user.publicMetadata,
    unsafe_metadata: user.unsafeMetadata,
    last_sign_in_at: user.lastSignInAt,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: false,
    legal_accepted_at: null,
    timezone: null,
    updated_at: user.updatedAt,
    created_at: user.createdAt,
  };
}

/** An ended session carries no token (`null` on the wire, which the shared type does not allow for). */
export function frontendSessionJSON(store: LocalClerkStore, session: SessionRecord, token: string | null): Frontend.SessionJSON {
  const user = store.users.require(session.userId);
  return {
    object: 'session',
    id: session.id,
    status: session.status as Frontend.SessionJSON['status'],
    factor_verification_age: [Math.floor((Date.now() - session.firstFactorVerifiedAt) / 60_000), session.secondFactorVerifiedAt ? Math.floor((Date.now() - session.secondFactorVerifiedAt) / 60_000) : -1],
    expire_at: session.expireAt,
    abandon_at: session.abandonAt,
    last_active_at: session.lastActiveAt,
    last_active_token: (token ? { object: 'token', id: '', jwt: token } : null) as Frontend.TokenJSON,
    last_active_organization_id: session.lastActiveOrganizationId,
    actor: null,
    tasks: null,
    user: frontendUserJSON(store, user),
    public_user_data: publicUserData(store, user.id),
    created_at: session.createdAt,
    updated_at: session.updatedAt,
  };
}

/** `j***@example.com`, as Clerk masks identifiers in factors. */
const maskEmail = (email: string) => email.replace(/^(.)[^@]*/, '$1***');

export function frontendSignInJSON(store: LocalClerkStore, signIn: SignInRecord): Frontend.SignInJSON {
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
    object: 'sign_in',
    id: signIn.id,
    status,
    supported_identifiers: ['email_address'],
    identifier: signIn.identifier ?? '',
    user_data: user
      ? { first_name: user.firstName ?? undefined, last_name: user.lastName ?? undefined, image_url: userImage(store, user), has_image: false }
      : { image_url: '', has_image: false },
    supported_first_factors: store.instance.enterpriseConnectionFor(signIn.identifier)
      ? [{ strategy: 'enterprise_sso' }]
      : user && email
        ? [
            ...(user.passwordDigest ? [{ strategy: 'password' as const }] : []),
            { strategy: 'email_code', email_address_id: email.id, safe_identifier: maskEmail(email.emailAddress), primary: true },
          ]
        : [],
    supported_second_factors: user?.totpSecret
      ? [{ strategy: 'totp' }, ...(user.backupCodeDigests?.length ? [{ strategy: 'backup_code' as const }] : [])]
      : [],
    first_factor_verification: signIn.firstFactorVerification ? verificationJSON(signIn.firstFactorVerification) : null,
    second_factor_verification: signIn.secondFactorVerification ? verificationJSON(signIn.secondFactorVerification) : null,
    created_session_id: signIn.createdSessionId,
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

/** Clerk sends `null` for the identifications this instance does not collect; the shared type does not say so. */
type SignUpVerificationsWire = {
  email_address: Frontend.SignUpVerificationJSON | null;
  phone_number: null;
  web3_wallet: null;
  external_account: Frontend.SignUpVerificationJSON | null;
};

/** Before `prepare_verification` the verification has no status or strategy: Clerk's UI then prepares one. */
function signUpEmailVerificationJSON(signUp: SignUpRecord): Frontend.SignUpVerificationJSON {
  const verification = signUp.emailVerification;
  if (!verification) {
    return { status: null, strategy: null, attempts: null, expire_at: null, next_action: 'needs_prepare', supported_strategies: ['email_code'] } as unknown as Frontend.SignUpVerificationJSON;
  }
  return {
    ...verificationJSON(verification),
    next_action: verification.status === 'verified' ? '' : 'needs_attempt',
    supported_strategies: ['email_code'],
  };
}

export function frontendSignUpJSON(signUp: SignUpRecord): Frontend.SignUpJSON {
  const emailVerified = signUp.emailVerification?.status === 'verified';
  const external = signUp.externalAccountVerification;
  const verifications: SignUpVerificationsWire | null = external
    ? { email_address: null, phone_number: null, web3_wallet: null, external_account: { ...verificationJSON(external), next_action: '', supported_strategies: [] } }
    : signUp.emailAddress
      ? { email_address: signUpEmailVerificationJSON(signUp), phone_number: null, web3_wallet: null, external_account: null }
      : null;
  return {
    object: 'sign_up',
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
    unsafe_metadata: signUp.unsafeMetadata,
    created_session_id: signUp.createdSessionId,
    created_user_id: signUp.createdUserId,
    abandon_at: signUp.abandonAt,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
    verifications: verifications as unknown as Frontend.SignUpVerificationsJSON | null,
  };
}

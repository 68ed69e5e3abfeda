/**
 * Clerk's objects as its published API specs describe them (clerk/openapi-specs, version
 * 2026-05-12: bapi/2026-05-12.yml, fapi/2026-05-12.yml, webhooks/2025-04-15.yml), written
 * out by hand: one schema per object, composed. Objects are strict: a field the spec does
 * not have fails, except the few Clerk's own libraries read (marked LIBRARY_READ).
 *
 * Where the spec and what Clerk's servers send disagree, the schema follows the servers and
 * says why (SERVER_SENDS).
 */
import { z } from 'zod';

// Scalars

/** Clerk's timestamps: Unix milliseconds. */
const timestamp = z.number().int().min(1_000_000_000_000);
const metadata = z.record(z.string(), z.unknown());
const id = (prefix: string) => z.string().startsWith(`${prefix}_`);
const url = z.url();
const listOf = <T extends z.ZodType>(item: T) => z.strictObject({ data: z.array(item), total_count: z.number().int().min(0) });
const none = z.array(z.never());

// Backend API (and webhook payloads)

const verificationOtp = z.strictObject({
  object: z.literal('verification_otp'),
  status: z.enum(['unverified', 'verified', 'failed', 'expired']),
  strategy: z.enum(['phone_code', 'email_code', 'reset_password_email_code', 'reset_password_phone_code']),
  attempts: z.number().int().nullable(),
  expire_at: timestamp.nullable(),
});

const backendEmailAddress = z.strictObject({
  object: z.literal('email_address'),
  id: id('idn'),
  email_address: z.email(),
  reserved: z.boolean(),
  verification: verificationOtp.nullable(),
  linked_to: none,
  matches_sso_connection: z.boolean().optional(),
  created_at: timestamp,
  updated_at: timestamp,
});

const oauthStrategy = z.string().regex(/^oauth_(?:(?:token_)|(?:custom_))?[a-z0-9_]+$/);

/** Stubs.Verification.Oauth: a social provider's verification (`transferable` when the other attempt must take over). */
const verificationOauth = z.strictObject({
  object: z.literal('verification_oauth'),
  status: z.enum(['unverified', 'verified', 'failed', 'expired', 'transferable']),
  strategy: oauthStrategy,
  external_verification_redirect_url: url.nullable().optional(),
  error: z
    .strictObject({
      code: z.string(),
      message: z.string(),
      long_message: z.string().optional(),
      meta: z.record(z.string(), z.unknown()).optional(),
    })
    .nullable()
    .optional(),
  expire_at: timestamp,
  attempts: z.number().int().nullable().optional(),
});

/** ExternalAccountWithVerification: a linked provider account (`provider` is `oauth_google` in the Backend API, `google` in the Frontend API's). */
const externalAccount = z.strictObject({
  object: z.literal('external_account'),
  id: id('eac'),
  provider: z.string().min(1),
  identification_id: id('eac'),
  provider_user_id: z.string().min(1),
  approved_scopes: z.string(),
  email_address: z.email(),
  email_address_verified: z.boolean().nullable().optional(),
  first_name: z.string(),
  last_name: z.string(),
  image_url: url.nullable().optional(),
  username: z.string().nullable().optional(),
  phone_number: z.string().nullable().optional(),
  public_metadata: metadata,
  label: z.string().nullable().optional(),
  created_at: timestamp,
  updated_at: timestamp,
  verification: verificationOauth.nullable(),
});

/**
 * The spec's EnterpriseAccountConnection (`domain`, deprecated, stands in for `domains`). Connections
 * are configuration in local mode, a SAML one per domain.
 */
const enterpriseAccountConnection = z.strictObject({
  id: z.string().min(1),
  protocol: z.string(),
  provider: z.string(),
  name: z.string(),
  logo_public_url: z.string().nullable(),
  domain: z.string(),
  active: z.boolean(),
  sync_user_attributes: z.boolean(),
  allow_subdomains: z.boolean(),
  allow_idp_initiated: z.boolean(),
  disable_additional_identifications: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

/**
 * The spec's EnterpriseAccount. Its verification is verification_saml's shape with `enterprise_sso`
 * for `strategy` (as the sign-in's: the spec has no enterprise_sso verification object).
 */
const enterpriseAccount = z.strictObject({
  object: z.literal('enterprise_account'),
  id: id('eac'),
  protocol: z.enum(['oauth', 'saml']),
  provider: z.string(),
  active: z.boolean(),
  email_address: z.email(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  provider_user_id: z.string().nullable(),
  enterprise_connection_id: z.string().nullable(),
  public_metadata: metadata,
  verification: verificationOauth
    .extend({ object: z.literal('verification_saml'), strategy: z.literal('enterprise_sso'), expire_at: timestamp.nullable().optional() })
    .nullable(),
  enterprise_connection: enterpriseAccountConnection.nullable(),
  last_authenticated_at: timestamp.nullable(),
});

export const backendUser = z.strictObject({
  object: z.literal('user'),
  id: id('user'),
  external_id: z.string().nullable(),
  primary_email_address_id: id('idn').nullable(),
  primary_phone_number_id: z.string().nullable(),
  primary_web3_wallet_id: z.string().nullable(),
  username: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  locale: z.string().nullable().optional(),
  profile_image_url: url.optional(),
  image_url: url.optional(),
  has_image: z.boolean(),
  public_metadata: metadata,
  private_metadata: metadata.nullable().optional(),
  unsafe_metadata: metadata.optional(),
  email_addresses: z.array(backendEmailAddress),
  phone_numbers: none,
  web3_wallets: none,
  passkeys: none,
  password_enabled: z.boolean(),
  two_factor_enabled: z.boolean(),
  totp_enabled: z.boolean(),
  backup_code_enabled: z.boolean(),
  mfa_enabled_at: timestamp.nullable(),
  mfa_disabled_at: timestamp.nullable(),
  password_last_updated_at: timestamp.nullable().optional(),
  external_accounts: z.array(externalAccount.extend({ provider: oauthStrategy })),
  saml_accounts: none,
  enterprise_accounts: z.array(enterpriseAccount),
  organization_memberships: z.array(z.unknown()).optional(),
  last_sign_in_at: timestamp.nullable(),
  banned: z.boolean(),
  locked: z.boolean(),
  deprovisioned: z.boolean().optional(),
  lockout_expires_in_seconds: z.number().int().nullable(),
  verification_attempts_remaining: z.number().int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  delete_self_enabled: z.boolean(),
  create_organization_enabled: z.boolean(),
  create_organizations_limit: z.number().int().nullable().optional(),
  last_active_at: timestamp.nullable(),
  legal_accepted_at: timestamp.nullable(),
  /** LIBRARY_READ: @clerk/backend's User. */
  timezone: z.string().nullable(),
});

const organizationFields = {
  object: z.literal('organization'),
  id: id('org'),
  name: z.string().min(1),
  slug: z.string().min(1),
  image_url: url.optional(),
  has_image: z.boolean(),
  members_count: z.number().int().min(0).optional(),
  pending_invitations_count: z.number().int().min(0).optional(),
  max_allowed_memberships: z.number().int().min(0),
  admin_delete_enabled: z.boolean(),
  public_metadata: metadata,
  created_at: timestamp,
  updated_at: timestamp,
};

export const backendOrganization = z.strictObject({
  ...organizationFields,
  private_metadata: metadata.optional(),
  created_by: id('user').optional(),
});

const membershipPublicUserData = z.strictObject({
  user_id: id('user'),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  profile_image_url: url.nullable(),
  image_url: url,
  has_image: z.boolean(),
  identifier: z.string().nullable().optional(),
});

export const backendMembership = z.strictObject({
  object: z.literal('organization_membership'),
  id: id('orgmem'),
  role: z.string().startsWith('org:'),
  role_name: z.string().optional(),
  permissions: z.array(z.string()),
  public_metadata: metadata,
  private_metadata: metadata.optional(),
  organization: backendOrganization,
  public_user_data: membershipPublicUserData.optional(),
  created_at: timestamp,
  updated_at: timestamp,
});

const publicOrganizationData = z.strictObject({
  id: id('org'),
  name: z.string(),
  slug: z.string(),
  image_url: url.optional(),
  has_image: z.boolean(),
});

export const backendInvitation = z.strictObject({
  object: z.literal('organization_invitation'),
  id: id('orginv'),
  email_address: z.email(),
  role: z.string().startsWith('org:'),
  role_name: z.string(),
  organization_id: id('org').optional(),
  inviter_id: id('user').nullable(),
  public_inviter_data: z
    .strictObject({
      user_id: id('user'),
      first_name: z.string().nullable(),
      last_name: z.string().nullable(),
      image_url: url,
      has_image: z.boolean(),
      identifier: z.string(),
    })
    .nullable(),
  status: z.enum(['pending', 'accepted', 'revoked', 'expired']).optional(),
  public_metadata: metadata,
  private_metadata: metadata.optional(),
  url: url.nullable(),
  expires_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  /** LIBRARY_READ: @clerk/backend's OrganizationInvitation. */
  public_organization_data: publicOrganizationData
    .extend({ object: z.literal('organization').optional() })
    .nullable()
    .optional(),
});

/** The webhook spec's session (no `tasks`); the Backend API's adds them. */
const sessionEventBase = z.strictObject({
  object: z.literal('session'),
  id: id('sess'),
  user_id: id('user'),
  client_id: id('client'),
  actor: z.record(z.string(), z.unknown()).nullable().optional(),
  status: z.enum(['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'replaced', 'pending']),
  last_active_organization_id: id('org').nullable().optional(),
  last_active_at: timestamp,
  expire_at: timestamp,
  abandon_at: timestamp,
  created_at: timestamp,
  updated_at: timestamp,
});

/**
 * A session task (the spec's `SessionTask`: `{ key: string }`), narrowed to the keys
 * @clerk/shared's `SessionTask['key']` knows, in the order the stand-in asks for them.
 */
const sessionTask = z.strictObject({ key: z.enum(['reset-password', 'setup-mfa', 'choose-organization']) });
const sessionTasks = z.array(sessionTask).min(1).nullable();

/** The Backend API's session also lists its pending tasks (`null`: none). */
export const backendSession = sessionEventBase.extend({ tasks: sessionTasks.optional() });

export const deletedObject = (object: string, prefix: string) =>
  z.strictObject({ object: z.literal(object), id: id(prefix), deleted: z.literal(true) });

export const jwks = z.strictObject({
  keys: z.array(
    z.strictObject({
      kty: z.literal('RSA'),
      kid: z.string().min(1),
      use: z.literal('sig'),
      alg: z.literal('RS256'),
      n: z.string().min(1),
      e: z.string().min(1),
    }),
  ),
});

export const totalCount = z.strictObject({ object: z.literal('total_count'), total_count: z.number().int().min(0) });

export const signInToken = z.strictObject({
  object: z.literal('sign_in_token'),
  id: id('sitkn'),
  status: z.enum(['pending', 'accepted', 'revoked']),
  user_id: id('user'),
  token: z.string().min(1).optional(),
  url: url.nullable().optional(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** Unix seconds, as the spec's example has it (1713880800) and as the token itself starts. */
const unixSeconds = z.number().int().min(1_000_000_000).max(9_999_999_999);

export const testingToken = z.strictObject({ object: z.literal('testing_token'), token: z.string().min(1), expires_at: unixSeconds });

/** APIKey (both APIs): the secret only in the answer that created it. */
const apiKeyFields = {
  object: z.literal('api_key'),
  id: z.string().regex(/^ak_[0-9A-Fa-f]{32}$/),
  type: z.string().min(3),
  subject: z.string().regex(/^(user|org|mch)_\w{27}$/),
  name: z.string(),
  description: z.string().max(255).nullable().optional(),
  claims: z.unknown().nullable(),
  scopes: z.array(z.string()),
  revoked: z.boolean(),
  revocation_reason: z.string().nullable(),
  expired: z.boolean(),
  expiration: z.number().nullable(),
  created_by: z
    .string()
    .regex(/^user_\w{27}$/)
    .nullable(),
  last_used_at: z.number().nullable(),
  created_at: z.number(),
  updated_at: z.number(),
};
export const apiKey = z.strictObject(apiKeyFields);
export const newApiKey = z.strictObject({ ...apiKeyFields, secret: z.string().startsWith('ak_') });

export const actorToken = z.strictObject({
  object: z.literal('actor_token'),
  id: z.string(),
  status: z.enum(['pending', 'accepted', 'revoked']),
  user_id: z.string(),
  actor: z.looseObject({ sub: z.string() }),
  token: z.string().optional(),
  url: z.string().optional(),
  created_at: z.number().int(),
  updated_at: z.number().int(),
});

export const backend = {
  apiKey,
  newApiKey,
  apiKeys: listOf(apiKey),
  apiKeySecret: z.strictObject({ secret: z.string() }),
  actorToken,
  user: backendUser,
  users: z.array(backendUser),
  organization: backendOrganization,
  organizations: listOf(backendOrganization),
  membership: backendMembership,
  memberships: listOf(backendMembership),
  invitation: backendInvitation,
  invitations: listOf(backendInvitation),
  session: backendSession,
  sessions: z.array(backendSession),
  deletedUser: deletedObject('user', 'user'),
  deletedOrganization: deletedObject('organization', 'org'),
  jwks,
  totalCount,
  signInToken,
  testingToken,
};

// Frontend API

/** LIBRARY_READ: clerk-js's Verification reads `verified_at_client`, which the spec does not list. */
const verifiedAtClient = { verified_at_client: z.string().optional() };

const otpVerification = verificationOtp.extend({
  expire_at: timestamp,
  attempts: z.number().int().nullable().optional(),
  ...verifiedAtClient,
});
const passwordVerification = z.strictObject({
  object: z.literal('verification_password'),
  status: z.enum(['unverified', 'verified']),
  strategy: z.literal('password'),
  attempts: z.number().int().nullable().optional(),
  expire_at: timestamp.nullable().optional(),
  ...verifiedAtClient,
});

const ticketVerification = z.strictObject({
  object: z.literal('verification_ticket'),
  status: z.enum(['unverified', 'verified', 'expired']),
  strategy: z.literal('ticket'),
  attempts: z.number().int().nullable().optional(),
  expire_at: timestamp.nullable().optional(),
  ...verifiedAtClient,
});

const frontendOauthVerification = verificationOauth.extend(verifiedAtClient);

/**
 * The spec has no enterprise_sso verification object: Stubs.Verification.SAML's shape (its
 * `strategy` is `saml` there), with `enterprise_sso`, as Clerk's servers name the strategy.
 */
const enterpriseSsoVerification = frontendOauthVerification.extend({
  object: z.literal('verification_saml'),
  strategy: z.literal('enterprise_sso'),
  expire_at: timestamp.nullable().optional(),
});

const secondFactorVerification = (object: 'verification_totp' | 'verification_backup_code', strategy: 'totp' | 'backup_code') =>
  z.strictObject({
    object: z.literal(object),
    status: z.enum(['unverified', 'verified']),
    strategy: z.literal(strategy),
    attempts: z.number().int().nullable().optional(),
    expire_at: timestamp.nullable().optional(),
    ...verifiedAtClient,
  });

const frontendEmailAddress = backendEmailAddress.extend({ verification: otpVerification.nullable() });

const frontendPublicUserData = z.strictObject({
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  image_url: url.nullable().optional(),
  has_image: z.boolean(),
  identifier: z.string(),
  profile_image_url: url.nullable().optional(),
  user_id: id('user').nullable().optional(),
  username: z.string().nullable().optional(),
  banned: z.boolean().optional(),
  deprovisioned: z.boolean().optional(),
});

export const frontendOrganization = z.strictObject(organizationFields);

export const frontendMembership = z.strictObject({
  object: z.literal('organization_membership'),
  id: id('orgmem'),
  public_metadata: metadata,
  role: z.string().startsWith('org:'),
  role_name: z.string(),
  permissions: z.array(z.string()).nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  organization: frontendOrganization,
  public_user_data: frontendPublicUserData.nullable().optional(),
});

export const frontendUser = z.strictObject({
  object: z.literal('user'),
  id: id('user'),
  username: z.string().nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  image_url: url.optional(),
  has_image: z.boolean(),
  primary_email_address_id: id('idn').nullable(),
  primary_phone_number_id: z.string().nullable(),
  primary_web3_wallet_id: z.string().nullable(),
  password_enabled: z.boolean(),
  two_factor_enabled: z.boolean(),
  totp_enabled: z.boolean(),
  backup_code_enabled: z.boolean(),
  email_addresses: z.array(frontendEmailAddress),
  phone_numbers: none,
  web3_wallets: none,
  passkeys: none,
  organization_memberships: z.array(frontendMembership).optional(),
  external_accounts: z.array(externalAccount.extend({ provider: z.string().regex(/^[a-z0-9_]+$/) })),
  saml_accounts: none,
  password_last_updated_at: timestamp.nullable().optional(),
  public_metadata: metadata,
  private_metadata: metadata.optional(),
  unsafe_metadata: metadata.optional(),
  external_id: z.string().nullable(),
  last_sign_in_at: timestamp.nullable(),
  banned: z.boolean(),
  locked: z.boolean(),
  deprovisioned: z.boolean().optional(),
  lockout_expires_in_seconds: z.number().int().nullable(),
  verification_attempts_remaining: z.number().int().nullable(),
  created_at: timestamp,
  updated_at: timestamp,
  delete_self_enabled: z.boolean(),
  create_organization_enabled: z.boolean(),
  /** SERVER_SENDS: null for "no limit" (the spec types it integer-only; its Backend API twin and @clerk/shared allow null). */
  create_organizations_limit: z.number().int().nullable().optional(),
  last_active_at: timestamp.nullable(),
  mfa_enabled_at: timestamp.nullable(),
  mfa_disabled_at: timestamp.nullable(),
  legal_accepted_at: timestamp.nullable(),
  profile_image_url: url.optional(),
  /** LIBRARY_READ: clerk-js's User reads `enterprise_accounts` (the Backend API's shape), `profile_image_id` and `timezone`. */
  enterprise_accounts: z.array(enterpriseAccount),
  profile_image_id: z.string(),
  timezone: z.string().nullable(),
});

const token = z.strictObject({ object: z.literal('token'), jwt: z.jwt() });

export const frontendSession = z.strictObject({
  object: z.literal('session'),
  id: id('sess'),
  status: z.enum(['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'pending']),
  expire_at: timestamp,
  abandon_at: timestamp,
  last_active_at: timestamp,
  last_active_token: token.nullable().optional(),
  actor: z.record(z.string(), z.unknown()).nullable().optional(),
  tasks: sessionTasks.optional(),
  last_active_organization_id: id('org').nullable(),
  user: frontendUser.optional(),
  public_user_data: frontendPublicUserData.nullable(),
  factor_verification_age: z.array(z.number().int()),
  created_at: timestamp,
  updated_at: timestamp,
});

const signInFactor = z.strictObject({
  strategy: z.union([z.enum(['password', 'email_code', 'enterprise_sso', 'totp', 'backup_code']), oauthStrategy]),
  safe_identifier: z.string().optional(),
  email_address_id: id('idn').optional(),
  primary: z.boolean().nullable().optional(),
  default: z.boolean().optional(),
});

export const signIn = z.strictObject({
  object: z.literal('sign_in_attempt'),
  id: id('sia'),
  status: z.enum([
    'abandoned',
    'needs_identifier',
    'needs_first_factor',
    'needs_second_factor',
    'needs_client_trust',
    'needs_new_password',
    'needs_protect_check',
    'complete',
  ]),
  supported_identifiers: z.array(z.enum(['email_address', 'phone_number', 'username', 'web3_wallet', 'passkey'])),
  supported_first_factors: z.array(signInFactor).nullable(),
  supported_second_factors: z.array(signInFactor).nullable(),
  first_factor_verification: z
    .union([passwordVerification, otpVerification, ticketVerification, frontendOauthVerification, enterpriseSsoVerification])
    .nullable(),
  second_factor_verification: z
    .union([secondFactorVerification('verification_totp', 'totp'), secondFactorVerification('verification_backup_code', 'backup_code')])
    .nullable(),
  identifier: z.string().nullable(),
  user_data: z.record(z.string(), z.unknown()).nullable(),
  created_session_id: id('sess').nullable(),
  abandon_at: timestamp,
  client_trust_state: z.enum(['pending', 'new', 'known']).nullable().optional(),
  /** LIBRARY_READ: clerk-js's SignIn. */
  timezone: z.string().nullable(),
});

const signUpVerificationFields = { next_action: z.enum(['needs_prepare', 'needs_attempt', '']), supported_strategies: z.array(z.string()) };
/** An email code, or an invitation's ticket (which verifies the invited address). */
const signUpVerification = z.union([otpVerification.extend(signUpVerificationFields), ticketVerification.extend(signUpVerificationFields)]);

export const signUp = z.strictObject({
  object: z.literal('sign_up_attempt'),
  id: id('sua'),
  status: z.enum(['abandoned', 'missing_requirements', 'complete']),
  required_fields: z.array(z.string()),
  optional_fields: z.array(z.string()),
  missing_fields: z.array(z.string()),
  unverified_fields: z.array(z.string()),
  verifications: z.strictObject({
    email_address: signUpVerification.nullable(),
    phone_number: z.null(),
    web3_wallet: z.null(),
    external_account: z
      .union([frontendOauthVerification.extend(signUpVerificationFields), enterpriseSsoVerification.extend(signUpVerificationFields)])
      .nullable(),
  }),
  username: z.string().nullable(),
  email_address: z.email().nullable(),
  phone_number: z.string().nullable(),
  web3_wallet: z.string().nullable(),
  password_enabled: z.boolean(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  unsafe_metadata: metadata.optional(),
  public_metadata: metadata.optional(),
  custom_action: z.boolean(),
  external_id: z.string().nullable(),
  created_session_id: id('sess').nullable(),
  created_user_id: id('user').nullable(),
  abandon_at: timestamp,
  legal_accepted_at: timestamp.nullable(),
  /** LIBRARY_READ: clerk-js's SignUp (the spec's sign-up is open to further fields). */
  external_account_strategy: z.string().nullable(),
  external_account: z.unknown(),
  has_password: z.boolean(),
  locale: z.string().nullable(),
  timezone: z.string().nullable(),
});

/** Reverification (`useReverification()`): the factors the session's user can verify again with. */
export const sessionReverification = z.strictObject({
  object: z.literal('session_reverification'),
  /** LIBRARY_READ: clerk-js's SessionVerification reads `id`. */
  id: z.string().min(1),
  level: z.enum(['first_factor', 'second_factor', 'multi_factor']),
  status: z.enum(['needs_first_factor', 'needs_second_factor', 'complete']),
  supported_first_factors: z.array(signInFactor).nullable(),
  supported_second_factors: z.array(signInFactor).nullable(),
  first_factor_verification: z.union([passwordVerification, otpVerification]).nullable(),
  second_factor_verification: z
    .union([secondFactorVerification('verification_totp', 'totp'), secondFactorVerification('verification_backup_code', 'backup_code')])
    .nullable(),
  session: frontendSession,
});

/** Client.ActiveSession: the spec's session base and the device it was last used from (no token, no user). */
export const sessionWithActivities = z.strictObject({
  object: z.literal('session'),
  id: id('sess'),
  status: z.enum(['active', 'revoked', 'ended', 'expired', 'removed', 'abandoned', 'pending']),
  expire_at: timestamp,
  abandon_at: timestamp,
  last_active_at: timestamp,
  last_active_token: token.nullable().optional(),
  actor: z.record(z.string(), z.unknown()).nullable().optional(),
  tasks: z.array(z.unknown()).nullable().optional(),
  latest_activity: z.strictObject({
    object: z.string().min(1),
    id: z.string().min(1),
    device_type: z.string().optional(),
    is_mobile: z.boolean(),
    browser_name: z.string().optional(),
    browser_version: z.string().optional(),
    ip_address: z.string().optional(),
    city: z.string().optional(),
    country: z.string().optional(),
  }),
});

/** The spec's TOTP: the secret and its `otpauth://` URI while it is being added, backup codes once verified. */
const totp = z.strictObject({
  object: z.literal('totp'),
  id: id('totp'),
  secret: z
    .string()
    .regex(/^[A-Z2-7]+$/)
    .nullable(),
  uri: z.string().startsWith('otpauth://totp/').nullable(),
  verified: z.boolean(),
  backup_codes: z.array(z.string().min(1)).nullable().optional(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** The spec's BackupCodes. */
const backupCodes = z.strictObject({
  object: z.literal('backup_code'),
  id: z.string().min(1),
  codes: z.array(z.string().min(1)).min(1),
  created_at: timestamp,
  updated_at: timestamp,
});

/** ExternalAccountWithVerification while it is being connected: the provider has not said who it is yet (both are plain strings in the spec). */
const pendingExternalAccount = externalAccount.extend({
  provider: z.string().regex(/^[a-z0-9_]+$/),
  provider_user_id: z.string(),
  email_address: z.string(),
  verification: frontendOauthVerification.extend({ status: z.literal('unverified'), external_verification_redirect_url: url }),
});

/** The spec's EnterpriseConnectionResponse (`GET /v1/me/enterprise_connections`). */
const enterpriseConnection = z.strictObject({
  id: z.string().min(1),
  name: z.string(),
  provider: z.string(),
  logo_public_url: z.string().nullable(),
  active: z.boolean(),
  domains: z.array(z.string()),
  sync_user_attributes: z.boolean(),
  disable_additional_identifications: z.boolean(),
  allow_organization_account_linking: z.boolean(),
  authenticatable: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

/** An uploaded profile image. */
export const image = z.strictObject({ object: z.literal('image'), id: id('img'), name: z.string().min(1), public_url: url });

export const client = z.strictObject({
  object: z.literal('client'),
  id: id('client'),
  sessions: z.array(frontendSession),
  sign_in: signIn.nullable(),
  sign_up: signUp.nullable(),
  last_active_session_id: id('sess').nullable(),
  last_authentication_strategy: z.string().nullable(),
  cookie_expires_at: timestamp.nullable(),
  captcha_bypass: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
});

const organizationInvitationFields = {
  object: z.literal('organization_invitation'),
  id: id('orginv'),
  email_address: z.email(),
  role: z.string().startsWith('org:'),
  role_name: z.string(),
  status: z.enum(['pending', 'revoked', 'accepted', 'expired', 'completed']).optional(),
  public_metadata: metadata,
  url: url.nullable(),
  expires_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
};

/** An invitation as an organization's admins see it. */
export const organizationInvitation = z.strictObject({ ...organizationInvitationFields, organization_id: id('org') });

/** An invitation as its invitee sees it. */
export const userInvitation = z.strictObject({ ...organizationInvitationFields, public_organization_data: publicOrganizationData });

const permission = z.strictObject({
  object: z.literal('permission'),
  id: z.string(),
  name: z.string(),
  key: z.string(),
  description: z.string(),
  type: z.enum(['system', 'user']),
  created_at: timestamp,
  updated_at: timestamp,
});

export const role = z.strictObject({
  object: z.literal('role'),
  id: id('role'),
  name: z.string().min(1),
  key: z.string().startsWith('org:'),
  description: z.string(),
  is_creator_eligible: z.boolean(),
  permissions: z.array(permission),
  created_at: timestamp,
  updated_at: timestamp,
});

// The environment

const attribute = z.strictObject({
  enabled: z.boolean(),
  required: z.boolean(),
  used_for_first_factor: z.boolean(),
  first_factors: z.array(z.string()),
  used_for_second_factor: z.boolean(),
  second_factors: z.array(z.string()),
  verifications: z.array(z.string()),
  verify_at_sign_up: z.boolean(),
  immutable: z.boolean(),
});
const enabled = z.strictObject({ enabled: z.boolean() });
const mode = z.enum(['on', 'off', 'required']);
const enterpriseSso = z.strictObject({ enabled: z.boolean(), self_serve_sso: z.boolean().optional() });

export const environment = z.strictObject({
  auth_config: z.strictObject({
    object: z.literal('auth_config'),
    id: z.string(),
    first_name: mode,
    last_name: mode,
    email_address: mode,
    phone_number: mode,
    username: mode,
    password: mode,
    identification_requirements: z.array(z.array(z.string())),
    identification_strategies: z.array(z.string()),
    first_factors: z.array(z.string()),
    second_factors: z.array(z.string()),
    email_address_verification_strategies: z.array(z.string()),
    single_session_mode: z.boolean(),
    enhanced_email_deliverability: z.boolean(),
    test_mode: z.boolean(),
    cookieless_dev: z.boolean().optional(),
    url_based_session_syncing: z.boolean(),
    claimed_at: timestamp.nullable(),
    reverification: z.boolean(),
    native_settings: z.strictObject({
      object: z.literal('native_settings'),
      api_enabled: z.boolean(),
      trusted_device_sign_in_enabled: z.boolean(),
      trusted_device_enrollment_prompt_after_sign_in_enabled: z.boolean(),
      trusted_device_enrollment_prompt_after_sign_up_enabled: z.boolean(),
    }),
  }),
  display_config: z.strictObject({
    object: z.literal('display_config'),
    id: z.string(),
    instance_environment_type: z.enum(['production', 'development', 'staging']),
    application_name: z.string().min(1),
    theme: z.record(z.string(), z.unknown()),
    preferred_sign_in_strategy: z.enum(['password', 'otp']),
    logo_image_url: z.string().nullable().optional(),
    favicon_image_url: z.string().nullable().optional(),
    ...Object.fromEntries(
      [
        'home_url',
        'sign_in_url',
        'sign_up_url',
        'user_profile_url',
        'waitlist_url',
        'oauth_consent_url',
        'after_sign_in_url',
        'after_sign_up_url',
        'after_sign_out_one_url',
        'after_sign_out_all_url',
        'after_switch_session_url',
        'after_join_waitlist_url',
        'organization_profile_url',
        'create_organization_url',
        'after_leave_organization_url',
        'after_create_organization_url',
        'logo_link_url',
      ].map((name) => [name, url]),
    ),
    support_email: z.string().nullable(),
    branded: z.boolean(),
    experimental_force_oauth_first: z.boolean(),
    clerk_js_version: z.string().nullable(),
    show_devmode_warning: z.boolean(),
    google_one_tap_client_id: z.string().nullable(),
    help_url: z.string().nullable(),
    privacy_policy_url: z.string().nullable(),
    terms_url: z.string().nullable(),
    logo_url: z.string().nullable(),
    favicon_url: z.string().nullable(),
    logo_image: z.record(z.string(), z.unknown()).nullable(),
    favicon_image: z.record(z.string(), z.unknown()).nullable(),
    captcha_public_key: z.string().nullable(),
    captcha_widget_type: z.enum(['smart', 'invisible']).nullable(),
    captcha_public_key_invisible: z.string().nullable(),
    captcha_provider: z.literal('turnstile').nullable(),
    captcha_oauth_bypass: z.array(z.string()),
    captcha_heartbeat: z.boolean().nullable().optional(),
  }),
  user_settings: z.strictObject({
    attributes: z.strictObject(
      Object.fromEntries(
        [
          'email_address',
          'phone_number',
          'username',
          'web3_wallet',
          'first_name',
          'last_name',
          'password',
          'authenticator_app',
          'ticket',
          'backup_code',
          'passkey',
        ].map((name) => [name, attribute]),
      ),
    ),
    social: z.record(z.string().startsWith('oauth_'), z.unknown()),
    saml: enterpriseSso,
    /** LIBRARY_READ: @clerk/ui reads `self_serve_directory_sync`. */
    enterprise_sso: enterpriseSso.extend({ self_serve_directory_sync: z.boolean() }),
    sign_in: z.strictObject({ second_factor: z.strictObject({ required: z.boolean() }) }),
    sign_up: z.strictObject({
      captcha_enabled: z.boolean(),
      captcha_widget_type: z.enum(['smart', 'invisible']),
      custom_action_required: z.boolean(),
      progressive: z.boolean(),
      mode: z.enum(['public', 'restricted', 'waitlist']),
      legal_consent_enabled: z.boolean(),
    }),
    restrictions: z.strictObject({
      allowlist: enabled,
      blocklist: enabled,
      allowlist_blocklist_disabled_on_sign_in: enabled,
      block_email_subaddresses: enabled,
      block_disposable_email_domains: enabled,
    }),
    password_settings: z.strictObject({
      disable_hibp: z.boolean(),
      disable_password_reverification: z.boolean(),
      min_length: z.number().int(),
      max_length: z.number().int(),
      require_special_char: z.boolean(),
      require_numbers: z.boolean(),
      require_uppercase: z.boolean(),
      require_lowercase: z.boolean(),
      show_zxcvbn: z.boolean(),
      min_zxcvbn_strength: z.number().int(),
      enforce_hibp_on_sign_in: z.boolean(),
      allowed_special_characters: z.string(),
    }),
    username_settings: z.strictObject({
      min_length: z.number().int().nullable(),
      max_length: z.number().int().nullable(),
      allow_extended_special_characters: z.boolean(),
      allow_numeric_usernames: z.boolean(),
    }),
    actions: z.strictObject({
      delete_self: z.boolean(),
      create_organization: z.boolean(),
      create_organizations_limit: z.boolean().nullable(),
    }),
    attack_protection: z.strictObject({
      user_lockout: z.strictObject({ enabled: z.boolean(), max_attempts: z.number().int(), duration_in_minutes: z.number().int() }),
      pii: enabled,
      email_link: z.strictObject({ require_same_client: z.boolean() }),
      enumeration_protection: enabled,
    }),
    passkey_settings: z.strictObject({
      allow_autofill: z.boolean(),
      show_sign_in_button: z.boolean(),
      satisfies_second_factor: z.boolean(),
    }),
  }),
  organization_settings: z.strictObject({
    enabled: z.boolean(),
    max_allowed_memberships: z.number().int().min(0),
    actions: z.strictObject({ admin_delete: z.boolean() }),
    domains: z.strictObject({
      enabled: z.boolean(),
      enrollment_modes: z.array(z.enum(['manual_invitation', 'automatic_invitation', 'automatic_suggestion'])),
      default_role: z.string(),
    }),
    slug: z.strictObject({ disabled: z.boolean() }).optional(),
    creator_role: z.string(),
    /** LIBRARY_READ: clerk-js's OrganizationSettings. */
    force_organization_selection: z.boolean(),
    organization_creation_defaults: z.strictObject({ enabled: z.boolean() }),
  }),
  commerce_settings: z.strictObject({ billing: z.record(z.string(), z.unknown()) }),
  api_keys_settings: z.strictObject({ enabled: z.boolean(), user_api_keys_enabled: z.boolean(), orgs_api_keys_enabled: z.boolean() }),
  protect_config: z.strictObject({ loaders: z.array(z.record(z.string(), z.unknown())).optional() }),
  client_debug_mode: z.boolean().optional(),
  partitioned_cookies: z.boolean().optional(),
  maintenance_mode: z.boolean().optional(),
});

/** `{ response, client }`, as every Frontend API answer but the environment and tokens comes. */
/** ClerkErrors: a refused request's answer (4xx), each error with its code, messages and the field (`meta.param_name`). */
export const clerkErrors = z.strictObject({
  errors: z
    .array(
      z.strictObject({
        message: z.string().min(1),
        long_message: z.string().min(1),
        code: z.string().min(1),
        meta: z.record(z.string(), z.unknown()).optional(),
      }),
    )
    .min(1),
  meta: z.record(z.string(), z.unknown()).optional(),
  clerk_trace_id: z.string().optional(),
});

export const withClient = <T extends z.ZodType>(response: T) => z.strictObject({ response, client: client.nullable() });

export const frontend = {
  apiKey,
  /** The spec gives no schema for the create answer; clerk-js reads the key with its `secret`. */
  newApiKey,
  apiKeys: listOf(apiKey),
  environment,
  /** A browser without a client yet gets `null` for it. */
  client: withClient(client.nullable()),
  /** Signing out everywhere: the client is gone (both `null`). */
  deletedClient: z.strictObject({ response: z.null(), client: z.null() }),
  signIn: withClient(signIn),
  signUp: withClient(signUp),
  session: withClient(frontendSession),
  token: z.strictObject({ object: z.literal('token'), jwt: z.jwt() }),
  user: withClient(frontendUser),
  /** Deleting the account: the client is still there, its sessions gone. */
  deletedUser: withClient(deletedObject('user', 'user')),
  emailAddress: withClient(frontendEmailAddress),
  deletedEmailAddress: withClient(deletedObject('email_address', 'idn')),
  /** Client.ActiveSessions: a bare array, not wrapped with the client. */
  activeSessions: z.array(sessionWithActivities),
  organization: withClient(frontendOrganization),
  deletedOrganization: withClient(deletedObject('organization', 'org')),
  /**
   * LIBRARY_READ: clerk-js's `organization.setLogo({ file: null })` builds the organization from
   * the answer (the spec says a deleted object; clerk-js would lose the organization's fields).
   */
  organizationWithoutLogo: withClient(frontendOrganization),
  image: withClient(image),
  /** The spec's deleted object: `id` and `slug` optional. */
  deletedImage: withClient(z.strictObject({ object: z.literal('image'), id: id('img').optional(), deleted: z.literal(true) })),
  sessionReverification: withClient(sessionReverification),
  totp: withClient(totp),
  /** The spec's deleted object: `id` and `slug` optional. */
  deletedTotp: withClient(z.strictObject({ object: z.literal('totp'), id: z.string().optional(), deleted: z.literal(true) })),
  backupCodes: withClient(backupCodes),
  pendingExternalAccount: withClient(pendingExternalAccount),
  deletedExternalAccount: withClient(deletedObject('external_account', 'eac')),
  enterpriseConnections: withClient(z.array(enterpriseConnection)),
  membership: withClient(frontendMembership),
  memberships: withClient(listOf(frontendMembership)),
  organizationInvitation: withClient(organizationInvitation),
  organizationInvitations: withClient(listOf(organizationInvitation)),
  organizationInvitationList: withClient(z.array(organizationInvitation)),
  userInvitation: withClient(userInvitation),
  userInvitations: withClient(listOf(userInvitation)),
  roles: withClient(listOf(role)),
  /** Local mode has no domains or suggestions: always an empty page. */
  emptyPage: withClient(listOf(z.never())),
  /** The server handshake (307) and the local provider pages' answers (303): a redirect, no body. */
  redirect: z.undefined(),
  /** Local mode's provider pages (a social provider's consent, an identity provider's sign-in): not Clerk's API, HTML with a form. */
  html: z.string().startsWith('<!doctype html>').includes('<form method="post"'),
  /** A provider's logo, in place of Clerk's image CDN. */
  svg: z.string().includes('<svg'),
  /** The Account Portal's pages (not Clerk's API): HTML that loads the stand-in's clerk-js with the instance's key and mounts a component. */
  hostedPage: z
    .string()
    .startsWith('<!doctype html>')
    .includes('/npm/clerk.browser.js')
    .includes('/npm/ui.browser.js')
    .includes('data-clerk-publishable-key="pk_'),
  /** SERVER_SENDS: the spec gives `POST /v1/dev_browser` no body; clerk-js keeps the `id` as its dev browser token. */
  devBrowser: z.strictObject({ object: z.literal('dev_browser'), id: z.string().min(1) }),
};

// Clerk Billing (fapi/2026-05-12.yml Billing*; webhooks/2025-04-15.yml for the events)

const billingFee = z.strictObject({
  amount: z.number().int().min(0),
  amount_formatted: z.string(),
  currency: z.string(),
  currency_symbol: z.string(),
});
const billingFeature = z.strictObject({
  object: z.literal('feature'),
  id: id('feat'),
  name: z.string(),
  description: z.string().nullable(),
  slug: z.string(),
  avatar_url: z.string().nullable(),
});
export const billingPlan = z.strictObject({
  object: z.literal('commerce_plan'),
  id: id('cplan'),
  name: z.string().min(1),
  fee: billingFee.nullable(),
  annual_monthly_fee: billingFee.nullable(),
  annual_fee: billingFee.nullable(),
  description: z.string().nullable(),
  product_id: id('cprod'),
  is_default: z.boolean(),
  is_recurring: z.boolean(),
  publicly_visible: z.boolean(),
  has_base_fee: z.boolean(),
  for_payer_type: z.enum(['user', 'org']),
  slug: z.string().min(1),
  avatar_url: z.string().nullable(),
  free_trial_enabled: z.boolean(),
  free_trial_days: z.number().int().nullable(),
  features: z.array(billingFeature),
});
const billingPayer = z.strictObject({
  object: z.literal('commerce_payer'),
  id: id('cpayer'),
  instance_id: id('ins'),
  user_id: id('user').nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable(),
  organization_id: id('org').nullable(),
  organization_name: z.string().nullable(),
  image_url: z.string(),
});
const nextPayment = z.strictObject({ amount: billingFee, date: timestamp }).nullable();
const itemStatus = z.enum(['active', 'canceled', 'ended', 'upcoming', 'abandoned', 'past_due', 'incomplete', 'expired']);
export const billingSubscriptionItem = z.strictObject({
  object: z.literal('commerce_subscription_item'),
  id: id('csub_item'),
  instance_id: id('ins'),
  status: itemStatus,
  plan_id: id('cplan'),
  price_id: z.string(),
  plan: billingPlan,
  plan_period: z.enum(['month', 'annual']),
  amount: billingFee,
  next_payment: nextPayment,
  payer_id: id('cpayer'),
  is_free_trial: z.boolean(),
  period_start: timestamp,
  period_end: timestamp.nullable(),
  canceled_at: timestamp.nullable(),
  past_due_at: timestamp.nullable(),
  ended_at: timestamp.nullable(),
  created_at: timestamp,
  updated_at: timestamp,
});
export const billingSubscription = z.strictObject({
  object: z.literal('commerce_subscription'),
  id: id('csub'),
  instance_id: id('ins'),
  status: z.enum(['active', 'past_due']),
  payer_id: id('cpayer'),
  created_at: timestamp,
  updated_at: timestamp,
  active_at: timestamp.nullable(),
  past_due_at: timestamp.nullable(),
  subscription_items: z.array(billingSubscriptionItem),
  next_payment: nextPayment,
  eligible_for_free_trial: z.boolean(),
});
export const billingCheckout = z.strictObject({
  object: z.literal('commerce_checkout'),
  id: id('chk'),
  plan: billingPlan,
  plan_period: z.enum(['month', 'annual']),
  payer: billingPayer,
  /** LIBRARY_READ: clerk-js's BillingCheckout reads the client secret; empty, as no Stripe payment is involved offline. */
  external_client_secret: z.literal(''),
  external_gateway_id: z.string(),
  status: z.enum(['needs_confirmation', 'completed']),
  totals: z.strictObject({
    subtotal: billingFee,
    base_fee: billingFee,
    tax_total: billingFee,
    grand_total: billingFee,
    total_due_after_free_trial: billingFee.nullable(),
    total_due_now: billingFee,
    total_due_per_period: billingFee,
    past_due: billingFee.nullable(),
    credit: billingFee.nullable(),
    credits: z.null(),
    discounts: z.null(),
  }),
  plan_period_start: timestamp,
  is_immediate_plan_change: z.boolean(),
  needs_payment_method: z.literal(false),
});
const billingPage = z.strictObject({ data: z.array(z.never()), total_count: z.literal(0) });

/** The Backend API's subscription: the Frontend API's with the payer. */
const backendBillingSubscription = billingSubscription.extend({ payer: billingPayer });

// Webhook payloads (webhooks/2025-04-15.yml)
const webhookPayer = z.strictObject({
  object: z.literal('commerce_payer'),
  id: id('cpayer'),
  instance_id: id('ins'),
  user_id: id('user').nullable(),
  first_name: z.string().nullable(),
  last_name: z.string().nullable(),
  email: z.string().nullable(),
  /** Empty for a user's own subscription, as in Clerk's examples. */
  organization_id: z.string(),
  organization_name: z.string(),
  image_url: z.string(),
  created_at: timestamp.optional(),
  updated_at: timestamp.optional(),
});
const webhookPlan = z.strictObject({
  id: id('cplan'),
  slug: z.string(),
  name: z.string(),
  is_recurring: z.boolean(),
  amount: z.number().int(),
  currency: z.string(),
});
const webhookItemFields = {
  object: z.literal('commerce_subscription_item'),
  id: id('csub_item'),
  status: itemStatus,
  is_free_trial: z.boolean(),
  created_at: timestamp,
  updated_at: timestamp,
  period_start: timestamp,
  period_end: timestamp.nullable(),
  /** SERVER_SENDS: Clerk's items carry `canceled_at` (the payment attempt example's items do). */
  canceled_at: timestamp.nullable(),
  interval: z.enum(['month', 'annual']),
  plan_id: id('cplan'),
  plan: webhookPlan,
  subscription_id: id('csub'),
};
export const webhookSubscriptionItem = z.strictObject({ ...webhookItemFields, payer: webhookPayer });
export const webhookSubscription = z.strictObject({
  object: z.literal('commerce_subscription'),
  id: id('csub'),
  status: z.enum(['active', 'past_due', 'canceled', 'ended', 'abandoned', 'incomplete']),
  active_at: timestamp.nullable(),
  canceled_at: timestamp.nullable(),
  created_at: timestamp,
  ended_at: timestamp.nullable(),
  past_due_at: timestamp.nullable(),
  updated_at: timestamp,
  latest_payment_id: z.string().nullable(),
  payer_id: id('cpayer'),
  payer: webhookPayer,
  payment_source_id: z.string().nullable(),
  items: z.array(z.strictObject(webhookItemFields)),
});
export const webhookPaymentAttempt = z.strictObject({
  id: id('pa'),
  instance_id: id('ins'),
  payment_id: id('cpa'),
  statement_id: id('stmt'),
  gateway_external_id: z.string(),
  status: z.enum(['pending', 'paid', 'failed']),
  created_at: timestamp,
  updated_at: timestamp,
  paid_at: timestamp.nullable(),
  failed_at: timestamp.nullable(),
  failed_reason: z.null(),
  billing_date: timestamp,
  charge_type: z.enum(['checkout', 'recurring']),
  payee: z.strictObject({ id: z.string(), gateway_type: z.string(), gateway_external_id: z.string(), gateway_status: z.string() }),
  payer: webhookPayer,
  totals: z.strictObject({ subtotal: billingFee, tax_total: billingFee, grand_total: billingFee }),
  payment_source: z.strictObject({
    id: z.string(),
    gateway: z.string(),
    gateway_external_id: z.string(),
    gateway_external_account_id: z.string().nullable(),
    payment_method: z.enum(['card', 'link']),
    status: z.enum(['active', 'disconnected']),
    card_type: z.string().nullable(),
    last4: z.string().nullable(),
  }),
  subscription_items: z.array(z.strictObject(webhookItemFields)),
});

export const billing = {
  plan: billingPlan,
  plans: listOf(billingPlan),
  subscription: withClient(billingSubscription),
  subscriptionItem: withClient(billingSubscriptionItem),
  checkout: withClient(billingCheckout),
  emptyPage: withClient(billingPage),
  backendPlans: listOf(billingPlan),
  backendSubscription: backendBillingSubscription,
  backendSubscriptionItem: billingSubscriptionItem,
  backendSubscriptionItems: listOf(billingSubscriptionItem.extend({ payer: billingPayer })),
};

// Webhooks: the envelope, with the Backend API object as `data`

const event = <T extends z.ZodType>(type: string, data: T) =>
  z.strictObject({
    object: z.literal('event'),
    type: z.literal(type),
    data,
    /** SERVER_SENDS: milliseconds, as Clerk's deliveries do (the published examples show seconds). */
    timestamp,
    instance_id: id('ins'),
    event_attributes: z.strictObject({ http_request: z.strictObject({ client_ip: z.string(), user_agent: z.string() }) }).optional(),
  });

/** Session webhooks carry the session and its user (the spec's SessionEventPayload). */
const sessionEvent = sessionEventBase.extend({ user: backendUser });

export const webhooks: Record<string, z.ZodType> = {
  'user.created': event('user.created', backendUser),
  'user.updated': event('user.updated', backendUser),
  'user.deleted': event('user.deleted', deletedObject('user', 'user')),
  'organization.created': event('organization.created', backendOrganization),
  'organization.updated': event('organization.updated', backendOrganization),
  'organization.deleted': event('organization.deleted', deletedObject('organization', 'org')),
  'organizationMembership.created': event('organizationMembership.created', backendMembership),
  'organizationMembership.updated': event('organizationMembership.updated', backendMembership),
  'organizationMembership.deleted': event('organizationMembership.deleted', backendMembership),
  'organizationInvitation.created': event('organizationInvitation.created', backendInvitation),
  // Clerk's published example adds who accepted (the spec's extra `data` member contradicts its own example, which has none).
  'organizationInvitation.accepted': event('organizationInvitation.accepted', backendInvitation.extend({ user_id: id('user') })),
  'organizationInvitation.revoked': event('organizationInvitation.revoked', backendInvitation),
  'session.created': event('session.created', sessionEvent),
  'session.ended': event('session.ended', sessionEvent),
  'session.removed': event('session.removed', sessionEvent),
  'session.revoked': event('session.revoked', sessionEvent),
  'subscription.created': event('subscription.created', webhookSubscription),
  'subscription.updated': event('subscription.updated', webhookSubscription),
  'subscriptionItem.active': event('subscriptionItem.active', webhookSubscriptionItem),
  'subscriptionItem.canceled': event('subscriptionItem.canceled', webhookSubscriptionItem),
  'subscriptionItem.upcoming': event('subscriptionItem.upcoming', webhookSubscriptionItem),
  'subscriptionItem.ended': event('subscriptionItem.ended', webhookSubscriptionItem),
  'subscriptionItem.abandoned': event('subscriptionItem.abandoned', webhookSubscriptionItem),
  'paymentAttempt.created': event('paymentAttempt.created', webhookPaymentAttempt),
  'paymentAttempt.updated': event('paymentAttempt.updated', webhookPaymentAttempt),
};

import type { BillingEvent } from './billing-records';
/** The store's records: Clerk's resources as the stand-in keeps them (camelCase, milliseconds). */

export type Metadata = Record<string, unknown>;

export interface EmailAddressRecord {
  id: string;
  emailAddress: string;
  createdAt: number;
  /** An address added in the user's profile, verified by email code; absent: verified when the user was created (sign-up, seed, Backend API). */
  verification?: VerificationRecord | null;
  updatedAt?: number;
}

/** An account at a social provider linked to the user (Clerk's external account). */
export interface ExternalAccountRecord {
  id: string;
  /** `oauth_google`, `oauth_github`, ..., or `enterprise_sso` */
  strategy: string;
  providerUserId: string;
  emailAddress: string;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  createdAt: number;
}

/** `POST /v1/me/external_accounts`: the account's id, already given to clerk-js, and where the provider sends the browser back. */
export interface PendingConnectionRecord {
  id: string;
  strategy: `oauth_${string}`;
  state: string;
  redirectUrl: string;
  createdAt: number;
  expireAt: number;
}

export interface UserRecord {
  id: string;
  emailAddresses: EmailAddressRecord[];
  /** Base32 secret of an enrolled authenticator app (TOTP second factor). */
  totpSecret?: string | null;
  /** Backup codes (sha-256 digests); a used one is removed. */
  backupCodeDigests?: string[];
  /** An authenticator app being added in the user profile: its secret until a code of it is verified. */
  pendingTotp?: { id: string; secret: string; createdAt: number } | null;
  /** When the user last turned a second factor on, or off (Clerk's `mfa_enabled_at`, `mfa_disabled_at`). */
  mfaEnabledAt?: number | null;
  mfaDisabledAt?: number | null;
  /** Provider accounts being connected in the user profile, until the provider's page answers. */
  pendingConnections?: PendingConnectionRecord[];
  /** Absent in stores written before social sign-in existed. */
  externalAccounts?: ExternalAccountRecord[];
  primaryEmailAddressId: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  passwordDigest: string | null;
  /** When the user last changed their password (ms); absent: never. */
  passwordUpdatedAt?: number | null;
  /** Marked compromised through the Backend API (`set_compromised`): the next password sign-in must reset it. */
  passwordCompromised?: boolean;
  externalId: string | null;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  unsafeMetadata: Metadata;
  /** An uploaded profile image (served by the Frontend API); none: initials. */
  imageId?: string | null;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  slug: string;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  maxAllowedMemberships: number;
  /** An uploaded logo (served by the Frontend API); none: initials. */
  imageId?: string | null;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface MembershipRecord {
  id: string;
  organizationId: string;
  userId: string;
  /** A key of the instance's organization roles (`org:admin`, ...). */
  role: string;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  createdAt: number;
  updatedAt: number;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface InvitationRecord {
  id: string;
  organizationId: string;
  emailAddress: string;
  role: string;
  status: InvitationStatus;
  inviterUserId: string | null;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
  /** The secret of the invitation's link (`__clerk_ticket`); absent in stores written before tickets. */
  ticket?: string;
}

/** The browser behind a client, as its latest request showed it: the sessions' `latest_activity`. */
export interface ClientActivity {
  id: string;
  userAgent: string;
  ipAddress: string;
}

export interface ClientRecord {
  id: string;
  /** The value of the client cookie: a secret, unlike the id the browser sees. */
  cookie: string;
  activity?: ClientActivity;
  signInId: string | null;
  signUpId: string | null;
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export type SessionStatus = 'active' | 'ended' | 'removed' | 'revoked';

export interface SessionRecord {
  id: string;
  clientId: string;
  userId: string;
  status: SessionStatus;
  lastActiveOrganizationId: string | null;
  firstFactorVerifiedAt: number;
  /** When a second factor was last verified (ms); none without one. */
  secondFactorVerifiedAt?: number | null;
  /** A reverification in progress (Clerk's session verification), if any. */
  verification?: SessionVerificationRecord | null;
  /** Signed in with a password marked compromised: `reset-password` is due while the user's password stays compromised. */
  passwordResetDue?: boolean;
  /** Impersonation: who signed in as this user (an actor token's `actor`); the token's `act` claim. */
  actor?: ({ sub: string } & Record<string, unknown>) | null;
  lastActiveAt: number;
  expireAt: number;
  abandonAt: number;
  createdAt: number;
  updatedAt: number;
}

/** A session task's key (@clerk/shared's `SessionTask['key']`), in the order the stand-in asks for them. */
export type SessionTaskKey = 'reset-password' | 'setup-mfa' | 'choose-organization';

export type VerificationLevel = 'first_factor' | 'second_factor' | 'multi_factor';

export interface SessionVerificationRecord {
  id: string;
  level: VerificationLevel;
  status: 'needs_first_factor' | 'needs_second_factor' | 'complete';
  firstFactorVerification: VerificationRecord | null;
  secondFactorVerification?: VerificationRecord | null;
}

/** `oauth_<provider>` for social sign-in. */
export type FactorStrategy = 'password' | 'email_code' | 'ticket' | 'enterprise_sso' | 'totp' | 'backup_code' | `oauth_${string}`;

/**
 * How long a prepared email code stays valid (also how long after it an address verified
 * at sign-up shows its code's expiry). Here, not in fapi/codes.ts, so serializers need no Frontend API module.
 */
export const CODE_LIFETIME = 10 * 60_000;

export interface VerificationRecord {
  strategy: FactorStrategy;
  /** `transferable`: the provider's account is unknown here (sign-in) or already known (sign-up); the other attempt takes over. */
  status: 'unverified' | 'verified' | 'failed' | 'transferable';
  attempts: number;
  expireAt: number;
  /** The provider's consent page (social sign-in, while unverified). */
  externalVerificationRedirectUrl?: string;
  /** Clerk's error code on a transferable verification (`external_account_not_found`, `external_account_exists`). */
  errorCode?: string;
}

/** A social sign-in or sign-up in progress: where the provider sends the browser back, and what it returned. */
export interface OAuthFlowRecord {
  /** The `state` the consent page carries back: a secret, unlike the attempt's id. */
  state: string;
  redirectUrl: string;
  actionCompleteRedirectUrl: string | null;
  /** The provider's account once the consent page answered. */
  account: Omit<ExternalAccountRecord, 'id' | 'createdAt'> | null;
}

export interface SignInRecord {
  id: string;
  clientId: string;
  identifier: string | null;
  userId: string | null;
  firstFactorVerification: VerificationRecord | null;
  oauth?: OAuthFlowRecord;
  secondFactorVerification?: VerificationRecord | null;
  createdSessionId: string | null;
  createdAt: number;
  abandonAt: number;
}

export interface SignUpRecord {
  id: string;
  clientId: string;
  emailAddress: string | null;
  firstName: string | null;
  lastName: string | null;
  passwordDigest: string | null;
  unsafeMetadata: Metadata;
  emailVerification: VerificationRecord | null;
  /** Social sign-up: the provider's verification and flow. */
  externalAccountVerification?: VerificationRecord;
  oauth?: OAuthFlowRecord;
  /** The invitation whose ticket started this sign-up: accepted when the user is created. */
  invitationId?: string | null;
  createdUserId: string | null;
  createdSessionId: string | null;
  createdAt: number;
  abandonAt: number;
}

export type SignInTokenStatus = 'pending' | 'accepted' | 'revoked';

/** A ticket that signs its user in once (Backend API `sign_in_tokens`). */
export interface SignInTokenRecord {
  id: string;
  userId: string;
  /** The secret the `ticket` strategy takes: `?__clerk_ticket=` in links. */
  token: string;
  status: SignInTokenStatus;
  expiresAt: number;
  createdAt: number;
  updatedAt: number;
}

/** An API key (Backend API `api_keys`): a user's or an organization's, verified by its secret. */
export interface ApiKeyRecord {
  id: string;
  /** `user_…` or `org_…`. */
  subject: string;
  name: string;
  description: string | null;
  scopes: string[];
  claims: Record<string, unknown> | null;
  /** What a caller presents (`ak_…`); Clerk keeps it for `GET /v1/api_keys/<id>/secret`. */
  secret: string;
  createdBy: string | null;
  revoked: boolean;
  revocationReason: string | null;
  /** Milliseconds; null never expires. */
  expiration: number | null;
  lastUsedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export type ActorTokenStatus = 'pending' | 'accepted' | 'revoked';

/** A ticket that signs `userId` in on behalf of `actor.sub` (Backend API `actor_tokens`): the session's token carries `act`. */
export interface ActorTokenRecord {
  id: string;
  userId: string;
  actor: { sub: string } & Record<string, unknown>;
  token: string;
  status: ActorTokenStatus;
  expiresAt: number;
  /** How long the session it creates may last. */
  sessionMaxDurationSeconds: number;
  createdAt: number;
  updatedAt: number;
}

/** A token `@clerk/testing` appends to Frontend API requests as `__clerk_testing_token`. */
export interface TestingTokenRecord {
  token: string;
  expiresAt: number;
}

/** A change Clerk would announce with a webhook; listeners run synchronously, before the next change. */
export type StoreEvent =
  | { type: 'user.created' | 'user.updated' | 'user.deleted'; user: UserRecord }
  | { type: 'organization.created' | 'organization.updated' | 'organization.deleted'; organization: OrganizationRecord }
  | {
      type: 'organizationMembership.created' | 'organizationMembership.updated' | 'organizationMembership.deleted';
      membership: MembershipRecord;
    }
  | {
      type: 'organizationInvitation.created' | 'organizationInvitation.accepted' | 'organizationInvitation.revoked';
      invitation: InvitationRecord;
    }
  | { type: 'session.created' | 'session.ended' | 'session.removed' | 'session.revoked'; session: SessionRecord }
  | BillingEvent;

export type StoreEventType = StoreEvent['type'];

export type Emit = (event: StoreEvent) => void;

const isPlainObject = (value: unknown): value is Metadata => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Clerk's metadata merge: nested objects merge, `null` removes a key, anything else replaces. */
export function mergeMetadata(current: Metadata, patch: Metadata): Metadata {
  const result: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isPlainObject(value) && isPlainObject(result[key])) result[key] = mergeMetadata(result[key] as Metadata, value);
    else result[key] = value;
  }
  return result;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

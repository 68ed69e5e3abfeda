/** Sign-up attempts (the Frontend API's `sign_up_attempt`) and the fields they still miss. */
import type * as Frontend from '@clerk/shared/types';
import type { SignUpRecord } from '../store';
import { verificationJSON } from './verification';

const SIGN_UP_REQUIRED_FIELDS = ['email_address', 'password', 'first_name', 'last_name'] as const;

export function signUpMissingFields(signUp: SignUpRecord): Frontend.SignUpField[] {
  // A provider's account stands in for the password, as in Clerk.
  const social = signUp.externalAccountVerification?.status === 'verified';
  const present = {
    email_address: signUp.emailAddress,
    password: signUp.passwordDigest ?? (social || null),
    first_name: signUp.firstName,
    last_name: signUp.lastName,
  };
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
      ? {
          email_address: null,
          phone_number: null,
          web3_wallet: null,
          external_account: { ...verificationJSON(external), next_action: '', supported_strategies: [] },
        }
      : {
          email_address: signUp.emailAddress ? signUpEmailVerificationJSON(signUp) : null,
          phone_number: null,
          web3_wallet: null,
          external_account: null,
        },
  };
}

/** Verifications (of an address, a sign-in's factor, a linked account) as both APIs send them. */
import type * as Frontend from '@clerk/shared/types';
import type { VerificationRecord } from '../store';

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
export function verificationCoreJSON(verification: VerificationRecord) {
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
      ? {
          error: {
            code: verification.errorCode,
            message: VERIFICATION_ERRORS[verification.errorCode] ?? verification.errorCode,
            long_message: VERIFICATION_ERRORS[verification.errorCode] ?? '',
            meta: {},
          },
        }
      : {}),
  };
}

export function verificationJSON(verification: VerificationRecord): Frontend.VerificationJSON & { object: string } {
  return { ...verificationCoreJSON(verification), verified_at_client: '' } as Frontend.VerificationJSON & { object: string };
}

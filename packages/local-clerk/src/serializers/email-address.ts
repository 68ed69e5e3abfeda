/** Email addresses: in both APIs' users, and alone from the Frontend API's `/v1/me/email_addresses`. */
import type * as Frontend from '@clerk/shared/types';
import { CODE_LIFETIME, type EmailAddressRecord, type VerificationRecord } from '../store';
import { verificationJSON } from './verification';

/**
 * An address's verification: its own once added in the profile (`null` before a code is prepared);
 * otherwise it was verified by email code when the user was created (the code's expiry then lies shortly after).
 */
const emailVerification = (address: EmailAddressRecord): VerificationRecord | null =>
  address.verification !== undefined
    ? address.verification
    : { strategy: 'email_code', status: 'verified', attempts: 1, expireAt: address.createdAt + CODE_LIFETIME };

export const emailVerificationJSON = <T>(address: EmailAddressRecord, toJSON: (verification: VerificationRecord) => T): T | null => {
  const verification = emailVerification(address);
  return verification ? toJSON(verification) : null;
};

/** Email addresses carry `reserved` and their own timestamps (both APIs). */
export interface EmailAddressWire {
  reserved: boolean;
  created_at: number;
  updated_at: number;
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

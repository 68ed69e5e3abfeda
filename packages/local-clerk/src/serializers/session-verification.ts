/** A session's reverification (`session_reverification`). */
import type * as Frontend from '@clerk/shared/types';
import type { LocalClerkStore, SessionRecord } from '../store';
import { maskEmail, secondFactorsOf } from './factors';
import { verificationJSON } from './verification';

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
      ...(email
        ? [{ strategy: 'email_code', email_address_id: email.id, safe_identifier: maskEmail(email.emailAddress), primary: true }]
        : []),
    ],
    supported_second_factors: secondFactorsOf(user),
    first_factor_verification: verification.firstFactorVerification ? verificationJSON(verification.firstFactorVerification) : null,
    second_factor_verification: verification.secondFactorVerification ? verificationJSON(verification.secondFactorVerification) : null,
  };
}

/** Sign-in attempts (the Frontend API's `sign_in_attempt`). */
import type * as Frontend from '@clerk/shared/types';
import type { LocalClerkStore, SignInRecord } from '../store';
import { maskEmail, secondFactorsOf } from './factors';
import { userImage } from './images';
import { verificationJSON } from './verification';

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
      ? {
          first_name: user.firstName ?? undefined,
          last_name: user.lastName ?? undefined,
          image_url: userImage(store, user),
          has_image: Boolean(user.imageId),
        }
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

/**
 * Step-up policy for sensitive operations (changing a user's role).
 *
 * Clerk's session token carries `fva: [firstFactorAgeMinutes, secondFactorAgeMinutes]`,
 * with -1 for a factor the user has not verified in this session (no second
 * factor configured). Policy:
 * - a user who HAS a second factor must have verified it within the last
 *   `maxAgeMinutes`, or the operation answers 403 `reverification_required`;
 * - a user without a second factor is not blocked (there is nothing to step up
 *   to; requiring MFA for admins is a separate, stricter policy you can enable
 *   in Clerk's dashboard).
 * - a session without a usable `fva` claim is asked to reverify.
 */
export const STEP_UP_MAX_AGE_MINUTES = 10;

const isAge = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && (value === -1 || value >= 0);

export function isReverificationRequired(fva: unknown, maxAgeMinutes = STEP_UP_MAX_AGE_MINUTES): boolean {
  if (!Array.isArray(fva) || fva.length !== 2 || !isAge(fva[0]) || !isAge(fva[1])) return true;
  const secondFactorAge = fva[1];
  if (secondFactorAge === -1) return false;
  return secondFactorAge >= maxAgeMinutes;
}

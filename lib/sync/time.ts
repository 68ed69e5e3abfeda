/**
 * Clerk's clock, read in one unit. Clerk's objects stamp `updated_at`,
 * `created_at` and activity times in milliseconds, but its published webhook
 * examples put the envelope `timestamp` in seconds; a stamp read in the wrong
 * unit sorts a 2024 deletion into January 1970. Every stamp the sync reads goes
 * through `toMillis`, so both units order the same way.
 */

/**
 * Below this, a stamp is in seconds: 1e11 s is the year 5138, while 1e11 ms is
 * March 1973, before any Clerk object existed.
 */
export const SECONDS_BELOW = 1e11;

/** A Unix stamp in seconds or milliseconds, as whole milliseconds. */
export const toMillis = (stamp: number): number => Math.round(stamp < SECONDS_BELOW ? stamp * 1000 : stamp);

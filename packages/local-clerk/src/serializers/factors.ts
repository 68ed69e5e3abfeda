/** What sign-ins and reverifications offer a user to verify with. */
import type { UserRecord } from '../store';

/** The second factors a user can verify: their authenticator app, and backup codes while some are left. */
export const secondFactorsOf = (user: UserRecord): Array<{ strategy: 'totp' | 'backup_code' }> =>
  user.totpSecret ? [{ strategy: 'totp' }, ...(user.backupCodeDigests?.length ? [{ strategy: 'backup_code' as const }] : [])] : [];

/** `j***@example.com`, as Clerk masks identifiers in factors. */
export const maskEmail = (email: string) => email.replace(/^(.)[^@]*/, '$1***');

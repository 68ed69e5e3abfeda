/** A user's second factor in `<UserProfile>`: the authenticator app (`totp`) and its backup codes. */
import type * as Frontend from '@clerk/shared/types';
import type { UserRecord } from '../store';

/** An authenticator app (`/v1/me/totp`): its secret and URI only while it is being added, its backup codes only when verified. */
export const totpJSON = (
  totp: NonNullable<UserRecord['pendingTotp']>,
  { verified, uri, backupCodes }: { verified: boolean; uri: string; backupCodes?: string[] },
): Omit<Frontend.TOTPJSON, 'secret' | 'uri'> & { secret: string | null; uri: string | null } => ({
  object: 'totp',
  id: totp.id,
  secret: verified ? null : totp.secret,
  uri: verified ? null : uri,
  verified,
  ...(backupCodes ? { backup_codes: backupCodes } : {}),
  created_at: totp.createdAt,
  updated_at: totp.createdAt,
});

/** New backup codes, shown once (`POST /v1/me/backup_codes`). */
export const backupCodesJSON = (id: string, codes: string[], at: number): Frontend.BackupCodeJSON => ({
  object: 'backup_code',
  id,
  codes,
  created_at: at,
  updated_at: at,
});

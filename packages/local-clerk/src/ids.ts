import { randomBytes } from 'node:crypto';

export type IdPrefix =
  | 'user'
  | 'idn'
  | 'org'
  | 'orgmem'
  | 'orginv'
  | 'client'
  | 'sess'
  | 'sia'
  | 'sua'
  | 'msg'
  | 'eac'
  | 'sitkn'
  | 'img'
  | 'sver'
  | 'sess_activity'
  | 'totp'
  | 'bcode'
  | 'act';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A random base62 string; 27 characters carry ~160 bits, like Clerk's KSUID-style ids. */
export function randomBase62(length = 27): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (const byte of bytes) {
    if (byte >= 248) continue; // 248 = 4 * 62: keep the distribution uniform
    out += ALPHABET[byte % 62];
    if (out.length === length) return out;
  }
  return out + randomBase62(length - out.length);
}

/** A Clerk-style id: `user_2x...`, `org_2x...`. */
export const newId = (prefix: IdPrefix) => `${prefix}_${randomBase62()}`;

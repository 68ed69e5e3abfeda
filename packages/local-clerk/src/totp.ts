/** RFC 6238 time-based one-time passwords (SHA-1, 6 digits, 30 s), as authenticator apps compute them. */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const STEP_SECONDS = 30;

export function base32Decode(secret: string): Buffer {
  const clean = secret.toUpperCase().replace(/[\s=]/g, '');
  let bits = '';
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value < 0) throw new Error(`local-clerk: a TOTP secret is base32 (A-Z, 2-7); ${char} is not`);
    bits += value.toString(2).padStart(5, '0');
  }
  return Buffer.from(bits.match(/.{8}/g)?.map((byte) => parseInt(byte, 2)) ?? []);
}

/** The code for a moment (ms), RFC 4226's dynamic truncation over the 30-second counter. */
export function totpCode(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / STEP_SECONDS)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Accepts the current code and its neighbours (one step of clock drift either way). */
export function verifyTotp(secret: string, code: string, at = Date.now()): boolean {
  return [-1, 0, 1].some((step) => {
    const expected = Buffer.from(totpCode(secret, at + step * STEP_SECONDS * 1000));
    const given = Buffer.from(code.trim());
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}

export const backupCodeDigest = (code: string) => createHash('sha256').update(code.trim().toLowerCase()).digest('hex');

export function base32Encode(bytes: Buffer): string {
  const bits = [...bytes].map((byte) => byte.toString(2).padStart(8, '0')).join('');
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => BASE32[parseInt(chunk.padEnd(5, '0'), 2)]).join('');
}

/** A new authenticator secret: 160 random bits (RFC 4226's recommended key length), base32. */
export const newTotpSecret = () => base32Encode(randomBytes(20));

/** The `otpauth://` URI an authenticator app scans (Key Uri Format): issuer and account label, SHA-1, 6 digits, 30 s. */
export function totpUri(secret: string, issuer: string, account: string): string {
  const params = new URLSearchParams({ secret, issuer, algorithm: 'SHA1', digits: '6', period: String(STEP_SECONDS) });
  return `otpauth://totp/${encodeURIComponent(issuer)}:${encodeURIComponent(account)}?${params}`;
}

const BACKUP_CODE_ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789';

/** Ten single-use backup codes of eight characters (no look-alikes such as l/1, o/0), shown once. */
export const newBackupCodes = () =>
  Array.from({ length: 10 }, () => Array.from({ length: 8 }, () => BACKUP_CODE_ALPHABET[randomInt(BACKUP_CODE_ALPHABET.length)]).join(''));

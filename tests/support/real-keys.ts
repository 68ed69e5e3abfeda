/**
 * Clerk keys in the format a user pastes from the Dashboard (not local mode's),
 * naming a Frontend API host that cannot resolve (RFC 6761 `.invalid`), so
 * nothing can reach Clerk's servers by accident.
 */
import { generateKeyPairSync } from 'node:crypto';

export const REAL_FORMAT_FRONTEND_API = 'clerk.production-check.invalid';

/** An RSA key pair as Clerk's instance has one: the private half signs session tokens, the public half is CLERK_JWT_KEY. */
export const signingKeyPair = () =>
  generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

export function realFormatKeys(kind: 'live' | 'test' = 'live', { publicKey } = signingKeyPair()) {
  return {
    NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: `pk_${kind}_${Buffer.from(`${REAL_FORMAT_FRONTEND_API}$`).toString('base64')}`,
    CLERK_SECRET_KEY: `sk_${kind}_${'x'.repeat(40)}`,
    CLERK_JWT_KEY: publicKey,
    CLERK_WEBHOOK_SIGNING_SECRET: `whsec_${Buffer.from('production-check-secret-0123456789').toString('base64')}`,
  };
}

import { generateKeyPair, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { LOCAL_FRONTEND_API_HOST } from '@/lib/env/mode';
import { randomBase62 } from './ids';

export { LOCAL_FRONTEND_API_HOST };

const keysSchema = z.object({
  publishableKey: z.string().startsWith('pk_live_'),
  secretKey: z.string().startsWith('sk_live_'),
  jwtPublicKey: z.string().includes('BEGIN PUBLIC KEY'),
  jwtPrivateKey: z.string().includes('BEGIN PRIVATE KEY'),
  kid: z.string().min(1),
  webhookSecret: z.string().startsWith('whsec_'),
});

export type LocalClerkKeys = z.infer<typeof keysSchema>;

export const localClerkDir = (dataDir: string) => path.join(dataDir, 'local-clerk');

/** A production-style publishable key (`pk_live_` + base64("<host>$")) whose host cannot resolve. */
const publishableKeyFor = (host: string) => `pk_live_${Buffer.from(`${host}$`).toString('base64')}`;

async function generateKeys(): Promise<LocalClerkKeys> {
  // Only RSA-2048 with an SPKI public key verifies in @clerk/backend (see FIELD-NOTES).
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publishableKey: publishableKeyFor(LOCAL_FRONTEND_API_HOST),
    secretKey: `sk_live_${randomBase62(40)}`,
    jwtPublicKey: publicKey,
    jwtPrivateKey: privateKey,
    kid: `ins_local_${randomBase62(20)}`,
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
  };
}

/**
 * Local mode's keys: created on first run into `<dataDir>/local-clerk/keys.json`
 * (mode 0600, git-ignored with the data folder), reused after.
 */
export async function ensureLocalKeys(dataDir: string): Promise<LocalClerkKeys> {
  const file = path.join(localClerkDir(dataDir), 'keys.json');
  try {
    return keysSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable (${(error as Error).message}). Fix: delete it; local mode creates new keys on the next start`);
    }
  }
  const keys = await generateKeys();
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  // Another process may have won the race to create the file: its keys are the keys.
  return keysSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
}

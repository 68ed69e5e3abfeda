import { generateKeyPair, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { randomBase62 } from './ids';

/** The Frontend API host of generated publishable keys unless told otherwise. `.invalid` never resolves (RFC 6761). */
export const DEFAULT_FRONTEND_API_HOST = 'clerk.local-mode.invalid';

const keysSchema = z.object({
  publishableKey: z.string().regex(/^pk_(live|test)_/),
  secretKey: z.string().regex(/^sk_(live|test)_/),
  jwtPublicKey: z.string().includes('BEGIN PUBLIC KEY'),
  jwtPrivateKey: z.string().includes('BEGIN PRIVATE KEY'),
  kid: z.string().min(1),
  webhookSecret: z.string().startsWith('whsec_'),
});

export type LocalClerkKeys = z.infer<typeof keysSchema>;

export const localClerkDir = (dataDir: string) => path.join(dataDir, 'local-clerk');

export interface KeyOptions {
  /** The host the publishable key names: what Clerk's SDKs take for the Frontend API's. */
  frontendApiHost?: string;
  /**
   * `production` (default): `pk_live_`/`sk_live_` keys. `development`: `pk_test_`/`sk_test_`,
   * the keys a Clerk development instance gives; clerk-js then uses the dev-browser flow
   * (`__clerk_db_jwt`), which the Frontend API answers too.
   */
  instanceType?: InstanceType;
}

export type InstanceType = 'production' | 'development';

/** What Clerk's SDKs read from the key's prefix: `pk_test_` is a development instance. */
export const instanceTypeOf = (keys: Pick<LocalClerkKeys, 'publishableKey'>): InstanceType =>
  keys.publishableKey.startsWith('pk_test_') ? 'development' : 'production';

/** The host a publishable key names (`pk_<live|test>_` + base64 of `<host>$`): what Clerk's SDKs take for the Frontend API's. */
export const frontendApiHostOf = (publishableKey: string) =>
  Buffer.from(publishableKey.split('_')[2] ?? '', 'base64')
    .toString()
    .replace(/\$$/, '');

/** `pk_<live|test>_` + base64("<host>$"), as Clerk's keys are made. */
const publishableKeyFor = (host: string, prefix: string) => `pk_${prefix}_${Buffer.from(`${host}$`).toString('base64')}`;

async function generateKeys({
  frontendApiHost = DEFAULT_FRONTEND_API_HOST,
  instanceType = 'production',
}: KeyOptions): Promise<LocalClerkKeys> {
  const prefix = instanceType === 'development' ? 'test' : 'live';
  // Only RSA-2048 with an SPKI public key verifies in @clerk/backend (see FIELD-NOTES).
  const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return {
    publishableKey: publishableKeyFor(frontendApiHost, prefix),
    secretKey: `sk_${prefix}_${randomBase62(40)}`,
    jwtPublicKey: publicKey,
    jwtPrivateKey: privateKey,
    kid: `ins_local_${randomBase62(20)}`,
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
  };
}

/** Keys from a file written by `ensureLocalKeys` (or by hand, in the same shape). */
export async function readKeys(file: string): Promise<LocalClerkKeys> {
  const parsed = keysSchema.safeParse(JSON.parse(await fs.readFile(file, 'utf8')));
  if (!parsed.success)
    throw new Error(`${file}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

/**
 * The stand-in's keys: created on first run into `<dataDir>/local-clerk/keys.json`
 * (mode 0600, git-ignored with the data folder), reused after. The options
 * apply only when the keys are created.
 */
export async function ensureLocalKeys(dataDir: string, options: KeyOptions = {}): Promise<LocalClerkKeys> {
  const file = path.join(localClerkDir(dataDir), 'keys.json');
  try {
    return keysSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`${file} is unreadable (${(error as Error).message}). Fix: delete it; new keys are created on the next start`);
    }
  }
  const keys = await generateKeys(options);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs
    .writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' })
    .catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  // Another process may have won the race to create the file: its keys are the keys.
  return keysSchema.parse(JSON.parse(await fs.readFile(file, 'utf8')));
}

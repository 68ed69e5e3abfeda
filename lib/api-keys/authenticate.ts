import 'server-only';
import { createHash } from 'node:crypto';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { clerkClient } from '@clerk/nextjs/server';
import { and, eq, isNull } from 'drizzle-orm';
import type { SessionContext } from '@/lib/auth/session';
import { DEFAULT_KEY_SCOPES, isAppRole, isOrgRole, isScope, type Scope } from '@/lib/auth/permissions';
import { defaultEntitlements } from '@/lib/billing/plans';
import type { Database } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { limitAction } from '@/lib/actions/limits';
import { API_KEY_PATTERN } from '@/lib/auth/bearer';

/**
 * How long a successful verification is reused: each verification is a call to Clerk's Backend
 * API, which Clerk bills. It is also how long a revoked key, or a creator's lost role, may still
 * be honoured by an instance that verified it before (docs/api-keys.md).
 */
export const API_KEY_CACHE_TTL_MS = 30_000;

/** The fields of Clerk's APIKey the app reads. */
export interface VerifiedApiKey {
  id: string;
  name: string;
  subject: string;
  scopes: string[];
  createdBy: string | null;
}

const invalid = () => new AppError('api_key_invalid', 'This API key is unknown, revoked or expired.');
const unsynced = () =>
  new AppError('not_synced', "This key's organization or creator has not reached the app yet (Clerk's webhook). Try again shortly.");

/** Clerk's verification: one Backend API call. Unknown, revoked and expired keys all answer 404. */
async function verifyWithClerk(secret: string): Promise<VerifiedApiKey> {
  try {
    const key = await (await clerkClient()).apiKeys.verify(secret);
    return { id: key.id, name: key.name, subject: key.subject, scopes: key.scopes, createdBy: key.createdBy };
  } catch (error) {
    if (isClerkAPIResponseError(error) && error.status === 404) throw invalid();
    throw error;
  }
}

/**
 * The session a verified key stands for. Its roles are its creator's, read now from the
 * database (an organization key: the creator's app role and role in that organization; a user
 * key: the user's app role), and its scopes bound them: a key never does more than its creator
 * may, nor more than its scopes say. An organization key's tenant is its subject, never the request's.
 */
export async function sessionOfKey(db: Database, key: VerifiedApiKey): Promise<SessionContext> {
  const orgId = key.subject.startsWith('org_') ? key.subject : null;
  const userId = orgId ? key.createdBy : key.subject;
  if (!userId) throw invalid();
  const [user] = await db.select({ role: users.role, deletedAt: users.deletedAt }).from(users).where(eq(users.id, userId));
  // Clerk knows the key, so its creator and organization exist there: missing here, the webhook has not brought them yet.
  if (!user) throw unsynced();
  if (user.deletedAt) throw invalid();
  let organization: { slug: string | null; orgRole: string | null } | null = null;
  if (orgId) {
    const [row] = await db
      .select({ slug: organizations.slug, orgRole: memberships.role, deletedAt: organizations.deletedAt })
      .from(organizations)
      .leftJoin(
        memberships,
        and(
          eq(memberships.organizationId, organizations.id),
          eq(memberships.userId, userId),
          isNull(memberships.deletedAt),
          isNull(memberships.endedAt),
        ),
      )
      .where(eq(organizations.id, orgId));
    if (!row) throw unsynced();
    if (row.deletedAt) throw invalid();
    organization = row;
  }
  const scopes: Scope[] = key.scopes.length ? key.scopes.filter(isScope) : [...DEFAULT_KEY_SCOPES];
  return {
    userId,
    role: isAppRole(user.role) ? user.role : null,
    orgId,
    orgSlug: organization?.slug ?? null,
    orgRole: isOrgRole(organization?.orgRole) ? organization.orgRole : null,
    scopes,
    entitlements: defaultEntitlements(Boolean(orgId)),
    // A key has no session to reverify: sensitive operations that ask for it are refused.
    has: () => false,
    actor: { type: 'api_key', id: key.id, name: key.name },
  };
}

const cache = new Map<string, { session: SessionContext; expiresAt: number }>();
/** Bounded: a flood of valid keys cannot grow it without end (the oldest entry goes first). */
const CACHE_ENTRIES = 10_000;

/**
 * The session of an `ak_…` secret: from the cache for API_KEY_CACHE_TTL_MS after a successful
 * verification, else verified by Clerk and resolved against the database. Only successes are
 * cached; the middleware's rate limit (by key prefix and address) bounds the rest.
 */
export async function authenticateApiKey(db: Database, secret: string, address: string | null, now = Date.now()): Promise<SessionContext> {
  if (!API_KEY_PATTERN.test(secret)) throw new AppError('api_key_malformed', 'This is not an API key.');
  const digest = createHash('sha256').update(secret).digest('hex');
  const cached = cache.get(digest);
  if (cached && cached.expiresAt > now) return cached.session;
  cache.delete(digest);
  // Made-up keys with ever new prefixes pass the middleware's per-prefix limit: Clerk is asked at most
  // this often per caller address (without a trusted proxy, for all callers together).
  const counted = await limitAction('apiKeyVerifications', address ?? 'anonymous');
  if (counted && !counted.success)
    throw new AppError('rate_limited', 'Too many API key verifications from this address. Try again shortly.');
  const session = await sessionOfKey(db, await verifyWithClerk(secret));
  if (cache.size >= CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(digest, { session, expiresAt: now + API_KEY_CACHE_TTL_MS });
  return session;
}

/** Forgets every cached verification (tests; a deliberate revocation sweep). */
export const clearApiKeyCache = () => cache.clear();

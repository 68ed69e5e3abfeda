import { and, eq, isNull, sql } from 'drizzle-orm';
import type { User as ClerkUser } from '@clerk/nextjs/server';
import { isAppRole, type AppRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { users, type User } from '@/lib/db/schema';
import type { UserJSON } from './events';
import { inheritParentTombstones } from './memberships';
import { versionedWriter } from './versioned';

export interface UserSnapshot {
  id: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  role: AppRole;
  updatedAt: number;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
}

/** The fields of @clerk/backend's `User` (what `currentUser()` and the Backend API return) that the mirror keeps. */
export type ClerkUserResource = Pick<
  ClerkUser,
  'id' | 'primaryEmailAddressId' | 'firstName' | 'lastName' | 'imageUrl' | 'publicMetadata' | 'updatedAt' | 'lastSignInAt' | 'lastActiveAt'
> & { emailAddresses: readonly { id: string; emailAddress: string }[] };

/** The app role lives in Clerk's `publicMetadata.role`; anything that is not a known role reads as member. */
export const appRoleFrom = (metadata: { role?: unknown } | null | undefined): AppRole =>
  isAppRole(metadata?.role) ? metadata.role : 'member';

export const userFromJSON = (json: UserJSON): UserSnapshot => ({
  id: json.id,
  email: json.email_addresses.find((address) => address.id === json.primary_email_address_id)?.email_address ?? null,
  firstName: json.first_name ?? null,
  lastName: json.last_name ?? null,
  imageUrl: json.image_url ?? null,
  role: appRoleFrom(json.public_metadata),
  updatedAt: json.updated_at,
  lastSignInAt: json.last_sign_in_at ?? null,
  lastActiveAt: json.last_active_at ?? null,
});

export const userFromResource = (user: ClerkUserResource): UserSnapshot => ({
  id: user.id,
  email: user.emailAddresses.find((address) => address.id === user.primaryEmailAddressId)?.emailAddress ?? null,
  firstName: user.firstName,
  lastName: user.lastName,
  imageUrl: user.imageUrl || null,
  role: appRoleFrom(user.publicMetadata),
  updatedAt: user.updatedAt,
  lastSignInAt: user.lastSignInAt,
  lastActiveAt: user.lastActiveAt,
});

// Final tombstones: Clerk never reuses a user id.
const writeUserRows = versionedWriter(users, ['id'], 'final');

export async function writeUser(tx: Database, user: UserSnapshot): Promise<boolean> {
  return (await writeUsers(tx, [user])) > 0;
}

/** Many users, in order, as writeUser would write them one by one: returns how many profiles changed. */
export async function writeUsers(tx: Database, snapshots: readonly UserSnapshot[]): Promise<number> {
  const changed = await writeUserRows(
    tx,
    snapshots.map(({ id, email, firstName, lastName, imageUrl, role, updatedAt }) => ({
      values: { id, email, firstName, lastName, imageUrl, role },
      version: { version: updatedAt, deleted: false },
    })),
  );
  await recordUsersActivity(tx, snapshots);
  return changed;
}

/**
 * Tombstones the user and their memberships. Personal data is cleared: the
 * app keeps no profile of a deleted user, and a deletion that arrives before
 * the user's other events ends in the same row as one that arrives after them.
 */
export async function deleteUser(tx: Database, id: string, version: number): Promise<boolean> {
  const scrubbed = {
    id,
    email: null,
    firstName: null,
    lastName: null,
    imageUrl: null,
    role: 'member',
    lastSignInAt: null,
    lastActiveAt: null,
  };
  const changed = await writeUserRows(tx, [{ values: scrubbed, version: { version, deleted: true } }]);
  await inheritParentTombstones(tx, { userId: id });
  return changed > 0;
}

export interface UserActivity {
  lastSignInAt: number | null;
  lastActiveAt: number | null;
}

/**
 * Activity only moves forward (greatest value wins), so session and user events
 * may update it in any order; it is kept apart from the versioned profile for that reason.
 */
export async function recordUserActivity(tx: Database, id: string, activity: UserActivity): Promise<boolean> {
  return (await recordUsersActivity(tx, [{ id, ...activity }])) > 0;
}

/** The same for many users in one statement (an id named twice gets the greatest of its values); returns the rows changed. */
export async function recordUsersActivity(tx: Database, activities: readonly (UserActivity & { id: string })[]): Promise<number> {
  const known = activities.filter((activity) => activity.lastSignInAt !== null || activity.lastActiveAt !== null);
  if (!known.length) return 0;
  const param = (values: Array<string | null>) => sql.param(values);
  const incoming = sql`(select id, max(last_sign_in_at) as last_sign_in_at, max(last_active_at) as last_active_at
    from unnest(${param(known.map((activity) => activity.id))}::text[],
      ${param(known.map((activity) => toIso(activity.lastSignInAt)))}::timestamptz[],
      ${param(known.map((activity) => toIso(activity.lastActiveAt)))}::timestamptz[]) as listed(id, last_sign_in_at, last_active_at)
    group by id) as incoming`;
  const lastSignInAt = sql`greatest(${users.lastSignInAt}, incoming.last_sign_in_at)`;
  const lastActiveAt = sql`greatest(${users.lastActiveAt}, incoming.last_active_at)`;
  const updated = await tx
    .update(users)
    .set({ lastSignInAt, lastActiveAt, updatedAt: sql`now()` })
    .from(incoming)
    .where(
      and(
        sql`${users.id} = incoming.id`,
        isNull(users.deletedAt),
        sql`(${users.lastSignInAt} is distinct from ${lastSignInAt} or ${users.lastActiveAt} is distinct from ${lastActiveAt})`,
      ),
    )
    .returning({ id: users.id });
  return updated.length;
}

const toIso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * The user's row for a signed-in request, written from `currentUser()` if the
 * webhook has not delivered it yet (or delivered an older version). It goes
 * through the same versioned write as the webhook, so the two never fight:
 * whichever carries the newer `updatedAt` wins. A tombstoned row is returned as
 * is (`deletedAt` set): it is never resurrected from a stale session.
 */
export async function ensureUser(db: Database, user: ClerkUserResource): Promise<User> {
  const [existing] = await db.select().from(users).where(eq(users.id, user.id));
  if (existing && (existing.deletedAt || existing.clerkUpdatedAt >= user.updatedAt)) return existing;
  return db.transaction(async (tx) => {
    await writeUser(tx, userFromResource(user));
    const [row] = await tx.select().from(users).where(eq(users.id, user.id));
    return row!;
  });
}

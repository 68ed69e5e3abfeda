import 'server-only';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { clerkClient } from '@clerk/nextjs/server';
import { inArray } from 'drizzle-orm';
import { isAppRole, type AppRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { auditLog, users } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';

export const IMPERSONATION_STARTED = 'impersonation.started';
export const IMPERSONATION_ENDED = 'impersonation.ended';

/** The ticket is used at once (a sign-in); the session it opens lasts at most Clerk's default for actor sessions. */
const TICKET_SECONDS = 120;
const SESSION_SECONDS = 30 * 60;

/** What impersonation asks of Clerk: the target's app role (from Clerk, not the copy), and an actor token. */
export interface ImpersonationDirectory {
  appRoleOf(userId: string): Promise<AppRole | null>;
  createActorToken(input: { userId: string; actorId: string }): Promise<{ id: string; url: string }>;
}

export const clerkImpersonationDirectory: ImpersonationDirectory = {
  async appRoleOf(userId) {
    try {
      const role = (await (await clerkClient()).users.getUser(userId)).publicMetadata.role;
      return isAppRole(role) ? role : null;
    } catch (error) {
      if (isClerkAPIResponseError(error) && error.status === 404) throw new AppError('not_found', 'There is no such user in Clerk.');
      throw error;
    }
  },
  async createActorToken({ userId, actorId }) {
    const token = await (
      await clerkClient()
    ).actorTokens.create({
      userId,
      actor: { sub: actorId },
      expiresInSeconds: TICKET_SECONDS,
      sessionMaxDurationInSeconds: SESSION_SECONDS,
    });
    if (!token.url) throw new Error('Clerk answered an actor token without its url');
    return { id: token.id, url: token.url };
  },
};

/**
 * An app admin starts acting as `userId`: Clerk's actor token, whose `url` signs the admin in as
 * the user with `act` in the session (the admin's own session ends first). Never as an admin,
 * never as oneself. Audited with both: the admin as actor, the user as target.
 */
export async function startImpersonation(
  db: Database,
  directory: ImpersonationDirectory,
  { actorId, userId }: { actorId: string; userId: string },
): Promise<{ url: string }> {
  if (userId === actorId) throw new AppError('invalid_request', 'You cannot impersonate yourself.');
  if ((await directory.appRoleOf(userId)) === 'admin') throw new AppError('forbidden', 'Admins cannot be impersonated.');
  const token = await directory.createActorToken({ userId, actorId });
  await db.insert(auditLog).values({
    actorId,
    action: IMPERSONATION_STARTED,
    targetType: 'user',
    targetId: userId,
    metadata: { actorTokenId: token.id },
  });
  return { url: token.url };
}

/** The impersonated session ends (the browser signs out next): audited as the user's, with the admin beside. */
export async function endImpersonation(db: Database, { actorId, userId }: { actorId: string; userId: string }): Promise<void> {
  await db.insert(auditLog).values({
    actorId: userId,
    action: IMPERSONATION_ENDED,
    targetType: 'user',
    targetId: userId,
    metadata: { actor: { type: 'impersonator', userId: actorId } },
  });
}

/** Who is who, for the banner: names or emails from the database. */
export async function impersonationLabels(db: Database, ids: { actorId: string; userId: string }) {
  const rows = await db
    .select({ id: users.id, firstName: users.firstName, lastName: users.lastName, email: users.email })
    .from(users)
    .where(inArray(users.id, [ids.actorId, ids.userId]));
  const label = (id: string) => {
    const row = rows.find((candidate) => candidate.id === id);
    const name = [row?.firstName, row?.lastName].filter(Boolean).join(' ');
    return name ? `${name}${row?.email ? ` (${row.email})` : ''}` : (row?.email ?? id);
  };
  return { actor: label(ids.actorId), user: label(ids.userId) };
}

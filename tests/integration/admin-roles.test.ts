/**
 * changeRole against a real database, with Clerk replaced by an in-memory
 * directory: the mirror, the audit log, the last-admin rule (also under
 * concurrency) and convergence with the user.updated webhook's ordering rule.
 */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { changeRole, ROLE_CHANGED_ACTION, type RoleDirectory } from '@/lib/admin/roles';
import type { AppRole } from '@/lib/auth/permissions';
import { auditLog, users } from '@/lib/db/schema';
import { AppError } from '@/lib/errors';
import { userFromResource, writeUser, type ClerkUserResource } from '@/lib/sync/users';
import { createTestDatabase, requirePostgres, type TestDatabase } from '@/tests/support/database';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

/** Clerk's side: users with a version clock, like the real `updated_at`. */
class FakeClerk implements RoleDirectory {
  readonly users = new Map<string, ClerkUserResource>();
  calls: Array<{ userId: string; role: AppRole }> = [];
  failNext = false;
  /** Holds setRole open, so concurrent changes overlap inside it. */
  delayMs = 0;
  private clock = 1_000;

  add(id: string, role: AppRole): ClerkUserResource {
    const user: ClerkUserResource = {
      id,
      primaryEmailAddressId: `idn_${id}`,
      emailAddresses: [{ id: `idn_${id}`, emailAddress: `${id}@example.test` }],
      firstName: id,
      lastName: null,
      imageUrl: '',
      publicMetadata: { role },
      updatedAt: ++this.clock,
      lastSignInAt: null,
      lastActiveAt: null,
    };
    this.users.set(id, user);
    return user;
  }

  async setRole(userId: string, role: AppRole) {
    this.calls.push({ userId, role });
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('Clerk is unavailable');
    }
    const user = this.users.get(userId)!;
    const updated = { ...user, publicMetadata: { ...user.publicMetadata, role }, updatedAt: ++this.clock };
    this.users.set(userId, updated);
    return updated;
  }
}

let clerk: FakeClerk;
let seq = 0;
/** Unique ids per test: the database is shared by the file. */
const id = (name: string) => `user_${name}${seq}`;

/** A user in Clerk and, as the webhook would have written it, in the mirror. */
async function seed(name: string, role: AppRole) {
  const user = clerk.add(id(name), role);
  await writeUser(database.db, userFromResource(user));
  return user.id;
}

const row = async (userId: string) => (await database.db.select().from(users).where(eq(users.id, userId)))[0]!;
const audits = (userId: string) =>
  database.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, ROLE_CHANGED_ACTION)));
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => null,
    (error: unknown) => error,
  );

beforeEach(async () => {
  seq += 1;
  clerk = new FakeClerk();
  // Other tests' admins stay in the shared database: demote them so each test counts its own.
  await database.db.update(users).set({ role: 'member' }).where(eq(users.role, 'admin'));
});

describe('changeRole', () => {
  it('updates Clerk, the mirror (through the versioned write) and the audit log', async () => {
    const actor = await seed('actor', 'admin');
    const target = await seed('target', 'member');

    const result = await changeRole(database.db, clerk, { actorId: actor, userId: target, role: 'manager' });

    expect(result).toEqual({ userId: target, role: 'manager', previousRole: 'member' });
    expect(clerk.users.get(target)!.publicMetadata).toEqual({ role: 'manager' });
    expect(await row(target)).toMatchObject({ role: 'manager', clerkUpdatedAt: clerk.users.get(target)!.updatedAt });
    expect(await audits(target)).toEqual([
      expect.objectContaining({ actorId: actor, targetType: 'user', metadata: { from: 'member', to: 'manager' } }),
    ]);
  });

  it('refuses to demote the last admin with 409, and changes nothing', async () => {
    const only = await seed('only', 'admin');
    const error = await rejection(changeRole(database.db, clerk, { actorId: only, userId: only, role: 'member' }));
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 409, code: 'last_admin' });
    expect(clerk.calls).toEqual([]);
    expect((await row(only)).role).toBe('admin');
    expect(await audits(only)).toEqual([]);
  });

  it('lets an admin step down when another admin remains', async () => {
    const first = await seed('first', 'admin');
    await seed('second', 'admin');
    await expect(changeRole(database.db, clerk, { actorId: first, userId: first, role: 'manager' })).resolves.toMatchObject({
      role: 'manager',
    });
  });

  it('does not count a deleted admin', async () => {
    const live = await seed('live', 'admin');
    const gone = await seed('gone', 'admin');
    await database.db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone));
    const error = await rejection(changeRole(database.db, clerk, { actorId: live, userId: live, role: 'member' }));
    expect(error).toMatchObject({ status: 409 });
  });

  it('answers 404 for unknown and deleted users', async () => {
    const actor = await seed('actor', 'admin');
    const gone = await seed('gone', 'member');
    await database.db.update(users).set({ deletedAt: new Date() }).where(eq(users.id, gone));
    expect(await rejection(changeRole(database.db, clerk, { actorId: actor, userId: 'user_nobody', role: 'manager' }))).toMatchObject({
      status: 404,
    });
    expect(await rejection(changeRole(database.db, clerk, { actorId: actor, userId: gone, role: 'manager' }))).toMatchObject({
      status: 404,
    });
    expect(clerk.calls).toEqual([]);
  });

  it('leaves the mirror and the audit log untouched when Clerk fails', async () => {
    const actor = await seed('actor', 'admin');
    const target = await seed('target', 'member');
    clerk.failNext = true;
    expect(await rejection(changeRole(database.db, clerk, { actorId: actor, userId: target, role: 'admin' }))).toMatchObject({
      message: 'Clerk is unavailable',
    });
    expect((await row(target)).role).toBe('member');
    expect(await audits(target)).toEqual([]);
  });

  it('never lets two concurrent demotions remove the last two admins', async () => {
    requirePostgres(database);
    const a = await seed('a', 'admin');
    const b = await seed('b', 'admin');
    clerk.delayMs = 50;
    const results = await Promise.allSettled([
      changeRole(database.db, clerk, { actorId: a, userId: b, role: 'member' }),
      changeRole(database.db, clerk, { actorId: b, userId: a, role: 'member' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { status: 409 } });
    const roles = [(await row(a)).role, (await row(b)).role].sort();
    expect(roles).toEqual(['admin', 'member']);
  });
});

describe('convergence with the user.updated webhook', () => {
  it('ignores the webhook for the same change and older deliveries, and applies newer ones', async () => {
    const actor = await seed('actor', 'admin');
    const target = await seed('target', 'member');
    const before = clerk.users.get(target)!; // the version the mirror held before the change
    await changeRole(database.db, clerk, { actorId: actor, userId: target, role: 'manager' });
    const after = clerk.users.get(target)!;

    // The webhook for this very change: same version, nothing to do.
    expect(await writeUser(database.db, userFromResource(after))).toBe(false);
    // A late delivery of an older state must not undo the change.
    expect(await writeUser(database.db, userFromResource({ ...before, firstName: 'Stale' }))).toBe(false);
    expect(await row(target)).toMatchObject({ role: 'manager', firstName: after.firstName });
    // A newer change made in Clerk's dashboard still applies.
    const newer = { ...after, publicMetadata: { role: 'member' }, updatedAt: after.updatedAt + 1 };
    expect(await writeUser(database.db, userFromResource(newer))).toBe(true);
    expect((await row(target)).role).toBe('member');
  });
});

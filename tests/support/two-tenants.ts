import { randomUUID } from 'node:crypto';
import type { AppRole } from '@/lib/auth/permissions';
import type { Database } from '@/lib/db/client';
import { memberships, organizations, users } from '@/lib/db/schema';

/**
 * The two-tenant world the isolation tests run in: organization A (Acme) with an
 * admin, a manager (app role) who is an org member, and a member; organization B
 * (Globex) with its admin. Ids carry a run suffix so files can share a database.
 */
export function twoTenants(run = randomUUID().slice(0, 8)) {
  const A = { orgId: `org_a_${run}`, slug: `acme-${run}`, name: 'Acme' };
  const B = { orgId: `org_b_${run}`, slug: `globex-${run}`, name: 'Globex' };
  const people = {
    adminA: `user_admin_a_${run}`,
    managerA: `user_manager_a_${run}`,
    memberA: `user_member_a_${run}`,
    adminB: `user_admin_b_${run}`,
  };
  return { run, A, B, people };
}
export type TwoTenants = ReturnType<typeof twoTenants>;
export type Person = keyof TwoTenants['people'];

/** Writes the two tenants' users, organizations and memberships; `appRoles` sets users' app roles (default member). */
export async function seedTwoTenants(db: Database, { A, B, people }: TwoTenants, appRoles: Partial<Record<Person, AppRole>> = {}) {
  await db.insert(users).values(
    (Object.entries(people) as Array<[Person, string]>).map(([person, id]) => ({
      id,
      email: `${id}@example.test`,
      role: appRoles[person] ?? 'member',
    })),
  );
  await db.insert(organizations).values([
    { id: A.orgId, name: A.name, slug: A.slug },
    { id: B.orgId, name: B.name, slug: B.slug },
  ]);
  await db.insert(memberships).values([
    { organizationId: A.orgId, userId: people.adminA, role: 'org:admin' },
    { organizationId: A.orgId, userId: people.managerA, role: 'org:member' },
    { organizationId: A.orgId, userId: people.memberA, role: 'org:member' },
    { organizationId: B.orgId, userId: people.adminB, role: 'org:admin' },
  ]);
}

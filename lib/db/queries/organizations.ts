import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../client';
import { memberships, organizations } from '../schema';

/** The organizations a user belongs to, from the app's mirror, with their role in each. */
export function listOrganizationsForUser(db: Database, userId: string) {
  return db
    .select({ id: organizations.id, name: organizations.name, slug: organizations.slug, role: memberships.role })
    .from(memberships)
    .innerJoin(organizations, eq(organizations.id, memberships.organizationId))
    .where(and(eq(memberships.userId, userId), isNull(memberships.deletedAt), isNull(organizations.deletedAt)))
    .orderBy(asc(organizations.name));
}

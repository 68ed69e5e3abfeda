import 'server-only';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { memberships, organizations } from '@/lib/db/schema';
import type { Organization } from './organization-schema';
import type { TenantScope } from './scope';

export type OrganizationRecord = Omit<Organization, 'role'>;

/** The organization from the app's mirror, or null while Clerk's webhook has not delivered it (or after it was deleted). */
export async function getOrganization(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<OrganizationRecord | null> {
  const [row] = await db
    .select({
      id: organizations.id,
      name: organizations.name,
      slug: organizations.slug,
      imageUrl: organizations.imageUrl,
      createdAt: organizations.createdAt,
      membersCount: sql<number>`(select count(*) from ${memberships} where ${memberships.organizationId} = ${organizations.id} and ${memberships.deletedAt} is null)`.mapWith(Number),
    })
    .from(organizations)
    .where(and(eq(organizations.id, scope.orgId), isNull(organizations.deletedAt)));
  if (!row?.slug) return null;
  return { ...row, slug: row.slug, imageUrl: row.imageUrl ?? undefined };
}

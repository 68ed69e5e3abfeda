import { eq } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { projects } from '@/lib/db/schema';
import type { TenantScope } from '@/lib/auth/scope';

/**
 * Deletes all of an organization's tenant data: the policy when Clerk deletes
 * the organization (lib/sync), which also runs outside Next (backfill, benchmarks).
 */
export async function deleteOrganizationProjects(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<number> {
  const deleted = await db.delete(projects).where(eq(projects.organizationId, scope.orgId)).returning({ id: projects.id });
  return deleted.length;
}

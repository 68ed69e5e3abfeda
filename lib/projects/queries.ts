import 'server-only';
import { and, count, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '@/lib/audit/log';
import type { TenantScope } from '@/lib/auth/scope';
import { upgradeRequired, type Entitled } from '@/lib/billing/plans';
import type { Database } from '@/lib/db/client';
import { organizations, projects, type Project } from '@/lib/db/schema';
import { notFound, rethrowUnsynced } from '@/lib/errors';
import { projectLimit, projectLimitMessage } from './limits';
import type { CreateProjectInput, UpdateProjectInput } from './schema';

/**
 * The only code that reads or writes the projects table. Every function takes
 * the tenant scope and filters by its organization; an id from another
 * organization (or not an id at all) is "not found", never "forbidden".
 */

export type { Project };

const isId = (id: string) => z.guid().safeParse(id).success;
const projectNotFound = () => notFound('Project');
const inTenant = (orgId: string, id: string) => and(eq(projects.organizationId, orgId), eq(projects.id, id));
const target = (id: string) => ({ type: 'project', id }) as const;

export function listProjects(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<Project[]> {
  return db.select().from(projects).where(eq(projects.organizationId, scope.orgId)).orderBy(desc(projects.createdAt), desc(projects.id));
}

export async function getProject(db: Database, scope: Pick<TenantScope, 'orgId'>, id: string): Promise<Project> {
  if (!isId(id)) throw projectNotFound();
  const [project] = await db.select().from(projects).where(inTenant(scope.orgId, id));
  if (!project) throw projectNotFound();
  return project;
}

/**
 * Creates a project within the plan's limit (`projectLimit()`: the session's
 * entitlements; none given counts as the free plan). The organization's row
 * is locked first, so two concurrent creates cannot both take the last slot.
 */
export async function createProject(db: Database, scope: TenantScope & Entitled, input: CreateProjectInput): Promise<Project> {
  const limit = projectLimit(scope);
  try {
    return await db.transaction(async (tx) => {
      if (limit !== null) {
        await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, scope.orgId)).for('update');
        const [{ value: existing } = { value: 0 }] = await tx
          .select({ value: count() })
          .from(projects)
          .where(eq(projects.organizationId, scope.orgId));
        if (existing >= limit) throw upgradeRequired(projectLimitMessage(limit));
      }
      const [project] = await tx
        .insert(projects)
        .values({ organizationId: scope.orgId, createdBy: scope.userId, name: input.name, description: input.description })
        .returning();
      if (!project) throw new Error('INSERT ... RETURNING returned no row');
      await recordAudit(tx, scope, 'project.created', target(project.id), { name: project.name });
      return project;
    });
  } catch (error) {
    rethrowUnsynced(error);
  }
}

export async function updateProject(db: Database, scope: TenantScope, id: string, patch: UpdateProjectInput): Promise<Project> {
  if (!isId(id)) throw projectNotFound();
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(projects).where(inTenant(scope.orgId, id)).for('update');
    if (!before) throw projectNotFound();
    const [project] = await tx
      .update(projects)
      .set({ ...patch, updatedAt: new Date() })
      .where(inTenant(scope.orgId, id))
      .returning();
    if (!project) throw projectNotFound();
    const changes = Object.fromEntries(
      (['name', 'description'] as const)
        .filter((field) => before[field] !== project[field])
        .map((field) => [field, { from: before[field], to: project[field] }]),
    );
    await recordAudit(tx, scope, 'project.updated', target(project.id), { changes });
    return project;
  });
}

export async function deleteProject(db: Database, scope: TenantScope, id: string): Promise<Project> {
  if (!isId(id)) throw projectNotFound();
  return db.transaction(async (tx) => {
    const [project] = await tx.delete(projects).where(inTenant(scope.orgId, id)).returning();
    if (!project) throw projectNotFound();
    await recordAudit(tx, scope, 'project.deleted', target(project.id), { name: project.name });
    return project;
  });
}

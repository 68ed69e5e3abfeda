import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { auditLog, users } from '@/lib/db/schema';
import type { TenantScope } from './scope';

type Writer = Pick<Database, 'insert'>;

export const TENANT_AUDIT_ACTIONS = [
  'project.created',
  'project.updated',
  'project.deleted',
  'member.role_changed',
  'member.removed',
  'invitation.created',
  'invitation.revoked',
  'invitation.declined',
  'organization.renamed',
  'organization.slug_changed',
  'organization.deleted',
] as const;
export type TenantAuditAction = (typeof TENANT_AUDIT_ACTIONS)[number];

export interface ActivityEntry {
  id: number;
  action: TenantAuditAction;
  metadata: Record<string, unknown>;
  createdAt: Date;
  actor: { userId: string | null; firstName: string | null; lastName: string | null; email: string | null };
}

/**
 * The organization's latest actions by its people, newest first, with who
 * acted. The webhook's own entries (Clerk's events) are left out: each of them
 * repeats an action listed here, or is Clerk's bookkeeping.
 */
export async function listRecentActivity(db: Database, scope: Pick<TenantScope, 'orgId'>, limit = 10): Promise<ActivityEntry[]> {
  const rows = await db
    .select({
      id: auditLog.id,
      action: auditLog.action,
      metadata: auditLog.metadata,
      createdAt: auditLog.createdAt,
      userId: auditLog.actorId,
      firstName: users.firstName,
      lastName: users.lastName,
      email: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(and(eq(auditLog.organizationId, scope.orgId), inArray(auditLog.action, [...TENANT_AUDIT_ACTIONS])))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map(({ id, action, metadata, createdAt, ...actor }) => ({ id, action: action as TenantAuditAction, metadata, createdAt, actor }));
}

/** One audit row for an action someone took in their organization (the webhook records Clerk's own events). */
export function recordAudit(
  db: Writer,
  scope: TenantScope,
  action: TenantAuditAction,
  target: { type: 'project' | 'member' | 'invitation' | 'organization'; id: string },
  metadata: Record<string, unknown> = {},
) {
  return db.insert(auditLog).values({
    actorId: scope.userId,
    organizationId: scope.orgId,
    action,
    targetType: target.type,
    targetId: target.id,
    metadata,
  });
}

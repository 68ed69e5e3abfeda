import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { auditLog, users } from '@/lib/db/schema';
import { can, type Action, type Resource, type Subject } from '@/lib/auth/permissions';
import type { Actor, TenantScope } from '@/lib/auth/scope';

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

/**
 * Metadata that only some viewers may read, by the same matrix rule as the page
 * that shows it: who was invited is for those who may read invitations (the
 * members page); others read "invited someone".
 */
const RESTRICTED_METADATA: Partial<Record<TenantAuditAction, { fields: readonly string[]; needs: readonly [Resource, Action] }>> = {
  'invitation.created': { fields: ['email'], needs: ['invitations', 'read'] },
};

function visibleMetadata(viewer: Subject, action: TenantAuditAction, metadata: Record<string, unknown>): Record<string, unknown> {
  const restricted = RESTRICTED_METADATA[action];
  if (!restricted || can(viewer, restricted.needs[0], restricted.needs[1])) return metadata;
  return Object.fromEntries(Object.entries(metadata).filter(([field]) => !restricted.fields.includes(field)));
}

export interface ActivityEntry {
  id: number;
  action: TenantAuditAction;
  metadata: Record<string, unknown>;
  createdAt: Date;
  actor: { userId: string | null; firstName: string | null; lastName: string | null; email: string | null };
  /** Who acted for the user, if anyone: an API key (then `actor` is the key's id, with no name), an impersonating admin. */
  via: Actor | null;
}

/** `metadata.actor` as recordAudit() writes it. */
function actorOf(metadata: Record<string, unknown>): Actor | null {
  const actor = metadata.actor as Partial<Record<string, unknown>> | undefined;
  if (actor?.type === 'api_key' && typeof actor.id === 'string' && typeof actor.name === 'string') {
    return { type: 'api_key', id: actor.id, name: actor.name };
  }
  if (actor?.type === 'impersonator' && typeof actor.userId === 'string') return { type: 'impersonator', userId: actor.userId };
  return null;
}

/**
 * The organization's latest actions by its people, newest first, with who
 * acted, as `viewer` may see them (RESTRICTED_METADATA). The webhook's own entries
 * (Clerk's events) are left out: each of them repeats an action listed here, or is Clerk's bookkeeping.
 */
export async function listRecentActivity(db: Database, viewer: Pick<TenantScope, 'orgId'> & Subject, limit = 10): Promise<ActivityEntry[]> {
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
    .where(and(eq(auditLog.organizationId, viewer.orgId), inArray(auditLog.action, [...TENANT_AUDIT_ACTIONS])))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
  return rows.map(({ id, action, metadata, createdAt, ...actor }) => {
    const known = action as TenantAuditAction;
    return { id, action: known, metadata: visibleMetadata(viewer, known, metadata), createdAt, actor, via: actorOf(metadata) };
  });
}

/**
 * One audit row for an action someone took in their organization (the webhook records Clerk's own
 * events). Who acted for the user is recorded too (`metadata.actor`): an API key is the row's
 * actor itself (its id; its name and creator in the metadata), an impersonating admin is named
 * beside the user.
 */
export function recordAudit(
  db: Writer,
  scope: TenantScope,
  action: TenantAuditAction,
  target: { type: 'project' | 'member' | 'invitation' | 'organization'; id: string },
  metadata: Record<string, unknown> = {},
) {
  const { actor } = scope;
  return db.insert(auditLog).values({
    actorId: actor?.type === 'api_key' ? actor.id : scope.userId,
    organizationId: scope.orgId,
    action,
    targetType: target.type,
    targetId: target.id,
    metadata: actor ? { ...metadata, actor: actor.type === 'api_key' ? { ...actor, createdBy: scope.userId } : actor } : metadata,
  });
}

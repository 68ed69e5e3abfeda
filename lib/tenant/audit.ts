import 'server-only';
import type { Database } from '@/lib/db/client';
import { auditLog } from '@/lib/db/schema';
import type { TenantScope } from './scope';

type Writer = Pick<Database, 'insert'>;

export type TenantAuditAction =
  | 'project.created'
  | 'project.updated'
  | 'project.deleted'
  | 'member.role_changed'
  | 'member.removed'
  | 'invitation.created'
  | 'invitation.revoked'
  | 'organization.renamed'
  | 'organization.slug_changed'
  | 'organization.deleted';

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

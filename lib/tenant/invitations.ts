import 'server-only';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { invitations } from '@/lib/db/schema';
import { isOrgRole, type OrgRole } from '@/lib/auth/permissions';
import type { TenantScope } from './scope';

export interface PendingInvitation {
  id: string;
  email: string;
  role: OrgRole;
  createdAt: Date;
}

/** Invitations still waiting for an answer, newest first, from the app's mirror of Clerk. */
export async function listPendingInvitations(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<PendingInvitation[]> {
  const rows = await db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt })
    .from(invitations)
    .where(and(eq(invitations.organizationId, scope.orgId), eq(invitations.status, 'pending'), isNull(invitations.deletedAt)))
    .orderBy(desc(invitations.createdAt));
  return rows.map((row) => ({ ...row, role: isOrgRole(row.role) ? row.role : 'org:member' }));
}

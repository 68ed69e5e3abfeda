import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { invitations, organizations } from '@/lib/db/schema';
import type { ClerkEventType, InvitationJSON } from './events';
import { ensureReferencedRows } from './stubs';
import { versionedWriter } from './versioned';

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired';
type InvitationEventType = Extract<ClerkEventType, `organizationInvitation.${string}`>;

/** Clerk's payload usually carries `status`; the event type says the same when it does not. */
const STATUS_BY_EVENT: Record<InvitationEventType, InvitationStatus> = {
  'organizationInvitation.created': 'pending',
  'organizationInvitation.accepted': 'accepted',
  'organizationInvitation.revoked': 'revoked',
};

export interface InvitationSnapshot {
  id: string;
  organizationId: string;
  email: string;
  role: string;
  status: string;
  updatedAt: number;
}

export const invitationFromJSON = (json: InvitationJSON, type: InvitationEventType): InvitationSnapshot => ({
  id: json.id,
  organizationId: json.organization_id,
  email: json.email_address,
  role: json.role,
  status: json.status ?? STATUS_BY_EVENT[type],
  updatedAt: json.updated_at,
});

// Revoking is a status, not a deletion: the only tombstone an invitation gets is its organization's.
const writeInvitationRows = versionedWriter(invitations, ['id'], 'inherited');

export async function writeInvitation(tx: Database, invitation: InvitationSnapshot): Promise<boolean> {
  const { organizationId } = invitation;
  await ensureReferencedRows(tx, { organizationId });
  const { updatedAt, ...values } = invitation;
  const changed = (await writeInvitationRows(tx, [{ values, version: { version: updatedAt, deleted: false } }])) > 0;
  await inheritOrganizationTombstone(tx, organizationId);
  return changed;
}

/** Invitations of a deleted organization are tombstoned with it, whichever arrived first. */
export async function inheritOrganizationTombstone(tx: Database, organizationId: string): Promise<void> {
  const organizationDeletedAt = sql`(select ${organizations.deletedAt} from ${organizations} where ${organizations.id} = ${invitations.organizationId})`;
  await tx
    .update(invitations)
    .set({ deletedAt: sql`least(${invitations.deletedAt}, ${organizationDeletedAt})`, updatedAt: sql`now()` })
    .where(
      and(eq(invitations.organizationId, organizationId), sql`${organizationDeletedAt} < coalesce(${invitations.deletedAt}, 'infinity')`),
    );
}

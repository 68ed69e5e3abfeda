import type { Database } from '@/lib/db/client';
import { recordSyncAudit, type SyncAuditEntry } from './audit';
import { payerOf, writePaymentAttempt, writeSubscription, writeSubscriptionItem } from './billing';
import type { ClerkEvent, ClerkEventType, EventOf } from './events';
import { invitationFromJSON, writeInvitation } from './invitations';
import { membershipFromJSON, writeMembership } from './memberships';
import { deleteOrganization, organizationFromJSON, writeOrganization } from './organizations';
import { recordSessionActivity, type SessionEvent } from './sessions';
import { deleteUser, userFromJSON, writeUser } from './users';

export type Outcome = Omit<SyncAuditEntry, 'action'>;
type Handler<T extends ClerkEventType> = (tx: Database, event: EventOf<T>) => Promise<Outcome>;

const applyUser: Handler<'user.created' | 'user.updated'> = async (tx, { data }) => ({
  targetType: 'user',
  targetId: data.id,
  changed: await writeUser(tx, userFromJSON(data)),
});

const applyOrganization: Handler<'organization.created' | 'organization.updated'> = async (tx, { data }) => ({
  targetType: 'organization',
  targetId: data.id,
  organizationId: data.id,
  changed: await writeOrganization(tx, organizationFromJSON(data)),
});

const applyMembership: Handler<Extract<ClerkEventType, `organizationMembership.${string}`>> = async (tx, event) => {
  const membership = membershipFromJSON(event.data);
  const deleted = event.type === 'organizationMembership.deleted';
  // A deletion is dated by the event (its payload repeats the membership's last `updated_at`).
  const version = deleted ? event.timestamp : membership.updatedAt;
  return {
    targetType: 'membership',
    targetId: membership.clerkId,
    organizationId: membership.organizationId,
    changed: await writeMembership(tx, membership, { version, deleted }),
    details: { userId: membership.userId, role: membership.role },
  };
};

const applyInvitation: Handler<Extract<ClerkEventType, `organizationInvitation.${string}`>> = async (tx, event) => {
  const invitation = invitationFromJSON(event.data, event.type);
  return {
    targetType: 'invitation',
    targetId: invitation.id,
    organizationId: invitation.organizationId,
    changed: await writeInvitation(tx, invitation),
    details: { status: invitation.status },
  };
};

const applySession = async (tx: Database, event: SessionEvent): Promise<Outcome> => ({
  targetType: 'session',
  targetId: event.data.id,
  actorId: event.data.user_id,
  changed: await recordSessionActivity(tx, event),
  details: { status: event.data.status },
});

const applySubscription: Handler<Extract<ClerkEventType, `subscription.${string}`>> = async (tx, { data }) => ({
  targetType: 'subscription',
  targetId: data.id,
  organizationId: payerOf(data.payer).organizationId,
  changed: await writeSubscription(tx, data),
  details: { status: data.status, plans: data.items.map((item) => `${item.plan?.slug ?? item.plan_id}:${item.status}`) },
});

const applySubscriptionItem: Handler<Extract<ClerkEventType, `subscriptionItem.${string}`>> = async (tx, { data }) => ({
  targetType: 'subscription_item',
  targetId: data.id,
  organizationId: payerOf(data.payer).organizationId,
  changed: await writeSubscriptionItem(tx, data, data.payer, null),
  details: { status: data.status, plan: data.plan?.slug ?? data.plan_id },
});

const applyPaymentAttempt: Handler<Extract<ClerkEventType, `paymentAttempt.${string}`>> = async (tx, { data }) => ({
  targetType: 'payment_attempt',
  targetId: data.id,
  organizationId: payerOf(data.payer).organizationId,
  changed: await writePaymentAttempt(tx, data),
  details: { status: data.status },
});

/** One handler per type the sync applies: the compiler checks none is missing. */
const HANDLERS: { [T in ClerkEventType]: Handler<T> } = {
  'user.created': applyUser,
  'user.updated': applyUser,
  'user.deleted': async (tx, event) => ({
    targetType: 'user',
    targetId: event.data.id,
    changed: await deleteUser(tx, event.data.id, event.timestamp),
  }),
  'organization.created': applyOrganization,
  'organization.updated': applyOrganization,
  'organization.deleted': async (tx, event) => {
    const { changed, projectsDeleted } = await deleteOrganization(tx, event.data.id, event.timestamp);
    return {
      targetType: 'organization',
      targetId: event.data.id,
      organizationId: event.data.id,
      changed: changed || projectsDeleted > 0,
      details: { projectsDeleted },
    };
  },
  'organizationMembership.created': applyMembership,
  'organizationMembership.updated': applyMembership,
  'organizationMembership.deleted': applyMembership,
  'organizationInvitation.created': applyInvitation,
  'organizationInvitation.accepted': applyInvitation,
  'organizationInvitation.revoked': applyInvitation,
  'session.created': applySession,
  'session.ended': applySession,
  'session.removed': applySession,
  'session.revoked': applySession,
  'subscription.created': applySubscription,
  'subscription.updated': applySubscription,
  'subscription.active': applySubscription,
  'subscription.pastDue': applySubscription,
  'subscriptionItem.updated': applySubscriptionItem,
  'subscriptionItem.active': applySubscriptionItem,
  'subscriptionItem.canceled': applySubscriptionItem,
  'subscriptionItem.upcoming': applySubscriptionItem,
  'subscriptionItem.ended': applySubscriptionItem,
  'subscriptionItem.abandoned': applySubscriptionItem,
  'subscriptionItem.incomplete': applySubscriptionItem,
  'subscriptionItem.pastDue': applySubscriptionItem,
  'subscriptionItem.freeTrialEnding': applySubscriptionItem,
  'paymentAttempt.created': applyPaymentAttempt,
  'paymentAttempt.updated': applyPaymentAttempt,
};

/**
 * Applies one event to the mirror and records it in the audit log. Call inside
 * the delivery's transaction. Returns what it touched and whether anything changed.
 */
export async function applyEvent(tx: Database, event: ClerkEvent, svixId: string): Promise<Outcome> {
  const handler = HANDLERS[event.type] as Handler<ClerkEventType>;
  const outcome = await handler(tx, event as EventOf<ClerkEventType>);
  await recordSyncAudit(tx, svixId, { action: event.type, ...outcome });
  return outcome;
}

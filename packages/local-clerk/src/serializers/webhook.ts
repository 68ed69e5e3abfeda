/** Webhook payloads' `data`: the Backend API's objects, as Clerk's webhooks carry them. */
import type * as Backend from '@clerk/backend';
import type { LocalClerkStore, SessionRecord, StoreEvent } from '../store';
import { billingWebhookData } from './billing/events';
import { deletedObjectJSON } from './deleted-object';
import { backendInvitationJSON } from './invitation';
import { backendMembershipJSON } from './membership';
import { backendOrganizationJSON } from './organization';
import { backendSessionJSON } from './session';
import { backendUserJSON, type BackendUserWire } from './user';

/**
 * Session webhooks carry the session and its user (announced before a deleted user goes, so it is always there);
 * the webhook spec's session has no `tasks` (its `session.pending` example shows only `status: pending`).
 */
const sessionEventJSON = (store: LocalClerkStore, session: SessionRecord): Backend.SessionJSON & { user: BackendUserWire } => {
  const { tasks: _tasks, ...json } = backendSessionJSON(store, session);
  return { ...json, user: backendUserJSON(store, store.users.require(session.userId)) };
};

/** A webhook's `data`: the Backend API JSON of the resource, or Clerk's deleted-object stub. */
export function webhookData(store: LocalClerkStore, event: StoreEvent): unknown {
  switch (event.type) {
    case 'user.deleted':
      return deletedObjectJSON('user', event.user.id);
    case 'user.created':
    case 'user.updated':
      return backendUserJSON(store, event.user);
    case 'organization.deleted':
      return deletedObjectJSON('organization', event.organization.id);
    case 'organization.created':
    case 'organization.updated':
      return backendOrganizationJSON(store, event.organization);
    case 'organizationMembership.created':
    case 'organizationMembership.updated':
    case 'organizationMembership.deleted':
      return backendMembershipJSON(store, event.membership);
    case 'organizationInvitation.created':
    case 'organizationInvitation.revoked':
      return backendInvitationJSON(store, event.invitation);
    case 'organizationInvitation.accepted':
      // Clerk's published example names the user who accepted.
      return {
        ...backendInvitationJSON(store, event.invitation),
        user_id: store.users.findByEmail(event.invitation.emailAddress)?.id ?? null,
      };
    case 'session.created':
    case 'session.ended':
    case 'session.removed':
    case 'session.revoked':
      return sessionEventJSON(store, event.session);
    default:
      return billingWebhookData(store, event);
  }
}

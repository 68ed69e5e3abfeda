import { ClerkApiError, invalidParam, notFound } from '../errors';
import { newId, randomBase62 } from '../ids';
import type { StoreParts } from './types';
import { normalizeEmail, type InvitationRecord, type InvitationStatus, type MembershipRecord, type Metadata } from './records';

const INVITATION_LIFETIME = 30 * 24 * 60 * 60 * 1000;

export interface NewInvitation {
  organizationId: string;
  emailAddress: string;
  role: string;
  inviterUserId?: string | null;
  publicMetadata?: Metadata;
  privateMetadata?: Metadata;
}

export class Invitations {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  /** Expired pending invitations are left out, as Clerk lists them. */
  list(filter: { organizationId?: string; emailAddresses?: string[]; status?: InvitationStatus[] } = {}): InvitationRecord[] {
    const now = Date.now();
    return Object.values(this.core.state.invitations).filter(
      (invitation) =>
        (!filter.organizationId || invitation.organizationId === filter.organizationId) &&
        (!filter.emailAddresses || filter.emailAddresses.includes(invitation.emailAddress)) &&
        (!filter.status || filter.status.includes(invitation.status)) &&
        (invitation.status !== 'pending' || invitation.expiresAt > now),
    );
  }

  require(id: string, organizationId?: string): InvitationRecord {
    const invitation = this.core.state.invitations[id];
    if (!invitation || (organizationId && invitation.organizationId !== organizationId)) throw notFound('invitation');
    return invitation;
  }

  create(input: NewInvitation): InvitationRecord {
    const organization = this.store.organizations.require(input.organizationId);
    const emailAddress = normalizeEmail(input.emailAddress);
    const invitee = this.store.users.findByEmail(emailAddress);
    if (invitee && this.store.memberships.get(organization.id, invitee.id)) {
      throw invalidParam('email_address', 'already_a_member_in_organization', `${emailAddress} is already a member of the organization.`);
    }
    if (this.list({ organizationId: organization.id, emailAddresses: [emailAddress], status: ['pending'] }).length) {
      throw invalidParam('email_address', 'duplicate_record', `${emailAddress} has already been invited.`);
    }
    return this.core.change((emit) => {
      const now = this.core.now();
      const invitation: InvitationRecord = {
        id: newId('orginv'),
        organizationId: organization.id,
        emailAddress,
        role: input.role,
        status: 'pending',
        inviterUserId: input.inviterUserId ?? null,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        createdAt: now,
        updatedAt: now,
        expiresAt: now + INVITATION_LIFETIME,
        ticket: randomBase62(48),
      };
      this.core.state.invitations[invitation.id] = invitation;
      emit({ type: 'organizationInvitation.created', invitation });
      return invitation;
    });
  }

  private requirePending(invitation: InvitationRecord) {
    if (invitation.status !== 'pending' || invitation.expiresAt <= Date.now()) {
      throw new ClerkApiError(
        400,
        'organization_invitation_not_pending',
        'Invitation is not pending',
        `This invitation is ${invitation.status}.`,
      );
    }
  }

  revoke(organizationId: string, invitationId: string): InvitationRecord {
    const invitation = this.require(invitationId, this.store.organizations.require(organizationId).id);
    this.requirePending(invitation);
    return this.core.change((emit) => {
      Object.assign(invitation, { status: 'revoked', updatedAt: this.core.now() });
      emit({ type: 'organizationInvitation.revoked', invitation });
      return invitation;
    });
  }

  /** The invited user (one of whose addresses was invited) joins with the invitation's role. */
  accept(invitationId: string, userId: string): MembershipRecord {
    const invitation = this.require(invitationId);
    this.requirePending(invitation);
    const user = this.store.users.require(userId);
    if (!this.store.users.verifiedEmails(user).includes(invitation.emailAddress)) throw notFound('invitation');
    this.store.memberships.assertCanJoin(invitation.organizationId, userId);
    return this.core.change((emit) => {
      const membership = this.store.memberships.insert(invitation.organizationId, userId, invitation.role, emit);
      Object.assign(invitation, { status: 'accepted', updatedAt: this.core.now() });
      emit({ type: 'organizationInvitation.accepted', invitation });
      return membership;
    });
  }
}

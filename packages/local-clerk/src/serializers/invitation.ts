/** Organization invitations: the Backend API's, the invitee's (Frontend API) and the organization admins' view. */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import type { InvitationRecord, LocalClerkStore } from '../store';
import { organizationImage, userImage } from './images';
import { publicOrganizationData } from './public-data';

/** The spec's Backend API invitation names its inviter; `public_organization_data` is not in the spec but @clerk/backend reads it. */
type BackendInvitationWire = Backend.OrganizationInvitationJSON & {
  inviter_id: string | null;
  public_inviter_data: {
    user_id: string;
    identifier: string;
    first_name: string | null;
    last_name: string | null;
    image_url: string;
    has_image: boolean;
  } | null;
};

/** The link Clerk's invitation email carries: sign up, or sign in for an existing account, and join. */
const invitationUrl = (store: LocalClerkStore, invitation: InvitationRecord) =>
  invitation.ticket && invitation.status === 'pending'
    ? store.instance.ticketUrl(store.users.findByEmail(invitation.emailAddress) ? 'sign_in' : 'sign_up', invitation.ticket)
    : null;

export function backendInvitationJSON(store: LocalClerkStore, invitation: InvitationRecord): BackendInvitationWire {
  const organization = store.organizations.get(invitation.organizationId);
  const inviter = invitation.inviterUserId ? store.users.get(invitation.inviterUserId) : undefined;
  return {
    object: 'organization_invitation',
    id: invitation.id,
    email_address: invitation.emailAddress,
    role: invitation.role,
    role_name: store.instance.orgRole(invitation.role).name,
    organization_id: invitation.organizationId,
    inviter_id: invitation.inviterUserId,
    public_inviter_data: inviter
      ? {
          user_id: inviter.id,
          identifier: store.users.primaryEmail(inviter) ?? '',
          first_name: inviter.firstName,
          last_name: inviter.lastName,
          image_url: userImage(store, inviter),
          has_image: Boolean(inviter.imageId),
        }
      : null,
    public_organization_data: organization
      ? {
          object: 'organization',
          id: organization.id,
          name: organization.name,
          slug: organization.slug,
          image_url: organizationImage(store, organization),
          has_image: Boolean(organization.imageId),
        }
      : null,
    status: invitation.status,
    public_metadata: invitation.publicMetadata,
    private_metadata: invitation.privateMetadata,
    url: invitationUrl(store, invitation),
    created_at: invitation.createdAt,
    updated_at: invitation.updatedAt,
    expires_at: invitation.expiresAt,
  };
}

/** The spec's invitations (both views) also carry `url` (none: local mode sends no email) and `expires_at`. */
interface InvitationWire {
  url: string | null;
  expires_at: number | null;
}

/** What both Frontend API views of an invitation share. */
const frontendInvitationCore = (store: LocalClerkStore, invitation: InvitationRecord) => ({
  object: 'organization_invitation' as const,
  id: invitation.id,
  email_address: invitation.emailAddress,
  public_metadata: invitation.publicMetadata,
  status: invitation.status,
  role: invitation.role,
  role_name: store.instance.orgRole(invitation.role).name,
  url: null,
  expires_at: invitation.expiresAt,
  created_at: invitation.createdAt,
  updated_at: invitation.updatedAt,
});

export function frontendInvitationJSON(
  store: LocalClerkStore,
  invitation: InvitationRecord,
): Frontend.UserOrganizationInvitationJSON & InvitationWire & { role_name: string } {
  return {
    ...frontendInvitationCore(store, invitation),
    public_organization_data: publicOrganizationData(store, store.organizations.require(invitation.organizationId)),
  };
}

/** An invitation as an organization's admins see it (the invitee sees `frontendInvitationJSON`). */
export function frontendOrganizationInvitationJSON(
  store: LocalClerkStore,
  invitation: InvitationRecord,
): Frontend.OrganizationInvitationJSON & InvitationWire {
  return { ...frontendInvitationCore(store, invitation), organization_id: invitation.organizationId };
}

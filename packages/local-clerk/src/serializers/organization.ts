/** Organizations: the Backend API's adds the private metadata and creator to the Frontend API's. */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import type { LocalClerkStore, OrganizationRecord } from '../store';
import { organizationImage } from './images';

export function backendOrganizationJSON(store: LocalClerkStore, organization: OrganizationRecord): Backend.OrganizationJSON {
  return {
    ...frontendOrganizationJSON(store, organization),
    private_metadata: organization.privateMetadata,
    created_by: organization.createdBy ?? undefined,
  };
}

export function frontendOrganizationJSON(store: LocalClerkStore, organization: OrganizationRecord): Frontend.OrganizationJSON {
  return {
    object: 'organization',
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    image_url: organizationImage(store, organization),
    has_image: Boolean(organization.imageId),
    members_count: store.memberships.list({ organizationId: organization.id }).length,
    pending_invitations_count: store.invitations.list({ organizationId: organization.id, status: ['pending'] }).length,
    max_allowed_memberships: organization.maxAllowedMemberships,
    admin_delete_enabled: true,
    public_metadata: organization.publicMetadata,
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
  };
}

/** Organization memberships, with their organization and their user's public data. */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import type { LocalClerkStore, MembershipRecord } from '../store';
import { backendOrganizationJSON, frontendOrganizationJSON } from './organization';
import { publicUserData } from './public-data';

export function backendMembershipJSON(store: LocalClerkStore, membership: MembershipRecord): Backend.OrganizationMembershipJSON {
  return {
    object: 'organization_membership',
    id: membership.id,
    role: membership.role,
    permissions: store.instance.membershipPermissions(membership.role),
    public_metadata: membership.publicMetadata,
    private_metadata: membership.privateMetadata,
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
    organization: backendOrganizationJSON(store, store.organizations.require(membership.organizationId)),
    public_user_data: publicUserData(store, membership.userId),
  };
}

export function frontendMembershipJSON(store: LocalClerkStore, membership: MembershipRecord): Frontend.OrganizationMembershipJSON {
  return {
    object: 'organization_membership',
    id: membership.id,
    organization: frontendOrganizationJSON(store, store.organizations.require(membership.organizationId)),
    permissions: store.instance.membershipPermissions(membership.role) as Frontend.OrganizationPermissionKey[],
    public_metadata: membership.publicMetadata,
    public_user_data: publicUserData(store, membership.userId),
    role: membership.role,
    role_name: store.instance.orgRole(membership.role).name,
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}

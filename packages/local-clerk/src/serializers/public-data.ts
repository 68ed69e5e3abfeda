/** The public summaries of a user and an organization that memberships, sessions and invitations embed. */
import type * as Backend from '@clerk/backend';
import type * as Frontend from '@clerk/shared/types';
import type { LocalClerkStore, OrganizationRecord } from '../store';
import { organizationImage, userImage } from './images';

/** `profile_image_url`: deprecated by Clerk but still required by the spec, the same URL as `image_url`. */
type PublicUserDataWire = Backend.OrganizationMembershipJSON['public_user_data'] & { profile_image_url: string };

export function publicUserData(store: LocalClerkStore, userId: string): PublicUserDataWire {
  const user = store.users.require(userId);
  const imageUrl = userImage(store, user);
  return {
    user_id: user.id,
    identifier: store.users.primaryEmail(user) ?? '',
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: imageUrl,
    profile_image_url: imageUrl,
    has_image: Boolean(user.imageId),
  };
}

export function publicOrganizationData(store: LocalClerkStore, organization: OrganizationRecord): Frontend.PublicOrganizationDataJSON {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    has_image: Boolean(organization.imageId),
    image_url: organizationImage(store, organization),
  };
}

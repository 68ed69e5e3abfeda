/** The images users and organizations show: an uploaded one (served by the Frontend API), else initials. */
import { initialsAvatar } from '../avatar';
import type { LocalClerkStore, OrganizationRecord, UserRecord } from '../store';

const displayName = (user: UserRecord, fallback: string) => [user.firstName, user.lastName].filter(Boolean).join(' ') || fallback;

/** The uploaded image (served by the Frontend API), else initials. */
export const userImage = (store: LocalClerkStore, user: UserRecord) =>
  user.imageId ? store.instance.imageUrl(user.imageId) : initialsAvatar(user.id, displayName(user, store.users.primaryEmail(user) ?? ''));

export const organizationImage = (store: LocalClerkStore, organization: OrganizationRecord) =>
  organization.imageId ? store.instance.imageUrl(organization.imageId) : initialsAvatar(organization.id, organization.name);

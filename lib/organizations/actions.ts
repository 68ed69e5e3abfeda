'use server';

import { requireOrgPermission, requireSensitiveOrgPermission, requireUser } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import {
  changeMemberRole,
  changeOrganizationSlug,
  declineInvitation,
  deleteOrganization,
  inviteMember,
  removeMember,
  renameOrganization,
  revokeInvitation,
} from './writes';
import { action } from '@/lib/actions/action';
import { orgAction } from '@/lib/actions/org-action';
import {
  changeMemberRoleSchema,
  changeSlugSchema,
  declineInvitationSchema,
  deleteOrganizationSchema,
  inviteMemberSchema,
  removeMemberSchema,
  renameOrganizationSchema,
  revokeInvitationSchema,
} from './schema';

/**
 * Server actions for members, invitations and settings, each behind its permission in the matrix; role changes and deletion also need a
 * recent verification (Clerk's reverification).
 * Declining an invitation is the invitee's: any signed-in user, for invitations addressed to them (checked with Clerk in `declineInvitation`).
 */

export const changeMemberRoleAction = orgAction(
  'members',
  changeMemberRoleSchema,
  () => requireSensitiveOrgPermission('members', 'update'),
  (input, session) => changeMemberRole(db, session, input),
);
export const removeMemberAction = orgAction(
  'members',
  removeMemberSchema,
  () => requireOrgPermission('members', 'delete'),
  (input, session) => removeMember(db, session, input),
);
export const inviteMemberAction = orgAction(
  'invitations',
  inviteMemberSchema,
  () => requireOrgPermission('invitations', 'create'),
  (input, session) => inviteMember(db, session, input),
);
export const revokeInvitationAction = orgAction(
  'invitations',
  revokeInvitationSchema,
  () => requireOrgPermission('invitations', 'delete'),
  (input, session) => revokeInvitation(db, session, input),
);
export const renameOrganizationAction = orgAction(
  'organizationSettings',
  renameOrganizationSchema,
  () => requireOrgPermission('organization', 'update'),
  (input, session) => renameOrganization(db, session, input),
);
export const changeOrganizationSlugAction = orgAction(
  'organizationSettings',
  changeSlugSchema,
  () => requireOrgPermission('organization', 'update'),
  (input, session) => changeOrganizationSlug(db, session, input),
);
export const deleteOrganizationAction = orgAction(
  'organizationSettings',
  deleteOrganizationSchema,
  () => requireSensitiveOrgPermission('organization', 'delete'),
  (input, session) => deleteOrganization(db, session, input),
);
export const declineInvitationAction = action('invitations', declineInvitationSchema, requireUser, (input, session) =>
  declineInvitation(db, session.userId, input),
);

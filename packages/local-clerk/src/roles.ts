/**
 * The organization roles of the local instance: what "Roles & Permissions" in
 * the Clerk Dashboard holds for a real one, derived from the app's matrix.
 */
import { ACTIONS, ORG_ROLE_AS_APP_ROLE, PERMISSIONS, TENANT_RESOURCES, type OrgRole } from '@/lib/auth/permissions';

export interface OrgRoleDefinition {
  name: string;
  description: string;
  /** Clerk's system permissions: in membership JSON, never in session tokens. */
  systemPermissions: string[];
  /** Custom permissions (`org:<feature>:<permission>`): in membership JSON and, encoded, in session tokens. */
  permissions: string[];
}

/**
 * Custom permissions as a Clerk instance would be configured to match the app's
 * matrix: `org:<resource>:<action>` for each tenant resource the role may act on.
 */
const customPermissions = (role: OrgRole) =>
  [...TENANT_RESOURCES].flatMap((resource) =>
    ACTIONS.filter((action) => (PERMISSIONS[resource][action] as readonly string[]).includes(ORG_ROLE_AS_APP_ROLE[role])).map(
      (action) => `org:${resource}:${action}`,
    ),
  );

export const ORG_ROLES: Record<OrgRole, OrgRoleDefinition> = {
  'org:admin': {
    name: 'Admin',
    description: 'Manages the organization, its members and all of its projects.',
    systemPermissions: [
      'org:sys_profile:manage',
      'org:sys_profile:delete',
      'org:sys_memberships:read',
      'org:sys_memberships:manage',
      'org:sys_domains:read',
      'org:sys_domains:manage',
    ],
    permissions: customPermissions('org:admin'),
  },
  'org:member': {
    name: 'Member',
    description: 'Reads the organization and its projects.',
    systemPermissions: ['org:sys_memberships:read'],
    permissions: customPermissions('org:member'),
  },
};

export const DEFAULT_ORG_ROLE: OrgRole = 'org:member';
export const CREATOR_ORG_ROLE: OrgRole = 'org:admin';

export const membershipPermissions = (role: OrgRole) => [...ORG_ROLES[role].systemPermissions, ...ORG_ROLES[role].permissions];

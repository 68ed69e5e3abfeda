/**
 * The organization roles of the local instance: what "Roles & Permissions" in
 * the Clerk Dashboard holds for a real one. Keep the custom permissions in step
 * with the production instance's configuration.
 */
export const ORG_ROLE_KEYS = ['org:admin', 'org:member'] as const;
export type OrgRoleKey = (typeof ORG_ROLE_KEYS)[number];

export interface OrgRoleDefinition {
  name: string;
  description: string;
  /** Clerk's system permissions: in membership JSON, never in session tokens. */
  systemPermissions: string[];
  /** Custom permissions (`org:<feature>:<permission>`): in membership JSON and, encoded, in session tokens. */
  permissions: string[];
}

export const ORG_ROLES: Record<OrgRoleKey, OrgRoleDefinition> = {
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
    permissions: ['org:projects:create', 'org:projects:read', 'org:projects:update', 'org:projects:delete'],
  },
  'org:member': {
    name: 'Member',
    description: 'Reads the organization and its projects.',
    systemPermissions: ['org:sys_memberships:read'],
    permissions: ['org:projects:read'],
  },
};

export const DEFAULT_ORG_ROLE: OrgRoleKey = 'org:member';
export const CREATOR_ORG_ROLE: OrgRoleKey = 'org:admin';

export const isOrgRoleKey = (value: unknown): value is OrgRoleKey => ORG_ROLE_KEYS.includes(value as OrgRoleKey);

export const membershipPermissions = (role: OrgRoleKey) => [...ORG_ROLES[role].systemPermissions, ...ORG_ROLES[role].permissions];

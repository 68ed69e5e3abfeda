/**
 * The one permissions matrix. Read by the middleware, server guards, route
 * handlers, server actions and client hooks alike; `can()` is pure.
 */
export const APP_ROLES = ['admin', 'manager', 'member'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const ORG_ROLES = ['org:admin', 'org:member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export const ACTIONS = ['create', 'read', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

export const PERMISSIONS = {
  users: {
    create: ['admin'],
    read: ['admin', 'manager', 'member'],
    update: ['admin', 'manager'],
    delete: ['admin'],
  },
  projects: {
    create: ['admin', 'manager'],
    read: ['admin', 'manager', 'member'],
    update: ['admin', 'manager'],
    delete: ['admin'],
  },
  /** Users' app roles (`/admin`): apart from `users.update`, so a manager cannot promote anyone, themselves included. */
  roles: {
    create: [],
    read: ['admin'],
    update: ['admin'],
    delete: [],
  },
} as const satisfies Record<string, Record<Action, readonly AppRole[]>>;

export type Resource = keyof typeof PERMISSIONS;
export const RESOURCES = Object.keys(PERMISSIONS) as Resource[];

/** Resources that belong to an organization: the org role counts there too. */
export const TENANT_RESOURCES: ReadonlySet<Resource> = new Set(['projects']);

/** How Clerk's organization roles map onto the matrix for tenant resources. */
export const ORG_ROLE_AS_APP_ROLE: Record<OrgRole, AppRole> = {
  'org:admin': 'admin',
  'org:member': 'member',
};

export interface Subject {
  role: AppRole | null;
  orgRole?: OrgRole | null;
}

const rank = (role: AppRole) => APP_ROLES.length - APP_ROLES.indexOf(role);

export const isAppRole = (value: unknown): value is AppRole => APP_ROLES.includes(value as AppRole);
export const isOrgRole = (value: unknown): value is OrgRole => ORG_ROLES.includes(value as OrgRole);

/** The role that governs `resource`: for tenant resources, the stronger of the app role and the org role. */
export function effectiveRole(subject: Subject, resource: Resource): AppRole | null {
  const appRole = isAppRole(subject.role) ? subject.role : null;
  const orgRole = TENANT_RESOURCES.has(resource) && isOrgRole(subject.orgRole) ? ORG_ROLE_AS_APP_ROLE[subject.orgRole] : null;
  if (!appRole || !orgRole) return appRole ?? orgRole;
  return rank(appRole) >= rank(orgRole) ? appRole : orgRole;
}

/**
 * Whether `subject` may do `action` on `resource`. Unknown roles, resources and
 * actions are type errors, and deny at run time (values from JSON or a cast),
 * including inherited keys such as `constructor` or `__proto__`.
 */
export function can(subject: Subject, resource: Resource, action: Action): boolean {
  if (!Object.hasOwn(PERMISSIONS, resource)) return false;
  const rules: Record<string, readonly AppRole[]> = PERMISSIONS[resource];
  if (!Object.hasOwn(rules, action)) return false;
  const role = effectiveRole(subject, resource);
  return role !== null && (rules[action] ?? []).includes(role);
}

/**
 * The one permissions matrix. Read by the middleware, server guards, route
 * handlers, server actions and client hooks alike; `can()` is pure.
 * Plans and features live in lib/billing/plans.ts.
 */
import type { Entitlements } from '@/lib/billing/plans';

export const APP_ROLES = ['admin', 'manager', 'member'] as const;
export type AppRole = (typeof APP_ROLES)[number];

export const ORG_ROLES = ['org:admin', 'org:member'] as const;
export type OrgRole = (typeof ORG_ROLES)[number];

export type Role = AppRole | OrgRole;

export const ACTIONS = ['create', 'read', 'update', 'delete'] as const;
export type Action = (typeof ACTIONS)[number];

/**
 * Who may do what: each action lists the roles allowed, app roles
 * (`publicMetadata.role`) and organization roles (Clerk's, in the active
 * organization). Either role of a subject is enough.
 */
export const PERMISSIONS = {
  users: {
    create: ['admin'],
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
  /** The example tenant resource: app roles act in any organization they are in, organization roles in their own. */
  projects: {
    create: ['admin', 'manager', 'org:admin'],
    read: ['admin', 'manager', 'member', 'org:admin', 'org:member'],
    update: ['admin', 'manager', 'org:admin'],
    delete: ['admin', 'org:admin'],
  },
  /** The organization's people and its own settings: organization roles only, as Clerk's system permissions. */
  members: {
    create: [],
    read: ['org:admin', 'org:member'],
    update: ['org:admin'],
    delete: ['org:admin'],
  },
  /** Like Clerk's API, members may see how many invitations are pending, never who was invited. */
  invitations: {
    create: ['org:admin'],
    read: ['org:admin'],
    update: [],
    delete: ['org:admin'],
  },
  organization: {
    create: [],
    read: ['org:admin', 'org:member'],
    update: ['org:admin'],
    delete: ['org:admin'],
  },
  /** Clerk lets only `org:sys_billing:manage` (org:admin) manage an organization's subscription. */
  billing: {
    create: [],
    read: ['org:admin'],
    update: ['org:admin'],
    delete: [],
  },
  /** Signing in as another user (Clerk's actor tokens, /admin): app admins only, never as an admin (lib/admin/impersonation.ts). */
  impersonation: {
    create: ['admin'],
    read: [],
    update: [],
    delete: [],
  },
  /** The organization's API keys (`<APIKeys />` on /org/:slug/api-keys): Clerk's `org:sys_api_keys:*`, which its admin role holds. */
  api_keys: {
    create: ['org:admin'],
    read: ['org:admin'],
    update: [],
    delete: ['org:admin'],
  },
} as const satisfies Record<string, Record<Action, readonly Role[]>>;

export type Resource = keyof typeof PERMISSIONS;
// Pure: bundles that never read it (the middleware's) drop it.
export const RESOURCES = /* @__PURE__ */ Object.keys(PERMISSIONS) as Resource[];

/** Resources the app stores per organization: Clerk's instance holds `org:<resource>:<action>` custom permissions for them. */
export const TENANT_RESOURCES: ReadonlySet<Resource> = new Set(['projects']);

/** An API key's scope: one pair of the matrix, e.g. `projects:read`. */
export type Scope = `${Resource}:${Action}`;

/**
 * Resources a key may never be scoped for: keys do not manage keys (a leaked key could mint
 * others), nor app roles. Impersonation refuses the same and more (`isSensitive`).
 */
const NOT_FOR_KEYS: readonly Resource[] = ['api_keys', 'roles', 'impersonation'];

const keyScopes = (): Scope[] =>
  (Object.keys(PERMISSIONS) as Resource[])
    .filter((resource) => !NOT_FOR_KEYS.includes(resource))
    .flatMap((resource) =>
      ACTIONS.filter((action) => allowedRoles(resource, action).length > 0).map((action) => `${resource}:${action}` as const),
    );

// Marked pure so that bundles which never read them (the middleware's, at the edge) drop the computation.
/** Every scope a key may carry: the matrix's pairs some role may do, but those of NOT_FOR_KEYS. */
export const KEY_SCOPES: readonly Scope[] = /* @__PURE__ */ keyScopes();

/** What a key made in Clerk's `<APIKeys />` (which sets no scopes) may do: read, nothing else. */
export const DEFAULT_KEY_SCOPES: readonly Scope[] = /* @__PURE__ */ KEY_SCOPES.filter((scope) => scope.endsWith(':read'));

export const isScope = (value: unknown): value is Scope => KEY_SCOPES.includes(value as Scope);

/**
 * What a session acting for someone else may not do, by the matrix's pairs: change roles,
 * delete anything, billing, API keys, impersonating in turn. Refused during impersonation (lib/auth/guards.ts).
 */
export const isSensitive = (resource: Resource, action: Action): boolean =>
  action === 'delete' ||
  resource === 'roles' ||
  resource === 'billing' ||
  resource === 'api_keys' ||
  resource === 'impersonation' ||
  (resource === 'members' && action === 'update');

export interface Subject {
  role: AppRole | null;
  orgRole?: OrgRole | null;
  /** An API key's scopes: the subject may do no more than these, whatever its roles allow. Absent for a session. */
  scopes?: readonly Scope[];
  /** Plans and features from the session (`pla`/`fea`), for `hasEntitlement()`. */
  entitlements?: Entitlements;
}

export const isAppRole = (value: unknown): value is AppRole => APP_ROLES.includes(value as AppRole);
export const isOrgRole = (value: unknown): value is OrgRole => ORG_ROLES.includes(value as OrgRole);

/** The roles the matrix allows for `resource`'s `action` (none for an unknown pair, inherited keys included). */
export function allowedRoles(resource: Resource, action: Action): readonly Role[] {
  if (!Object.hasOwn(PERMISSIONS, resource)) return [];
  const rules: Record<string, readonly Role[]> = PERMISSIONS[resource];
  return Object.hasOwn(rules, action) ? (rules[action] ?? []) : [];
}

/** The organization roles the matrix lets do `action` on `resource` (e.g. who counts as an admin for the last-admin rule). */
export const orgRolesThatMay = (resource: Resource, action: Action): OrgRole[] =>
  ORG_ROLES.filter((orgRole) => allowedRoles(resource, action).includes(orgRole));

/**
 * Whether `subject` may do `action` on `resource`. Unknown roles, resources and
 * actions are type errors, and deny at run time (values from JSON or a cast),
 * including inherited keys such as `constructor` or `__proto__`.
 */
export function can(subject: Subject, resource: Resource, action: Action): boolean {
  const allowed = allowedRoles(resource, action);
  if (subject.scopes && !subject.scopes.includes(`${resource}:${action}`)) return false;
  return (isAppRole(subject.role) && allowed.includes(subject.role)) || (isOrgRole(subject.orgRole) && allowed.includes(subject.orgRole));
}

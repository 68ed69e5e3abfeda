/**
 * The one permissions matrix, and the billing plans and features beside it. Read by the middleware, server guards, route
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
  /** Plans and features from the session (`pla`/`fea`), for `hasEntitlement()`. */
  entitlements?: Entitlements;
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

/*
 * Billing: Clerk Billing's plans and the features they grant, by the slugs
 * they have in Clerk's Dashboard. The session token carries them as `pla`
 * (`u:free_user,o:pro`) and `fea` (`o:projects,o:unlimited_projects`).
 */

/** Who pays for a plan: a user for themselves, or an organization. */
export const PAYER_SCOPES = ['user', 'org'] as const;
export type PayerScope = (typeof PAYER_SCOPES)[number];

export const FEATURES = {
  /** Also the `projects` part of `org:projects:<action>`: Clerk drops a role's permissions whose feature the plan lacks. */
  projects: { name: 'Projects', description: 'Create and manage projects.' },
  unlimited_projects: { name: 'Unlimited projects', description: 'No limit on how many projects the organization keeps.' },
} as const satisfies Record<string, { name: string; description: string }>;
export type Feature = keyof typeof FEATURES;

export interface PlanDefinition {
  payer: PayerScope;
  name: string;
  description: string;
  /** Every user (or organization) is subscribed to its scope's default plan until it picks another. */
  isDefault: boolean;
  features: readonly Feature[];
  /** Price in cents (USD) per month, billed monthly; 0 for free plans. */
  monthlyFee: number;
  /** Price in cents per month when billed yearly. */
  annualMonthlyFee: number;
}

export const PLANS = {
  free_user: { payer: 'user', name: 'Free', description: 'For your own account.', isDefault: true, features: [], monthlyFee: 0, annualMonthlyFee: 0 },
  free_org: {
    payer: 'org',
    name: 'Free',
    description: 'For small teams getting started.',
    isDefault: true,
    features: ['projects'],
    monthlyFee: 0,
    annualMonthlyFee: 0,
  },
  pro: {
    payer: 'org',
    name: 'Pro',
    description: 'For teams that outgrow the free plan.',
    isDefault: false,
    features: ['projects', 'unlimited_projects'],
    monthlyFee: 2000,
    annualMonthlyFee: 1600,
  },
} as const satisfies Record<string, PlanDefinition>;
export type Plan = keyof typeof PLANS;
export const PLAN_SLUGS = Object.keys(PLANS) as Plan[];

export const isPlan = (value: unknown): value is Plan => typeof value === 'string' && Object.hasOwn(PLANS, value);
export const isFeature = (value: unknown): value is Feature => typeof value === 'string' && Object.hasOwn(FEATURES, value);

/** The plan every payer of `scope` has without a subscription of its own. */
export const defaultPlan = (scope: PayerScope): Plan => PLAN_SLUGS.find((slug) => PLANS[slug].payer === scope && PLANS[slug].isDefault)!;

/** How many projects an organization may keep without the `unlimited_projects` feature. */
export const FREE_PROJECT_LIMIT = 3;

/** The plan that lifts the project limit: what the upgrade prompt offers. */
export const UPGRADE_PLAN: Plan = 'pro';

/** Plans and features per payer scope, as the session token states them (see lib/auth/claims.ts). */
export interface Entitlements {
  plans: Record<PayerScope, readonly string[]>;
  features: Record<PayerScope, readonly string[]>;
}

/** The entitlements of the default plans: what a session without billing claims has. */
export function defaultEntitlements(withOrg: boolean): Entitlements {
  const user = defaultPlan('user');
  const org = withOrg ? defaultPlan('org') : null;
  return {
    plans: { user: [user], org: org ? [org] : [] },
    features: { user: [...PLANS[user].features], org: org ? [...PLANS[org].features] : [] },
  };
}

export interface BillingQuery {
  plan?: Plan;
  feature?: Feature;
}

/**
 * Clerk's `has({ plan, feature })` over the subject's entitlements, for
 * either payer (the user's own plan or the active organization's). Both
 * given: both must hold. Neither, or no entitlements: false.
 */
export function hasEntitlement(subject: Pick<Subject, 'entitlements'>, query: BillingQuery): boolean {
  const { entitlements } = subject;
  if (!entitlements || (query.plan === undefined && query.feature === undefined)) return false;
  const holds = (kind: keyof Entitlements, value: string | undefined) =>
    value === undefined || PAYER_SCOPES.some((scope) => entitlements[kind][scope].includes(value));
  return holds('plans', query.plan) && holds('features', query.feature);
}

/** The organization's project limit, or null for none. */
export const projectLimit = (subject: Pick<Subject, 'entitlements'>): number | null =>
  hasEntitlement(subject, { feature: 'unlimited_projects' }) ? null : FREE_PROJECT_LIMIT;

/** The payer's plan as the session states it (a slug this app knows), else null. */
export const planOf = (subject: Pick<Subject, 'entitlements'>, scope: PayerScope): Plan | null =>
  subject.entitlements?.plans[scope].find(isPlan) ?? null;

/**
 * Clerk Billing's plans and the features they grant, by the slugs they have in
 * Clerk's Dashboard. The session token carries them as `pla` (`u:free_user,o:pro`)
 * and `fea` (`o:projects,o:unlimited_projects`). Pure: read on server and client.
 */
import { AppError } from '@/lib/errors';

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
  free_user: {
    payer: 'user',
    name: 'Free',
    description: 'For your own account.',
    isDefault: true,
    features: [],
    monthlyFee: 0,
    annualMonthlyFee: 0,
  },
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
// Pure: the middleware (edge), which never reads the plans, drops them from its bundle (~0.2 KB gzip).
export const PLAN_SLUGS = /* @__PURE__ */ Object.keys(PLANS) as Plan[];

export const isPlan = (value: unknown): value is Plan => typeof value === 'string' && Object.hasOwn(PLANS, value);
export const isFeature = (value: unknown): value is Feature => typeof value === 'string' && Object.hasOwn(FEATURES, value);

/** The plan every payer of `scope` has without a subscription of its own. */
export const defaultPlan = (scope: PayerScope): Plan => PLAN_SLUGS.find((slug) => PLANS[slug].payer === scope && PLANS[slug].isDefault)!;

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

/** Whoever holds entitlements: a session, or the client's permissions state. */
export interface Entitled {
  entitlements?: Entitlements;
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
export function hasEntitlement(subject: Entitled, query: BillingQuery): boolean {
  const { entitlements } = subject;
  if (!entitlements || (query.plan === undefined && query.feature === undefined)) return false;
  const holds = (kind: keyof Entitlements, value: string | undefined) =>
    value === undefined || PAYER_SCOPES.some((scope) => entitlements[kind][scope].includes(value));
  return holds('plans', query.plan) && holds('features', query.feature);
}

/** The payer's plan as the session states it (a slug this app knows), else null. */
export const planOf = (subject: Entitled, scope: PayerScope): Plan | null => subject.entitlements?.plans[scope].find(isPlan) ?? null;

/** The refusal for a feature the plan lacks: the UI turns `upgrade_required` into an upgrade prompt. */
export const upgradeRequired = (message: string) =>
  new AppError('upgrade_required', `${message} Upgrade to ${PLANS[UPGRADE_PLAN].name} to lift it.`);

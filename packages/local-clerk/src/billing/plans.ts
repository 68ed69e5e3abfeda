import { createHash } from 'node:crypto';

/**
 * Clerk Billing's plans as Dashboard > Billing holds them, configured by the
 * app (the same slugs as in the Dashboard). No plans: billing is off, as in a
 * fresh Clerk instance.
 */
export interface BillingFeatureConfig {
  slug: string;
  name: string;
  description?: string;
}

export interface BillingPlanConfig {
  slug: string;
  name: string;
  description?: string;
  /** Who subscribes: a user for themselves, or an organization. */
  payer: 'user' | 'org';
  /** Every payer of its kind has the default plan until it subscribes to another. One per payer kind. */
  isDefault?: boolean;
  features: BillingFeatureConfig[];
  /** Cents per month, billed monthly. 0: free. */
  monthlyFee: number;
  /** Cents per month, billed yearly (0: no yearly price). */
  annualMonthlyFee?: number;
  /** Days of free trial (0 or absent: none). */
  freeTrialDays?: number;
}

export type PlanPeriod = 'month' | 'annual';

/** Ids stay the same across restarts: derived from the slug, as a Dashboard's plan keeps its id. */
const stableId = (prefix: string, slug: string) =>
  `${prefix}_${createHash('sha256').update(slug).digest('base64url').replace(/[-_]/g, '').slice(0, 27)}`;
export const planId = (slug: string) => stableId('cplan', slug);
export const featureId = (slug: string) => stableId('feat', slug);

export class BillingPlans {
  constructor(readonly plans: readonly BillingPlanConfig[] = []) {
    for (const payer of ['user', 'org'] as const) {
      const ofPayer = plans.filter((plan) => plan.payer === payer);
      if (ofPayer.length && ofPayer.filter((plan) => plan.isDefault).length !== 1) {
        throw new Error(
          `local-clerk: billing needs exactly one default ${payer} plan (isDefault), got ${ofPayer.filter((plan) => plan.isDefault).length}`,
        );
      }
    }
  }

  enabledFor(payer: 'user' | 'org'): boolean {
    return this.plans.some((plan) => plan.payer === payer);
  }

  hasPaidPlans(payer: 'user' | 'org'): boolean {
    return this.plans.some((plan) => plan.payer === payer && plan.monthlyFee > 0);
  }

  ofPayer(payer: 'user' | 'org'): BillingPlanConfig[] {
    return this.plans.filter((plan) => plan.payer === payer);
  }

  byId(id: string): BillingPlanConfig | undefined {
    return this.plans.find((plan) => planId(plan.slug) === id);
  }

  bySlug(slug: string): BillingPlanConfig | undefined {
    return this.plans.find((plan) => plan.slug === slug);
  }

  defaultOf(payer: 'user' | 'org'): BillingPlanConfig | undefined {
    return this.plans.find((plan) => plan.payer === payer && plan.isDefault);
  }
}

/** What a period costs, in cents. */
export const periodFee = (plan: BillingPlanConfig, period: PlanPeriod) =>
  period === 'annual' ? (plan.annualMonthlyFee || plan.monthlyFee) * 12 : plan.monthlyFee;

const DAY = 24 * 60 * 60 * 1000;

/** The end of a period that starts at `start` (calendar month or year, as Stripe bills). */
export function periodEnd(start: number, period: PlanPeriod): number {
  const end = new Date(start);
  if (period === 'annual') end.setUTCFullYear(end.getUTCFullYear() + 1);
  else end.setUTCMonth(end.getUTCMonth() + 1);
  return end.getTime();
}

export const trialEnd = (start: number, days: number) => start + days * DAY;

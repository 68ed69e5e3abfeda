/** Billing plans (`commerce_plan`), as both APIs list them. */
import type { BillingPlanJSON } from '@clerk/shared/types';
import { featureId, planId, type BillingPlanConfig } from '../../billing/plans';
import { money } from './shared';

type PlanWire = BillingPlanJSON & { product_id: string };

export function planJSON(plan: BillingPlanConfig): PlanWire {
  const paid = plan.monthlyFee > 0;
  return {
    object: 'commerce_plan',
    id: planId(plan.slug),
    name: plan.name,
    fee: money(plan.monthlyFee),
    annual_fee: money((plan.annualMonthlyFee ?? 0) * 12),
    annual_monthly_fee: money(plan.annualMonthlyFee ?? 0),
    description: plan.description ?? null,
    product_id: `cprod_${planId(plan.slug).slice('cplan_'.length)}`,
    is_default: Boolean(plan.isDefault),
    is_recurring: paid,
    has_base_fee: paid,
    for_payer_type: plan.payer,
    publicly_visible: true,
    slug: plan.slug,
    avatar_url: null,
    features: plan.features.map((feature) => ({
      object: 'feature',
      id: featureId(feature.slug),
      name: feature.name,
      description: feature.description ?? null,
      slug: feature.slug,
      avatar_url: null,
    })),
    free_trial_days: plan.freeTrialDays ?? null,
    free_trial_enabled: (plan.freeTrialDays ?? 0) > 0,
  };
}

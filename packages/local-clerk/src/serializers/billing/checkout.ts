/** Checkouts (`commerce_checkout`): never needing a payment method, as the local test gateway confirms them. */
import type { BillingCheckoutJSON, BillingPayerJSON } from '@clerk/shared/types';
import { periodFee } from '../../billing/plans';
import type { CheckoutRecord, LocalClerkStore } from '../../store';
import { payerJSON } from './payer';
import { planJSON } from './plan';
import { money, requirePlan } from './shared';

export function checkoutJSON(store: LocalClerkStore, checkout: CheckoutRecord): BillingCheckoutJSON {
  const plan = requirePlan(store, checkout.planSlug);
  const subscription = store.billing.subscriptionOf(checkout.payer);
  const immediate = store.billing.isImmediate(checkout);
  const due = immediate && !(plan.freeTrialDays ?? 0) ? periodFee(plan, checkout.planPeriod) : 0;
  const zero = money(0);
  const current = store.billing.listedItems(subscription).find((item) => item.status === 'active');
  return {
    object: 'commerce_checkout',
    id: checkout.id,
    // No Stripe offline: the local test gateway confirms without a client secret.
    external_client_secret: '',
    external_gateway_id: '',
    plan: planJSON(plan),
    plan_period: checkout.planPeriod,
    plan_period_start: immediate ? checkout.createdAt : (current?.periodEnd ?? checkout.createdAt),
    status: checkout.status,
    totals: {
      subtotal: money(periodFee(plan, checkout.planPeriod)),
      base_fee: money(periodFee(plan, checkout.planPeriod)),
      tax_total: zero,
      grand_total: money(due),
      total_due_now: money(due),
      credit: null,
      credits: null,
      past_due: null,
      discounts: null,
      total_due_after_free_trial: null,
      total_due_per_period: money(periodFee(plan, checkout.planPeriod)),
    },
    is_immediate_plan_change: immediate,
    payer: payerJSON(store, checkout.payer, subscription.payerId, checkout.userId) as BillingPayerJSON,
    needs_payment_method: false,
  };
}

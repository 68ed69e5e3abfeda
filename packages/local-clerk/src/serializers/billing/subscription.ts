/** Subscriptions and their items: the Frontend API's, and the Backend API's with its payer. */
import type { BillingSubscriptionItemJSON, BillingSubscriptionJSON } from '@clerk/shared/types';
import { periodFee, planId } from '../../billing/plans';
import type { LocalClerkStore, SubscriptionItemRecord, SubscriptionRecord } from '../../store';
import { lastActorOf, payerJSON } from './payer';
import { planJSON } from './plan';
import { INSTANCE_ID, money, requirePlan } from './shared';

function nextPaymentOf(store: LocalClerkStore, item: SubscriptionItemRecord) {
  const plan = requirePlan(store, item.planSlug);
  return item.status === 'active' && item.periodEnd !== null && plan.monthlyFee > 0
    ? { amount: money(periodFee(plan, item.planPeriod)), date: item.periodEnd }
    : null;
}

/** `@clerk/shared`'s item plus what the spec also requires. */
type SubscriptionItemWire = BillingSubscriptionItemJSON & {
  instance_id: string;
  plan_id: string;
  payer_id: string;
  ended_at: number | null;
  updated_at: number;
};

export function subscriptionItemJSON(
  store: LocalClerkStore,
  subscription: SubscriptionRecord,
  item: SubscriptionItemRecord,
): SubscriptionItemWire {
  const plan = requirePlan(store, item.planSlug);
  return {
    object: 'commerce_subscription_item',
    id: item.id,
    instance_id: INSTANCE_ID,
    plan_id: planId(plan.slug),
    payer_id: subscription.payerId,
    ended_at: item.status === 'ended' ? item.updatedAt : null,
    updated_at: item.updatedAt,
    amount: money(periodFee(plan, item.planPeriod)),
    plan: planJSON(plan),
    plan_period: item.planPeriod,
    price_id: planId(plan.slug),
    status: item.status as BillingSubscriptionItemJSON['status'],
    created_at: item.createdAt,
    period_start: item.periodStart,
    period_end: item.periodEnd,
    canceled_at: item.canceledAt,
    past_due_at: null,
    is_free_trial: item.isFreeTrial,
    next_payment: nextPaymentOf(store, item),
  };
}

export function subscriptionJSON(
  store: LocalClerkStore,
  subscription: SubscriptionRecord,
): BillingSubscriptionJSON & { instance_id: string; payer_id: string } {
  const items = store.billing.listedItems(subscription);
  const next = items.map((item) => nextPaymentOf(store, item)).find(Boolean) ?? null;
  return {
    object: 'commerce_subscription',
    id: subscription.id,
    instance_id: INSTANCE_ID,
    payer_id: subscription.payerId,
    next_payment: next,
    status: subscription.status,
    created_at: subscription.createdAt,
    active_at: subscription.createdAt,
    updated_at: subscription.updatedAt,
    past_due_at: null,
    subscription_items: items.map((item) => subscriptionItemJSON(store, subscription, item)),
    eligible_for_free_trial: !subscription.items.some((item) => item.isFreeTrial),
  };
}

/** The Backend API's subscription (`clerkClient.billing.get*BillingSubscription`): the Frontend API's, with the payer. */
export function backendSubscriptionJSON(store: LocalClerkStore, subscription: SubscriptionRecord) {
  return {
    ...subscriptionJSON(store, subscription),
    payer: payerJSON(store, subscription.payer, subscription.payerId, lastActorOf(store, subscription)),
  };
}

/** Billing webhooks' payloads (`webhooks/2025-04-15.yml`): subscriptions, their items and payment attempts. */
import { planId, type BillingPlanConfig } from '../../billing/plans';
import type { BillingEvent, LocalClerkStore, PaymentAttemptRecord, SubscriptionItemRecord, SubscriptionRecord } from '../../store';
import { lastActorOf, payerJSON } from './payer';
import { CURRENCY, INSTANCE_ID, LOCAL_PAYMENT_SOURCE, money, requirePlan } from './shared';

const eventPlan = (plan: BillingPlanConfig) => ({
  id: planId(plan.slug),
  slug: plan.slug,
  name: plan.name,
  is_recurring: plan.monthlyFee > 0,
  amount: plan.monthlyFee,
  currency: CURRENCY,
});

function eventPayer(store: LocalClerkStore, subscription: SubscriptionRecord) {
  const payer = payerJSON(store, subscription.payer, subscription.payerId, lastActorOf(store, subscription));
  return {
    ...payer,
    organization_id: payer.organization_id ?? '',
    organization_name: payer.organization_name ?? '',
    created_at: subscription.createdAt,
    updated_at: subscription.createdAt,
  };
}

export function subscriptionItemEventJSON(
  store: LocalClerkStore,
  subscription: SubscriptionRecord,
  item: SubscriptionItemRecord,
  withPayer = true,
) {
  const plan = requirePlan(store, item.planSlug);
  return {
    object: 'commerce_subscription_item',
    id: item.id,
    status: item.status,
    is_free_trial: item.isFreeTrial,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
    period_start: item.periodStart,
    period_end: item.periodEnd,
    canceled_at: item.canceledAt,
    interval: item.planPeriod,
    plan_id: planId(plan.slug),
    plan: eventPlan(plan),
    subscription_id: subscription.id,
    ...(withPayer ? { payer: eventPayer(store, subscription) } : {}),
  };
}

export function subscriptionEventJSON(store: LocalClerkStore, subscription: SubscriptionRecord) {
  const listed = store.billing.listedItems(subscription);
  return {
    object: 'commerce_subscription',
    id: subscription.id,
    status: subscription.status,
    active_at: subscription.createdAt,
    canceled_at: null,
    created_at: subscription.createdAt,
    ended_at: null,
    past_due_at: null,
    updated_at: subscription.updatedAt,
    latest_payment_id: subscription.latestPaymentId,
    payer_id: subscription.payerId,
    payer: eventPayer(store, subscription),
    payment_source_id: subscription.latestPaymentId ? LOCAL_PAYMENT_SOURCE.id : null,
    items: listed.map((item) => subscriptionItemEventJSON(store, subscription, item, false)),
  };
}

export function paymentAttemptEventJSON(store: LocalClerkStore, payment: PaymentAttemptRecord) {
  const subscription = store.billing.subscriptionOf(payment.payer);
  const payer = payerJSON(store, payment.payer, subscription.payerId, payment.userId);
  const amount = money(payment.amount);
  return {
    id: payment.id,
    instance_id: INSTANCE_ID,
    payment_id: payment.paymentId,
    statement_id: `stmt_${payment.paymentId.slice(4)}`,
    gateway_external_id: 'local_test_checkout',
    status: payment.status,
    created_at: payment.createdAt,
    updated_at: payment.updatedAt,
    paid_at: payment.paidAt,
    failed_at: null,
    failed_reason: null,
    billing_date: payment.billingDate,
    charge_type: payment.chargeType,
    payee: { id: 'cpayee_local', gateway_type: 'local_test', gateway_external_id: 'local_test', gateway_status: 'active' },
    payer: { ...payer, organization_id: payer.organization_id ?? '', organization_name: payer.organization_name ?? '' },
    totals: { subtotal: amount, tax_total: money(0), grand_total: amount },
    payment_source: LOCAL_PAYMENT_SOURCE,
    subscription_items: subscription.items
      .filter((item) => payment.itemIds.includes(item.id))
      .map((item) => ({ ...subscriptionItemEventJSON(store, subscription, item, false), object: 'commerce_subscription_item' })),
  };
}

export function billingWebhookData(store: LocalClerkStore, event: BillingEvent): unknown {
  if ('payment' in event) return paymentAttemptEventJSON(store, event.payment);
  if ('item' in event) return subscriptionItemEventJSON(store, event.subscription, event.item);
  return subscriptionEventJSON(store, event.subscription);
}

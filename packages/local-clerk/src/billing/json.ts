/**
 * Clerk Billing's objects as the Frontend API (`@clerk/shared` `Billing*JSON`),
 * the Backend API and the webhooks (`webhooks/2025-04-15.yml`) shape them.
 * Amounts are cents in USD.
 */
import type { BillingCheckoutJSON, BillingMoneyAmountJSON, BillingPayerJSON, BillingPlanJSON, BillingSubscriptionItemJSON, BillingSubscriptionJSON } from '@clerk/shared/types';
import { organizationImage, userImage } from '../serializers';
import type { BillingEvent, CheckoutRecord, LocalClerkStore, Payer, PaymentAttemptRecord, SubscriptionItemRecord, SubscriptionRecord } from '../store';
import { featureId, periodFee, planId, type BillingPlanConfig } from './plans';

const CURRENCY = 'USD';
const INSTANCE_ID = 'ins_local';

export function money(cents: number): BillingMoneyAmountJSON {
  return { amount: cents, amount_formatted: (cents / 100).toFixed(2), currency: CURRENCY, currency_symbol: '$' };
}

/** The local test gateway's stand-in for a card: no card exists offline, and no request ever reaches Stripe. */
const LOCAL_PAYMENT_SOURCE = {
  id: 'cps_local_test_checkout',
  gateway: 'local_test',
  gateway_external_id: 'local_test_checkout',
  gateway_external_account_id: null,
  payment_method: 'card',
  status: 'active',
  card_type: null,
  last4: null,
} as const;

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

const requirePlan = (store: LocalClerkStore, slug: string) => {
  const plan = store.instance.billing.bySlug(slug);
  if (!plan) throw new Error(`local-clerk: plan ${slug} is no longer configured`);
  return plan;
};

function nextPaymentOf(store: LocalClerkStore, item: SubscriptionItemRecord) {
  const plan = requirePlan(store, item.planSlug);
  return item.status === 'active' && item.periodEnd !== null && plan.monthlyFee > 0 ? { amount: money(periodFee(plan, item.planPeriod)), date: item.periodEnd } : null;
}

/** `@clerk/shared`'s item plus what the spec also requires. */
type SubscriptionItemWire = BillingSubscriptionItemJSON & { instance_id: string; plan_id: string; payer_id: string; ended_at: number | null; updated_at: number };

export function subscriptionItemJSON(store: LocalClerkStore, subscription: SubscriptionRecord, item: SubscriptionItemRecord): SubscriptionItemWire {
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

export function subscriptionJSON(store: LocalClerkStore, subscription: SubscriptionRecord): BillingSubscriptionJSON & { instance_id: string; payer_id: string } {
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

/** The payer: the user, or the organization (with the user who acted). */
export function payerJSON(store: LocalClerkStore, payer: Payer, payerId: string, actingUserId?: string) {
  const user = store.users.get(payer.type === 'user' ? payer.id : (actingUserId ?? ''));
  const organization = payer.type === 'org' ? store.organizations.get(payer.id) : undefined;
  return {
    object: 'commerce_payer' as const,
    id: payerId,
    instance_id: INSTANCE_ID,
    user_id: user?.id ?? null,
    first_name: user?.firstName ?? null,
    last_name: user?.lastName ?? null,
    email: user ? (store.users.primaryEmail(user) ?? null) : null,
    organization_id: organization?.id ?? null,
    organization_name: organization?.name ?? null,
    image_url: organization ? organizationImage(store, organization) : user ? userImage(store, user) : '',
  };
}

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

// Backend API and webhooks

const eventPlan = (plan: BillingPlanConfig) => ({ id: planId(plan.slug), slug: plan.slug, name: plan.name, is_recurring: plan.monthlyFee > 0, amount: plan.monthlyFee, currency: CURRENCY });

const lastActorOf = (store: LocalClerkStore, subscription: SubscriptionRecord) =>
  subscription.payer.type === 'user' ? subscription.payer.id : store.billing.payments(subscription.payer)[0]?.userId;

function eventPayer(store: LocalClerkStore, subscription: SubscriptionRecord) {
  const payer = payerJSON(store, subscription.payer, subscription.payerId, lastActorOf(store, subscription));
  return { ...payer, organization_id: payer.organization_id ?? '', organization_name: payer.organization_name ?? '', created_at: subscription.createdAt, updated_at: subscription.createdAt };
}

export function subscriptionItemEventJSON(store: LocalClerkStore, subscription: SubscriptionRecord, item: SubscriptionItemRecord, withPayer = true) {
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

/** The Backend API's subscription (`clerkClient.billing.get*BillingSubscription`): the Frontend API's, with the payer. */
export function backendSubscriptionJSON(store: LocalClerkStore, subscription: SubscriptionRecord) {
  return {
    ...subscriptionJSON(store, subscription),
    payer: payerJSON(store, subscription.payer, subscription.payerId, lastActorOf(store, subscription)),
  };
}

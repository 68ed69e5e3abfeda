import { ClerkApiError, notFound } from '../errors';
import { randomBase62 } from '../ids';
import { periodEnd, periodFee, planId as planIdOf, trialEnd, type BillingPlanConfig, type PlanPeriod } from '../billing/plans';
import type {
  BillingState,
  CheckoutRecord,
  Payer,
  PayerType,
  PaymentAttemptRecord,
  SubscriptionItemRecord,
  SubscriptionItemStatus,
  SubscriptionRecord,
} from './billing-records';
import type { Emit } from './records';
import type { StoreParts } from './types';

/**
 * Clerk Billing's side, offline: every user and organization (the payers)
 * has a subscription whose items say which plan they have, had or will have.
 * Checkouts complete without a card (the local test gateway: no Stripe), and
 * every change is announced as Clerk's billing webhooks.
 */

const payerKey = (payer: Payer) => `${payer.type}:${payer.id}`;
const billingId = (prefix: string) => `${prefix}_${randomBase62()}`;
/** Items that describe now or next: what Clerk lists in a subscription. */
const LISTED: ReadonlySet<SubscriptionItemStatus> = new Set(['active', 'canceled', 'upcoming']);

export class Billing {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  private get state(): BillingState {
    return this.core.state.billing;
  }

  get plans() {
    return this.store.instance.billing;
  }

  enabledFor(type: PayerType): boolean {
    return this.plans.enabledFor(type);
  }

  private defaultPlan(type: PayerType): BillingPlanConfig {
    const plan = this.plans.defaultOf(type);
    if (!plan)
      throw new ClerkApiError(400, 'billing_disabled', 'Billing is not enabled', `No ${type} plans are configured for local mode.`);
    return plan;
  }

  /** Every payer has its default plan's subscription, created on first need (and announced). */
  subscriptionOf(payer: Payer): SubscriptionRecord {
    const existing = this.state.subscriptions[payerKey(payer)];
    if (existing) return this.settle(existing);
    return this.core.change((emit) => {
      const now = this.core.now();
      const plan = this.defaultPlan(payer.type);
      const item: SubscriptionItemRecord = {
        id: billingId('csub_item'),
        planSlug: plan.slug,
        planPeriod: 'month',
        status: 'active',
        isFreeTrial: false,
        periodStart: now,
        periodEnd: null,
        canceledAt: null,
        createdAt: now,
        updatedAt: now,
      };
      const subscription: SubscriptionRecord = {
        id: billingId('csub'),
        payerId: billingId('cpayer'),
        payer,
        status: 'active',
        items: [item],
        latestPaymentId: null,
        createdAt: now,
        updatedAt: now,
      };
      this.state.subscriptions[payerKey(payer)] = subscription;
      emit({ type: 'subscription.created', subscription });
      emit({ type: 'subscriptionItem.active', subscription, item });
      return subscription;
    });
  }

  /** Creates the default subscriptions of every user and organization that has none yet. */
  ensureAll(): void {
    if (this.enabledFor('user')) for (const user of this.store.users.list()) this.subscriptionOf({ type: 'user', id: user.id });
    if (this.enabledFor('org'))
      for (const organization of this.store.organizations.list()) this.subscriptionOf({ type: 'org', id: organization.id });
  }

  /** Listed items: active (or canceled, running to its period's end) first, then upcoming. */
  listedItems(subscription: SubscriptionRecord): SubscriptionItemRecord[] {
    return subscription.items.filter((item) => LISTED.has(item.status));
  }

  /** The plan the payer has now: what the session token's `pla` names. */
  currentPlan(payer: Payer): BillingPlanConfig | undefined {
    if (!this.enabledFor(payer.type)) return undefined;
    const item = this.subscriptionOf(payer).items.find((candidate) => candidate.status === 'active' || candidate.status === 'canceled');
    return item ? this.plans.bySlug(item.planSlug) : this.plans.defaultOf(payer.type);
  }

  /** Ends what ran out: a canceled item past its period ends and the upcoming one starts (as Clerk does at period end). */
  private settle(subscription: SubscriptionRecord): SubscriptionRecord {
    const now = Date.now();
    const due = subscription.items.filter((item) => item.status === 'canceled' && item.periodEnd !== null && item.periodEnd <= now);
    if (!due.length) return subscription;
    return this.core.change((emit) => {
      const stamp = this.core.now();
      for (const item of due) this.setStatus(subscription, item, 'ended', stamp, emit);
      for (const item of subscription.items.filter((candidate) => candidate.status === 'upcoming' && candidate.periodStart <= now)) {
        this.setStatus(subscription, item, 'active', stamp, emit);
      }
      this.touch(subscription, stamp, emit);
      return subscription;
    });
  }

  private setStatus(
    subscription: SubscriptionRecord,
    item: SubscriptionItemRecord,
    status: SubscriptionItemStatus,
    stamp: number,
    emit: Emit,
  ) {
    item.status = status;
    item.updatedAt = stamp;
    if (status === 'canceled') item.canceledAt = stamp;
    emit({ type: `subscriptionItem.${status}`, subscription, item });
  }

  private touch(subscription: SubscriptionRecord, stamp: number, emit: Emit) {
    subscription.updatedAt = stamp;
    emit({ type: 'subscription.updated', subscription });
  }

  startCheckout(payer: Payer, userId: string, planId: string, planPeriod: PlanPeriod): CheckoutRecord {
    const plan = this.plans.byId(planId);
    if (!plan || plan.payer !== payer.type) throw notFound('plan');
    const current = this.currentPlan(payer);
    const subscription = this.subscriptionOf(payer);
    const running = subscription.items.find(
      (item) => item.status === 'active' && item.planSlug === plan.slug && item.planPeriod === planPeriod,
    );
    if (current?.slug === plan.slug && running && !plan.isDefault) {
      throw new ClerkApiError(400, 'invalid_plan_change', 'Invalid plan change', 'You are already subscribed to this plan.');
    }
    return this.core.change(() => {
      const now = this.core.now();
      const checkout: CheckoutRecord = {
        id: billingId('chk'),
        payer,
        userId,
        planSlug: plan.slug,
        planPeriod,
        status: 'needs_confirmation',
        createdAt: now,
        updatedAt: now,
      };
      this.state.checkouts[checkout.id] = checkout;
      return checkout;
    });
  }

  requireCheckout(payer: Payer, id: string): CheckoutRecord {
    const checkout = this.state.checkouts[id];
    if (!checkout || payerKey(checkout.payer) !== payerKey(payer)) throw notFound('checkout');
    return checkout;
  }

  /** Subscribes the payer to a plan without anyone checking out (seeding, as an admin would in the Dashboard). */
  assignPlan(payer: Payer, slug: string): void {
    const plan = this.plans.bySlug(slug);
    if (!plan || plan.payer !== payer.type) throw new Error(`local-clerk: no ${payer.type} plan ${slug} is configured`);
    if (plan.isDefault) return;
    this.confirmCheckout(payer, this.startCheckout(payer, '', planIdOf(plan.slug), 'month').id);
  }

  /** Whether confirming `checkout` changes the plan now (a paid plan) or at the current period's end (back to the default plan). */
  isImmediate(checkout: CheckoutRecord): boolean {
    return !this.plans.bySlug(checkout.planSlug)?.isDefault;
  }

  /**
   * Completes a checkout with the local test gateway: no card, no Stripe. A
   * paid plan starts now (the previous item ends) and is paid at once; the
   * default plan starts when the paid one's period ends (the paid one is canceled).
   */
  confirmCheckout(payer: Payer, id: string): CheckoutRecord {
    const checkout = this.requireCheckout(payer, id);
    if (checkout.status === 'completed') return checkout;
    const plan = this.plans.bySlug(checkout.planSlug)!;
    const subscription = this.subscriptionOf(payer);
    if (plan.isDefault) {
      const paid = subscription.items.find((item) => item.status === 'active' && !this.plans.bySlug(item.planSlug)?.isDefault);
      if (paid) this.cancelItem(payer, paid.id);
      return this.core.change(() => this.complete(checkout));
    }
    return this.core.change((emit) => {
      const now = this.core.now();
      for (const item of subscription.items.filter((candidate) => candidate.status === 'active' || candidate.status === 'canceled')) {
        this.setStatus(subscription, item, 'ended', now, emit);
      }
      for (const item of subscription.items.filter((candidate) => candidate.status === 'upcoming'))
        this.setStatus(subscription, item, 'abandoned', now, emit);
      const trialDays = plan.freeTrialDays ?? 0;
      const item: SubscriptionItemRecord = {
        id: billingId('csub_item'),
        planSlug: plan.slug,
        planPeriod: checkout.planPeriod,
        status: 'active',
        isFreeTrial: trialDays > 0,
        periodStart: now,
        periodEnd: trialDays > 0 ? trialEnd(now, trialDays) : periodEnd(now, checkout.planPeriod),
        canceledAt: null,
        createdAt: now,
        updatedAt: now,
      };
      subscription.items.push(item);
      emit({ type: 'subscriptionItem.active', subscription, item });
      if (trialDays === 0) {
        const payment: PaymentAttemptRecord = {
          id: billingId('pa'),
          paymentId: billingId('cpa'),
          payer,
          userId: checkout.userId,
          status: 'pending',
          chargeType: 'checkout',
          amount: periodFee(plan, checkout.planPeriod),
          itemIds: [item.id],
          billingDate: now,
          paidAt: null,
          createdAt: now,
          updatedAt: now,
        };
        this.state.payments[payment.id] = payment;
        emit({ type: 'paymentAttempt.created', payment });
        payment.status = 'paid';
        payment.paidAt = payment.updatedAt = this.core.now();
        emit({ type: 'paymentAttempt.updated', payment });
        subscription.latestPaymentId = payment.paymentId;
      }
      this.touch(subscription, now, emit);
      return this.complete(checkout);
    });
  }

  private complete(checkout: CheckoutRecord): CheckoutRecord {
    checkout.status = 'completed';
    checkout.updatedAt = this.core.now();
    return checkout;
  }

  /** Cancels an item at its period's end: the default plan is scheduled to follow (Clerk's behaviour). */
  cancelItem(payer: Payer, itemId: string): SubscriptionItemRecord {
    const subscription = this.subscriptionOf(payer);
    const item = subscription.items.find((candidate) => candidate.id === itemId && LISTED.has(candidate.status));
    if (!item) throw notFound('subscription_item');
    const plan = this.plans.bySlug(item.planSlug);
    if (plan?.isDefault) throw new ClerkApiError(400, 'invalid_plan_change', 'Invalid plan change', 'The default plan cannot be canceled.');
    if (item.status === 'canceled') return item;
    return this.core.change((emit) => {
      const now = this.core.now();
      this.setStatus(subscription, item, 'canceled', now, emit);
      const fallback = this.defaultPlan(payer.type);
      const upcoming: SubscriptionItemRecord = {
        id: billingId('csub_item'),
        planSlug: fallback.slug,
        planPeriod: 'month',
        status: 'upcoming',
        isFreeTrial: false,
        periodStart: item.periodEnd ?? now,
        periodEnd: null,
        canceledAt: null,
        createdAt: now,
        updatedAt: now,
      };
      subscription.items.push(upcoming);
      emit({ type: 'subscriptionItem.upcoming', subscription, item: upcoming });
      this.touch(subscription, now, emit);
      return item;
    });
  }

  payments(payer: Payer): PaymentAttemptRecord[] {
    return Object.values(this.state.payments)
      .filter((payment) => payerKey(payment.payer) === payerKey(payer))
      .sort((a, b) => b.createdAt - a.createdAt);
  }

  /** Every item of every subscription, newest first (the Backend API's instance-wide list). */
  allItems(): Array<{ subscription: SubscriptionRecord; item: SubscriptionItemRecord }> {
    return Object.values(this.state.subscriptions)
      .flatMap((subscription) => subscription.items.map((item) => ({ subscription, item })))
      .sort((a, b) => b.item.createdAt - a.item.createdAt || (a.item.id < b.item.id ? 1 : -1));
  }

  /** The item by id, whoever pays (the Backend API's view). */
  findItem(itemId: string): { subscription: SubscriptionRecord; item: SubscriptionItemRecord } | undefined {
    for (const subscription of Object.values(this.state.subscriptions)) {
      const item = subscription.items.find((candidate) => candidate.id === itemId);
      if (item) return { subscription, item };
    }
    return undefined;
  }
}

import { afterEach, describe, expect, it, vi } from 'vitest';
import { planId } from '../src/billing/plans';
import { Instance } from '../src/instance';
import { LocalClerkStore, type StoreEvent } from '../src/store';
import { BILLING_PLANS, INSTANCE } from './fixtures';

/** Clerk Billing offline: default subscriptions, the local test checkout, canceling at period end. */
function billingStore() {
  const store = LocalClerkStore.open(null, new Instance({ ...INSTANCE, billingPlans: BILLING_PLANS }));
  const events: string[] = [];
  store.subscribe((event: StoreEvent) => events.push(event.type));
  const organization = store.organizations.create({ name: 'Billing Co' });
  const payer = { type: 'org' as const, id: organization.id };
  return { store, events, payer };
}

afterEach(() => vi.useRealTimers());

describe('billing', () => {
  it('gives every payer its default plan, announced once', () => {
    const { store, events, payer } = billingStore();
    expect(store.billing.currentPlan(payer)?.slug).toBe('free_org');
    expect(store.billing.currentPlan(payer)?.slug).toBe('free_org');
    expect(events.filter((type) => type === 'subscription.created')).toHaveLength(1);
  });

  it('a confirmed checkout switches to the paid plan at once, ends the free item and records a paid local payment', () => {
    const { store, events, payer } = billingStore();
    store.billing.subscriptionOf(payer);
    events.length = 0;
    const checkout = store.billing.startCheckout(payer, 'user_x', planId('pro'), 'month');
    expect(events).toEqual([]);
    store.billing.confirmCheckout(payer, checkout.id);
    expect(store.billing.currentPlan(payer)?.slug).toBe('pro');
    expect(events).toEqual([
      'subscriptionItem.ended',
      'subscriptionItem.active',
      'paymentAttempt.created',
      'paymentAttempt.updated',
      'subscription.updated',
    ]);
    expect(store.billing.payments(payer)).toMatchObject([{ status: 'paid', amount: 2000, chargeType: 'checkout' }]);
    expect(() => store.billing.startCheckout(payer, 'user_x', planId('pro'), 'month')).toThrow(
      expect.objectContaining({ code: 'invalid_plan_change' }),
    );
  });

  it('canceling keeps the plan until its period ends, then the default plan takes over', () => {
    const { store, payer } = billingStore();
    store.billing.confirmCheckout(payer, store.billing.startCheckout(payer, 'user_x', planId('pro'), 'month').id);
    const pro = store.billing.subscriptionOf(payer).items.find((item) => item.planSlug === 'pro')!;
    store.billing.cancelItem(payer, pro.id);
    expect(store.billing.currentPlan(payer)?.slug).toBe('pro');
    expect(store.billing.listedItems(store.billing.subscriptionOf(payer)).map((item) => `${item.planSlug}:${item.status}`)).toEqual([
      'pro:canceled',
      'free_org:upcoming',
    ]);

    vi.useFakeTimers({ now: pro.periodEnd! + 1, toFake: ['Date'] });
    expect(store.billing.currentPlan(payer)?.slug).toBe('free_org');
    expect(store.billing.listedItems(store.billing.subscriptionOf(payer)).map((item) => `${item.planSlug}:${item.status}`)).toEqual([
      'free_org:active',
    ]);
  });

  it('refuses a plan of the other payer kind, and canceling the default plan', () => {
    const { store, payer } = billingStore();
    expect(() => store.billing.startCheckout(payer, 'user_x', planId('plus'), 'month')).toThrow(
      expect.objectContaining({ status: 404, longMessage: expect.stringContaining('plan') }),
    );
    const free = store.billing.subscriptionOf(payer).items[0]!;
    expect(() => store.billing.cancelItem(payer, free.id)).toThrow(
      expect.objectContaining({ longMessage: 'The default plan cannot be canceled.' }),
    );
  });
});

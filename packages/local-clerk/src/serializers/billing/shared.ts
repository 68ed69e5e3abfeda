/** What Clerk Billing's objects share: amounts (cents in USD), the local test gateway, the configured plans. */
import type { BillingMoneyAmountJSON } from '@clerk/shared/types';
import type { LocalClerkStore } from '../../store';

export const CURRENCY = 'USD';

export const INSTANCE_ID = 'ins_local';

export function money(cents: number): BillingMoneyAmountJSON {
  return { amount: cents, amount_formatted: (cents / 100).toFixed(2), currency: CURRENCY, currency_symbol: '$' };
}

/** The local test gateway's stand-in for a card: no card exists offline, and no request ever reaches Stripe. */
export const LOCAL_PAYMENT_SOURCE = {
  id: 'cps_local_test_checkout',
  gateway: 'local_test',
  gateway_external_id: 'local_test_checkout',
  gateway_external_account_id: null,
  payment_method: 'card',
  status: 'active',
  card_type: null,
  last4: null,
} as const;

export const requirePlan = (store: LocalClerkStore, slug: string) => {
  const plan = store.instance.billing.bySlug(slug);
  if (!plan) throw new Error(`local-clerk: plan ${slug} is no longer configured`);
  return plan;
};

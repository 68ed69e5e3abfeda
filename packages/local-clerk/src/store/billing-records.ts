/** Clerk Billing's records in the store (billing.ts changes them): payers' subscriptions, checkouts and payments. */
import type { PlanPeriod } from '../billing/plans';

export type PayerType = 'user' | 'org';
export interface Payer {
  type: PayerType;
  /** The user, or the organization. */
  id: string;
}

export type SubscriptionItemStatus = 'active' | 'canceled' | 'ended' | 'upcoming' | 'abandoned';

export interface SubscriptionItemRecord {
  id: string;
  planSlug: string;
  planPeriod: PlanPeriod;
  status: SubscriptionItemStatus;
  isFreeTrial: boolean;
  periodStart: number;
  /** Null for a default (free) plan: it never ends by itself. */
  periodEnd: number | null;
  canceledAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SubscriptionRecord {
  id: string;
  payerId: string;
  payer: Payer;
  status: 'active' | 'past_due';
  items: SubscriptionItemRecord[];
  /** The last payment, if any. */
  latestPaymentId: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface CheckoutRecord {
  id: string;
  payer: Payer;
  /** Who started it (an organization's admin, or the user). */
  userId: string;
  planSlug: string;
  planPeriod: PlanPeriod;
  status: 'needs_confirmation' | 'completed';
  createdAt: number;
  updatedAt: number;
}

export interface PaymentAttemptRecord {
  id: string;
  paymentId: string;
  payer: Payer;
  userId: string;
  status: 'pending' | 'paid' | 'failed';
  chargeType: 'checkout' | 'recurring';
  /** Cents. */
  amount: number;
  itemIds: string[];
  billingDate: number;
  paidAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface BillingState {
  /** By payer key (`user:<id>`, `org:<id>`). */
  subscriptions: Record<string, SubscriptionRecord>;
  checkouts: Record<string, CheckoutRecord>;
  payments: Record<string, PaymentAttemptRecord>;
}

export type BillingEvent =
  | { type: 'subscription.created' | 'subscription.updated' | 'subscription.active'; subscription: SubscriptionRecord }
  | {
      type:
        | 'subscriptionItem.active'
        | 'subscriptionItem.canceled'
        | 'subscriptionItem.ended'
        | 'subscriptionItem.upcoming'
        | 'subscriptionItem.abandoned';
      subscription: SubscriptionRecord;
      item: SubscriptionItemRecord;
    }
  | { type: 'paymentAttempt.created' | 'paymentAttempt.updated'; payment: PaymentAttemptRecord };

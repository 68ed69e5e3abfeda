import { sql } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { billingPaymentAttempts, billingSubscriptionItems, billingSubscriptions } from '@/lib/db/schema';
import type { BillingPayerJSON, PaymentAttemptJSON, SubscriptionItemJSON, SubscriptionJSON } from './events';
import { upsertRows, type RowRule } from './versioned';

/**
 * Clerk Billing's events into their own tables. Clerk never deletes a
 * subscription, an item or a payment attempt (they end, or fail), so the
 * ordering rule is the plain one: a write applies when its `updated_at` is
 * strictly newer than the row's (a redelivery or an older event is `stale`).
 */

type BillingTable = typeof billingSubscriptions | typeof billingSubscriptionItems | typeof billingPaymentAttempts;

const date = (millis: number | null | undefined) => (millis === null || millis === undefined ? null : new Date(millis));

export function payerOf(payer: BillingPayerJSON) {
  return payer.organization_id
    ? { payerType: 'org' as const, organizationId: payer.organization_id, userId: payer.user_id || null }
    : { payerType: 'user' as const, organizationId: null, userId: payer.user_id || null };
}

type BillingValues<T extends BillingTable> = Omit<T['$inferInsert'], 'createdAt' | 'updatedAt' | 'clerkUpdatedAt'> & { id: string };

/** Strictly newer wins; Clerk Billing has no deletions. */
const newer =
  (table: BillingTable): RowRule =>
  ({ stored, incoming }) =>
    sql`${stored(table.clerkUpdatedAt)} < ${incoming(table.clerkUpdatedAt)}`;

/** Writes the rows as if one after another (see ./versioned's upsertRows) and returns how many changed their row. */
function writeIfNewer<T extends BillingTable>(
  tx: Database,
  table: T,
  rows: ReadonlyArray<{ values: BillingValues<T>; version: number }>,
  /** Columns written only when the event names them (a later event without them keeps the known value). */
  keep: readonly string[] = [],
): Promise<number> {
  return upsertRows(
    tx,
    table,
    { key: ['id'], accepted: newer(table), keep },
    rows.map(({ values, version }) => ({ ...values, clerkUpdatedAt: version })),
  );
}

export interface SubscriptionItemWrite {
  item: SubscriptionItemJSON;
  payer: BillingPayerJSON;
  /** The subscription that lists the item, when the item itself does not say. */
  subscriptionId: string | null;
}

export async function writeSubscriptionItem(
  tx: Database,
  item: SubscriptionItemJSON,
  payer: BillingPayerJSON,
  subscriptionId: string | null,
): Promise<boolean> {
  return (await writeSubscriptionItems(tx, [{ item, payer, subscriptionId }])) > 0;
}

/** Many items, in order, as writeSubscriptionItem would write them one by one: returns how many changed. */
export function writeSubscriptionItems(tx: Database, items: readonly SubscriptionItemWrite[]): Promise<number> {
  return writeIfNewer(
    tx,
    billingSubscriptionItems,
    items.map(({ item, payer, subscriptionId }) => ({
      values: {
        id: item.id,
        subscriptionId: item.subscription_id || subscriptionId,
        ...payerOf(payer),
        planId: item.plan_id ?? item.plan?.id ?? null,
        planSlug: item.plan?.slug ?? null,
        planName: item.plan?.name ?? null,
        status: item.status,
        interval: item.interval ?? null,
        isFreeTrial: item.is_free_trial ?? false,
        periodStart: date(item.period_start),
        periodEnd: date(item.period_end),
        canceledAt: date(item.canceled_at),
      },
      version: item.updated_at,
    })),
    ['subscriptionId'],
  );
}

/** A subscription and the items it lists (each item on its own version). True when anything changed. */
export async function writeSubscription(tx: Database, subscription: SubscriptionJSON): Promise<boolean> {
  const changed = await writeIfNewer(tx, billingSubscriptions, [
    {
      values: {
        id: subscription.id,
        ...payerOf(subscription.payer),
        status: subscription.status,
        activeAt: date(subscription.active_at),
        canceledAt: date(subscription.canceled_at),
        endedAt: date(subscription.ended_at),
        pastDueAt: date(subscription.past_due_at),
      },
      version: subscription.updated_at,
    },
  ]);
  const itemsChanged = await writeSubscriptionItems(
    tx,
    subscription.items.map((item) => ({ item, payer: item.payer ?? subscription.payer, subscriptionId: subscription.id })),
  );
  return changed + itemsChanged > 0;
}

export async function writePaymentAttempt(tx: Database, attempt: PaymentAttemptJSON): Promise<boolean> {
  const changed = await writeIfNewer(tx, billingPaymentAttempts, [
    {
      values: {
        id: attempt.id,
        paymentId: attempt.payment_id ?? null,
        ...payerOf(attempt.payer),
        status: attempt.status,
        chargeType: attempt.charge_type ?? null,
        amount: attempt.totals?.grand_total.amount ?? null,
        currency: attempt.totals?.grand_total.currency ?? null,
        billingDate: date(attempt.billing_date),
        paidAt: date(attempt.paid_at),
        failedAt: date(attempt.failed_at),
        failedReason: attempt.failed_reason?.code ?? null,
      },
      version: attempt.updated_at,
    },
  ]);
  return changed > 0;
}

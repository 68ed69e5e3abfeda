import { sql } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import { billingPaymentAttempts, billingSubscriptionItems, billingSubscriptions } from '@/lib/db/schema';
import type { BillingPayerJSON, PaymentAttemptJSON, SubscriptionItemJSON, SubscriptionJSON } from './events';

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

async function writeIfNewer<T extends BillingTable>(
  tx: Database,
  table: T,
  values: Omit<T['$inferInsert'], 'createdAt' | 'updatedAt' | 'clerkUpdatedAt'> & { id: string },
  version: number,
  keep: Partial<Record<string, PgColumn>> = {},
): Promise<boolean> {
  const { id: _id, ...changes } = values;
  // Columns in `keep` are written only when the event names them (a later event without them keeps the known value).
  const kept = Object.fromEntries(
    Object.entries(keep).map(([name, column]) => [name, sql`coalesce(excluded.${sql.identifier(column!.name)}, ${column})`]),
  );
  const written = await tx
    .insert(table as typeof billingSubscriptions)
    .values({ ...(values as typeof billingSubscriptions.$inferInsert), clerkUpdatedAt: version })
    .onConflictDoUpdate({
      target: table.id,
      set: { ...changes, ...kept, clerkUpdatedAt: version, updatedAt: sql`now()` },
      setWhere: sql`${table.clerkUpdatedAt} < ${version}`,
    })
    .returning({ id: table.id });
  return written.length > 0;
}

export function writeSubscriptionItem(
  tx: Database,
  item: SubscriptionItemJSON,
  payer: BillingPayerJSON,
  subscriptionId: string | null,
): Promise<boolean> {
  return writeIfNewer(
    tx,
    billingSubscriptionItems,
    {
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
    item.updated_at,
    { subscriptionId: billingSubscriptionItems.subscriptionId },
  );
}

/** A subscription and the items it lists (each item on its own version). True when anything changed. */
export async function writeSubscription(tx: Database, subscription: SubscriptionJSON): Promise<boolean> {
  const changed = await writeIfNewer(
    tx,
    billingSubscriptions,
    {
      id: subscription.id,
      ...payerOf(subscription.payer),
      status: subscription.status,
      activeAt: date(subscription.active_at),
      canceledAt: date(subscription.canceled_at),
      endedAt: date(subscription.ended_at),
      pastDueAt: date(subscription.past_due_at),
    },
    subscription.updated_at,
  );
  let itemsChanged = false;
  for (const item of subscription.items) {
    itemsChanged = (await writeSubscriptionItem(tx, item, item.payer ?? subscription.payer, subscription.id)) || itemsChanged;
  }
  return changed || itemsChanged;
}

export function writePaymentAttempt(tx: Database, attempt: PaymentAttemptJSON): Promise<boolean> {
  return writeIfNewer(
    tx,
    billingPaymentAttempts,
    {
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
    attempt.updated_at,
  );
}

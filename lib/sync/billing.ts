import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '@/lib/db/client';
import { billingPaymentAttempts, billingSubscriptionItems, billingSubscriptions } from '@/lib/db/schema';
import type { BillingPayerJSON, PaymentAttemptJSON, SubscriptionItemJSON, SubscriptionJSON } from './events';
import { incoming, sharedColumns, statementsOf } from './versioned';

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

/**
 * Writes the rows as if one after another (see ./versioned's statementsOf) and returns how many
 * changed their row. The rule is one condition on the stored and the incoming row (`excluded`), so
 * a webhook's row and a backfill's page go through the same statement.
 */
async function writeIfNewer<T extends BillingTable>(
  tx: Database,
  table: T,
  rows: ReadonlyArray<{ values: BillingValues<T>; version: number }>,
  keep: Partial<Record<string, PgColumn>> = {},
): Promise<number> {
  if (!rows.length) return 0;
  const columns = table as unknown as Record<string, PgColumn>;
  // Columns in `keep` are written only when the event names them (a later event without them keeps the known value).
  const set = Object.fromEntries(
    sharedColumns(rows.map((row) => row.values))
      .filter((name) => name !== 'id')
      .map((name) => {
        const column = columns[name]!;
        return [name, keep[name] ? sql`coalesce(${incoming(column)}, ${column})` : incoming(column)] as [string, SQL];
      }),
  );
  let written = 0;
  for (const statement of statementsOf(rows, (row) => row.values.id)) {
    const result = await tx
      .insert(table as typeof billingSubscriptions)
      .values(
        statement.map(({ values, version }) => ({ ...(values as typeof billingSubscriptions.$inferInsert), clerkUpdatedAt: version })),
      )
      .onConflictDoUpdate({
        target: table.id,
        set: { ...set, clerkUpdatedAt: incoming(table.clerkUpdatedAt), updatedAt: sql`now()` },
        setWhere: sql`${table.clerkUpdatedAt} < ${incoming(table.clerkUpdatedAt)}`,
      })
      .returning({ id: table.id });
    written += result.length;
  }
  return written;
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
    { subscriptionId: billingSubscriptionItems.subscriptionId },
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

import 'server-only';
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '@/lib/db/client';
import { billingSubscriptionItems, type BillingSubscriptionItem } from '@/lib/db/schema';
import type { TenantScope } from './scope';

/** Items that describe what the organization has now or will have next (not ended, abandoned or incomplete). */
const CURRENT_STATUSES = ['active', 'canceled', 'past_due', 'upcoming'];

/**
 * The organization's current and upcoming subscription items from the mirror
 * (Clerk's billing webhooks), newest period first: no call to Clerk. A
 * `canceled` item still runs until its `periodEnd`; an `upcoming` one starts then.
 */
export function listSubscriptionItems(db: Database, scope: Pick<TenantScope, 'orgId'>): Promise<BillingSubscriptionItem[]> {
  return db
    .select()
    .from(billingSubscriptionItems)
    .where(and(eq(billingSubscriptionItems.organizationId, scope.orgId), inArray(billingSubscriptionItems.status, CURRENT_STATUSES)))
    .orderBy(desc(billingSubscriptionItems.periodStart), desc(billingSubscriptionItems.clerkUpdatedAt));
}

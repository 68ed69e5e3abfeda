/**
 * Clerk Billing's Backend API (`clerkClient.billing`): the plans (bare
 * `{ data, total_count }`), a payer's subscription, every subscription item of
 * the instance (paged), canceling an item.
 */
import { planId as planIdOf } from '../billing/plans';
import { planJSON } from '../serializers/billing/plan';
import { lastActorOf, payerJSON } from '../serializers/billing/payer';
import { backendSubscriptionJSON, subscriptionItemJSON } from '../serializers/billing/subscription';
import { notFound } from '../errors';
import { Routes } from '../http';
import { ok, page, type BapiContext } from './context';

export const billingRoutes = new Routes<BapiContext>('bapi/billing.ts')
  .on('GET', '/v1/billing/plans', ({ store, query }) => {
    const payerType = query.get('payer_type');
    const plans = store.instance.billing.plans.filter((plan) => !payerType || plan.payer === payerType).map(planJSON);
    return ok({ data: plans, total_count: plans.length });
  })
  .on('GET', '/v1/users/:id/billing/subscription', ({ store }, { id }) => {
    const user = store.users.require(id!);
    return ok(backendSubscriptionJSON(store, store.billing.subscriptionOf({ type: 'user', id: user.id })));
  })
  .on('GET', '/v1/organizations/:id/billing/subscription', ({ store }, { id }) => {
    const organization = store.organizations.require(id!);
    return ok(backendSubscriptionJSON(store, store.billing.subscriptionOf({ type: 'org', id: organization.id })));
  })
  // Clerk's filters: status (`free_trial` for items in a trial), payer_type, plan_id; free plans' items only with include_free=true.
  .on('GET', '/v1/billing/subscription_items', ({ store, query }) => {
    const [status, payerType, planId] = ['status', 'payer_type', 'plan_id'].map((name) => query.get(name));
    const includeFree = query.get('include_free') === 'true';
    const items = store.billing.allItems().filter(({ subscription, item }) => {
      const plan = store.instance.billing.bySlug(item.planSlug);
      return (
        (includeFree || (plan?.monthlyFee ?? 0) > 0) &&
        (!status || (status === 'free_trial' ? item.isFreeTrial : item.status === status)) &&
        (!payerType || subscription.payer.type === payerType) &&
        (!planId || planIdOf(item.planSlug) === planId)
      );
    });
    return page(query, items, ({ subscription, item }) => ({
      ...subscriptionItemJSON(store, subscription, item),
      payer: payerJSON(store, subscription.payer, subscription.payerId, lastActorOf(store, subscription)),
    }));
  })
  .on('DELETE', '/v1/billing/subscription_items/:id', ({ store }, { id }) => {
    const found = store.billing.findItem(id!);
    if (!found) throw notFound('subscription_item');
    const item = store.billing.cancelItem(found.subscription.payer, found.item.id);
    return ok(subscriptionItemJSON(store, found.subscription, item));
  });

/**
 * Clerk Billing's Backend API (`clerkClient.billing`): the plans (bare
 * `{ data, total_count }`), a payer's subscription, canceling an item.
 */
import { planJSON } from '../serializers/billing/plan';
import { backendSubscriptionJSON, subscriptionItemJSON } from '../serializers/billing/subscription';
import { notFound } from '../errors';
import { Routes } from '../http';
import { ok, type BapiContext } from './context';

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
  .on('DELETE', '/v1/billing/subscription_items/:id', ({ store }, { id }) => {
    const found = store.billing.findItem(id!);
    if (!found) throw notFound('subscription_item');
    const item = store.billing.cancelItem(found.subscription.payer, found.item.id);
    return ok(subscriptionItemJSON(store, found.subscription, item));
  });

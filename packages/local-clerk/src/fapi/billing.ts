import { z } from 'zod';
import { notFound, parseInput } from '../errors';
import { checkoutJSON } from '../serializers/billing/checkout';
import { planJSON } from '../serializers/billing/plan';
import { subscriptionItemJSON, subscriptionJSON } from '../serializers/billing/subscription';
import type { Payer } from '../store';
import { currentSession, requireMembership, withClient, FapiRoutes, type FapiContext } from './context';
import type { JsonResponse } from '../http';

/**
 * Clerk Billing's Frontend API: what `<PricingTable>`, the checkout drawer and
 * the subscription details call. The plan list answers bare JSON; a payer's
 * resources answer `{ response, client }`. Offline, a checkout needs no
 * payment method (`needs_payment_method: false`, no Stripe key), so it
 * completes with the local test gateway.
 */

const READ = 'org:sys_billing:read';
const MANAGE = 'org:sys_billing:manage';

/** The payer a route acts for: the signed-in user (`/me`), or an organization they may read (or manage) the billing of. */
function payerOf(
  ctx: FapiContext,
  params: Record<string, string | undefined>,
  permission: typeof READ | typeof MANAGE,
): { payer: Payer; userId: string } {
  if (params.orgId) {
    const { user, organization } = requireMembership(ctx, params.orgId, permission);
    return { payer: { type: 'org', id: organization.id }, userId: user.id };
  }
  const { user } = currentSession(ctx);
  return { payer: { type: 'user', id: user.id }, userId: user.id };
}

const checkoutBody = z.object({
  plan_id: z.string().min(1),
  plan_period: z.enum(['month', 'annual']).default('month'),
});

const emptyPage = { data: [], total_count: 0 };

const bare = (body: unknown): JsonResponse => ({ status: 200, body });

/** A payer's resources answer alike for the user (`/v1/me/billing`) and an organization (`/v1/organizations/:orgId/billing`). */
const subscription = (ctx: FapiContext, params: Record<string, string>) =>
  withClient(ctx, subscriptionJSON(ctx.deps.store, ctx.deps.store.billing.subscriptionOf(payerOf(ctx, params, READ).payer)));

const paymentMethods = (ctx: FapiContext, params: Record<string, string>) => {
  payerOf(ctx, params, READ);
  // No cards offline: entering one needs Stripe.
  return withClient(ctx, emptyPage);
};

const statements = (ctx: FapiContext, params: Record<string, string>) => {
  payerOf(ctx, params, READ);
  return withClient(ctx, emptyPage);
};

const startCheckout = (ctx: FapiContext, params: Record<string, string>) => {
  const { payer, userId } = payerOf(ctx, params, MANAGE);
  const { plan_id, plan_period } = parseInput(checkoutBody, ctx.body);
  return withClient(ctx, checkoutJSON(ctx.deps.store, ctx.deps.store.billing.startCheckout(payer, userId, plan_id, plan_period)));
};

const confirmCheckout = (ctx: FapiContext, params: Record<string, string>) => {
  const { payer } = payerOf(ctx, params, MANAGE);
  const checkout = ctx.deps.store.billing.confirmCheckout(payer, params.id!);
  // The client's sessions carry tokens minted from the new plan (`pla`/`fea`).
  return withClient(ctx, checkoutJSON(ctx.deps.store, checkout));
};

const cancelItem = (ctx: FapiContext, params: Record<string, string>) => {
  const { payer } = payerOf(ctx, params, MANAGE);
  const { store } = ctx.deps;
  const item = store.billing.cancelItem(payer, params.id!);
  return withClient(ctx, subscriptionItemJSON(store, store.billing.subscriptionOf(payer), item));
};

export const billingRoutes = new FapiRoutes('fapi/billing.ts')
  .on('GET', '/v1/billing/plans', (ctx) => {
    const payerType = ctx.url.searchParams.get('payer_type') === 'org' ? 'org' : 'user';
    const plans = ctx.deps.store.instance.billing.ofPayer(payerType).map(planJSON);
    return bare({ data: plans, total_count: plans.length });
  })
  .on('GET', '/v1/billing/plans/:id', (ctx, { id }) => {
    const plan = ctx.deps.store.instance.billing.byId(id!);
    if (!plan) throw notFound('plan');
    return bare(planJSON(plan));
  })
  .on('GET', '/v1/me/billing/subscription', subscription)
  .on('GET', '/v1/me/billing/payment_methods', paymentMethods)
  .on('GET', '/v1/me/billing/statements', statements)
  .on('POST', '/v1/me/billing/checkouts', startCheckout)
  .on('PATCH', '/v1/me/billing/checkouts/:id/confirm', confirmCheckout)
  .on('DELETE', '/v1/me/billing/subscription_items/:id', cancelItem)
  .on('GET', '/v1/organizations/:orgId/billing/subscription', subscription)
  .on('GET', '/v1/organizations/:orgId/billing/payment_methods', paymentMethods)
  .on('GET', '/v1/organizations/:orgId/billing/statements', statements)
  .on('POST', '/v1/organizations/:orgId/billing/checkouts', startCheckout)
  .on('PATCH', '/v1/organizations/:orgId/billing/checkouts/:id/confirm', confirmCheckout)
  .on('DELETE', '/v1/organizations/:orgId/billing/subscription_items/:id', cancelItem);

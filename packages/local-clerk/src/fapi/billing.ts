import { z } from 'zod';
import { notFound, parseInput } from '../errors';
import { checkoutJSON, planJSON, subscriptionItemJSON, subscriptionJSON } from '../billing/json';
import type { Payer } from '../store';
import { currentSession, requireMembership, withClient, type FapiContext, type FapiRouter } from './context';
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
function payerOf(ctx: FapiContext, params: Record<string, string | undefined>, permission: typeof READ | typeof MANAGE): { payer: Payer; userId: string } {
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

export function billingRoutes(router: FapiRouter) {
  router
    .on('GET', '/v1/billing/plans', (ctx) => {
      const payerType = ctx.url.searchParams.get('payer_type') === 'org' ? 'org' : 'user';
      const plans = ctx.deps.store.instance.billing.ofPayer(payerType).map(planJSON);
      return bare({ data: plans, total_count: plans.length });
    })
    .on('GET', '/v1/billing/plans/:id', (ctx, { id }) => {
      const plan = ctx.deps.store.instance.billing.byId(id!);
      if (!plan) throw notFound('plan');
      return bare(planJSON(plan));
    });
  for (const base of ['/v1/me/billing', '/v1/organizations/:orgId/billing']) {
    router
      .on('GET', `${base}/subscription`, (ctx, params) => withClient(ctx, subscriptionJSON(ctx.deps.store, ctx.deps.store.billing.subscriptionOf(payerOf(ctx, params, READ).payer))))
      .on('GET', `${base}/payment_methods`, (ctx, params) => {
        payerOf(ctx, params, READ);
        // No cards offline: entering one needs Stripe.
        return withClient(ctx, emptyPage);
      })
      .on('GET', `${base}/statements`, (ctx, params) => {
        payerOf(ctx, params, READ);
        return withClient(ctx, emptyPage);
      })
      .on('POST', `${base}/checkouts`, (ctx, params) => {
        const { payer, userId } = payerOf(ctx, params, MANAGE);
        const { plan_id, plan_period } = parseInput(checkoutBody, ctx.body);
        return withClient(ctx, checkoutJSON(ctx.deps.store, ctx.deps.store.billing.startCheckout(payer, userId, plan_id, plan_period)));
      })
      .on('PATCH', `${base}/checkouts/:id/confirm`, (ctx, params) => {
        const { payer } = payerOf(ctx, params, MANAGE);
        const checkout = ctx.deps.store.billing.confirmCheckout(payer, params.id!);
        // The client's sessions carry tokens minted from the new plan (`pla`/`fea`).
        return withClient(ctx, checkoutJSON(ctx.deps.store, checkout));
      })
      .on('DELETE', `${base}/subscription_items/:id`, (ctx, params) => {
        const { payer } = payerOf(ctx, params, MANAGE);
        const { store } = ctx.deps;
        const item = store.billing.cancelItem(payer, params.id!);
        return withClient(ctx, subscriptionItemJSON(store, store.billing.subscriptionOf(payer), item));
      });
  }
}

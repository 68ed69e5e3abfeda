import { PricingTable } from '@clerk/nextjs';
import type { Metadata } from 'next';
import { ManageSubscriptionButton } from '@/components/billing/manage-subscription';
import { PlanBadge } from '@/components/billing/plan-badge';
import { formatDate } from '@/components/org/format';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { planOf, PLANS, isPlan } from '@/lib/billing/plans';
import { projectLimit } from '@/lib/projects/limits';
import { orgPath } from '@/lib/auth/routes';
import { db } from '@/lib/db';
import { guardOrgPage } from '@/lib/auth/pages';
import { listSubscriptionItems } from '@/lib/organizations/reads';

export const metadata: Metadata = { title: 'Billing' };

const STATUS_TEXT: Record<string, (end: Date | null) => string> = {
  active: (end) => (end ? `Renews on ${formatDate(end)}` : 'Active'),
  canceled: (end) => (end ? `Canceled, ends on ${formatDate(end)}` : 'Canceled'),
  past_due: () => 'Payment past due',
  upcoming: () => 'Starts when the current plan ends',
};

/**
 * The organization's subscription, admins only (Clerk's `org:sys_billing:manage`;
 * the middleware sends others to /unauthorized). The plan in effect comes from
 * the session (`pla`), its history from the database (Clerk's billing
 * webhooks); changing or canceling goes through Clerk's own components.
 */
export default async function OrganizationBillingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await guardOrgPage(slug, 'billing');
  const plan = planOf(session, 'org');
  const limit = projectLimit(session);
  const items = await listSubscriptionItems(db, session);

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex flex-wrap items-center gap-2">Current plan {plan && <PlanBadge plan={plan} />}</CardTitle>
          <CardDescription>{limit === null ? 'Unlimited projects.' : `Up to ${limit} projects.`}</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {items.length === 0 ? (
            <p className="text-sm text-muted-foreground">No subscription recorded yet: Clerk&apos;s billing webhooks bring it here.</p>
          ) : (
            <ul className="divide-y text-sm" aria-label="Subscription">
              {items.map((item) => (
                <li key={item.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                  <span className="font-medium">
                    {item.planSlug && isPlan(item.planSlug) ? PLANS[item.planSlug].name : (item.planName ?? item.planSlug)}
                  </span>
                  <span className="text-muted-foreground">
                    {(STATUS_TEXT[item.status] ?? (() => item.status))(item.status === 'upcoming' ? item.periodStart : item.periodEnd)}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {plan && PLANS[plan].monthlyFee > 0 && (
            <div>
              <ManageSubscriptionButton />
            </div>
          )}
        </CardContent>
      </Card>
      <section aria-label="Plans" className="grid gap-3">
        <h2 className="text-lg font-semibold">Change plan</h2>
        {/* After the checkout, back here (Clerk's default is the after-sign-in page). */}
        <PricingTable for="organization" newSubscriptionRedirectUrl={orgPath(slug, 'billing')} />
      </section>
    </div>
  );
}

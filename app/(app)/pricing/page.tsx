import { PricingTable } from '@clerk/nextjs';
import type { Metadata } from 'next';
import Link from 'next/link';
import { AuthPageShell } from '@/components/auth-page-shell';
import { can } from '@/lib/auth/permissions';
import { orgPath } from '@/lib/auth/routes';
import { getSession } from '@/lib/auth/session';

export const metadata: Metadata = { title: 'Pricing', description: 'Plans for teams: start free, upgrade when you need more.' };

/**
 * The public plans page: Clerk's `<PricingTable>` for organizations (plans
 * come from Clerk Billing; in local mode from lib/billing/plans.ts through
 * the stand-in). Signed out, choosing a plan leads to sign-in.
 */
export default async function PricingPage() {
  const session = await getSession();
  const manages = session?.orgSlug && can(session, 'billing', 'update');
  return (
    <AuthPageShell>
      <div className="grid w-full max-w-5xl gap-6">
        <div className="grid gap-2 text-center">
          <h1 className="text-3xl font-semibold tracking-tight">Plans for your team</h1>
          <p className="text-muted-foreground">Start free. Upgrade your organization when it needs more projects.</p>
          {manages && (
            <p className="text-sm">
              <Link href={orgPath(session.orgSlug!, 'billing')} className="font-medium text-primary hover:underline">
                Manage your organization&apos;s subscription
              </Link>
            </p>
          )}
        </div>
        <PricingTable for="organization" newSubscriptionRedirectUrl={session?.orgSlug ? orgPath(session.orgSlug, 'billing') : undefined} />
      </div>
    </AuthPageShell>
  );
}

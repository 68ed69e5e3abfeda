'use client';

import { Sparkles } from 'lucide-react';
import Link from 'next/link';
import { buttonClass } from '@/components/ui/button';
import { PLANS, UPGRADE_PLAN } from '@/lib/billing/plans';
import { orgPath } from '@/lib/auth/routes';
import { useOrgContext } from '@/hooks/use-org-context';
import { usePermissions } from '@/hooks/use-permissions';

/**
 * What a refusal with `upgrade_required` turns into: why, and the way to the
 * plan that lifts it. Only admins manage billing (Clerk's `org:sys_billing:manage`),
 * so members are told whom to ask.
 */
export function UpgradePrompt({ message }: { message: string }) {
  const { slug } = useOrgContext();
  const managesBilling = usePermissions().can('billing', 'update');
  const plan = PLANS[UPGRADE_PLAN];
  return (
    <section
      aria-label="Upgrade required"
      className="flex flex-col gap-3 rounded-lg border border-primary/30 bg-primary/5 p-4 sm:flex-row sm:items-center"
    >
      <Sparkles className="size-5 shrink-0 text-primary" aria-hidden />
      <div className="grid flex-1 gap-1 text-sm">
        <p className="font-medium">Upgrade to {plan.name}</p>
        <p className="text-muted-foreground">{message}</p>
      </div>
      {managesBilling ? (
        <Link href={orgPath(slug, 'billing')} className={buttonClass('default', 'sm')}>
          Upgrade to {plan.name}
        </Link>
      ) : (
        <p className="text-sm text-muted-foreground">Ask an organization admin to upgrade.</p>
      )}
    </section>
  );
}

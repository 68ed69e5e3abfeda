import { Badge } from '@/components/ui/badge';
import { PLANS, type Plan } from '@/lib/billing/plans';
import { cn } from '@/lib/utils';

/** The organization's plan, from the session (`pla`): paid plans stand out. */
export function PlanBadge({ plan }: { plan: Plan }) {
  const { name, monthlyFee } = PLANS[plan];
  return (
    <Badge className={cn(monthlyFee > 0 && 'border-primary/40 bg-primary/10 text-primary')} title="Your organization's plan">
      {name} plan
    </Badge>
  );
}

import type { LucideIcon } from 'lucide-react';
import { Card } from '@/components/ui/card';

/** One number with its label; compact enough for three in a row on a phone. */
export function StatCard({ icon: Icon, label, value }: { icon: LucideIcon; label: string; value: number }) {
  return (
    <Card className="flex items-center gap-4 p-3 sm:p-5">
      <span className="hidden size-10 shrink-0 place-items-center rounded-lg bg-muted sm:grid">
        <Icon className="size-5 text-muted-foreground" aria-hidden />
      </span>
      <div className="min-w-0">
        <p className="text-xs text-muted-foreground sm:text-sm">{label}</p>
        <p className="text-xl font-semibold tabular-nums sm:text-2xl">{value}</p>
      </div>
    </Card>
  );
}

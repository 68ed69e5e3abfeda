import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { DeliveryRow } from '@/lib/sync/ledger';
import { cn } from '@/lib/utils';

const OUTCOME_STYLE: Record<DeliveryRow['status'], string> = {
  failed: 'border-destructive text-destructive',
  applied: 'text-foreground',
  stale: '',
  ignored: '',
};

const when = (at: Date) => at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC';

/** Clerk's webhook deliveries as the database recorded them (lib/sync/ledger.ts): failures first, then newest. */
export function WebhookDeliveries({ deliveries }: { deliveries: DeliveryRow[] }) {
  const failed = deliveries.filter((delivery) => delivery.status === 'failed').length;
  return (
    <Card>
      <CardHeader>
        <CardTitle>Webhook deliveries</CardTitle>
        <CardDescription>
          The latest messages from Clerk and what the sync did with them: applied, stale (nothing changed: the database already held that
          state), ignored (a type the app does not mirror) or failed (kept with its payload; Clerk&apos;s retry applies it once fixed).
          Deliveries answered as duplicates are counted on their message. A delivery the database could not take is not recorded: it is in
          the error reports, and Clerk retries it.
        </CardDescription>
      </CardHeader>
      <CardContent>
        {deliveries.length === 0 ? (
          <p className="py-6 text-center text-sm text-muted-foreground">No deliveries yet.</p>
        ) : (
          <Table>
            <TableCaption>{failed > 0 ? `${failed} failed, listed first` : 'No failed deliveries'}</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Event</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead className="hidden sm:table-cell">Deliveries</TableHead>
                <TableHead className="hidden md:table-cell">Received</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {deliveries.map((delivery) => (
                <TableRow key={delivery.svixId} data-delivery-id={delivery.svixId} data-outcome={delivery.status}>
                  <TableCell>
                    <p className="font-medium">{delivery.type}</p>
                    <p className="break-all text-xs text-muted-foreground">{delivery.svixId}</p>
                    {delivery.error && <p className="break-all text-xs text-destructive">{delivery.error}</p>}
                  </TableCell>
                  <TableCell>
                    <Badge className={cn(OUTCOME_STYLE[delivery.status])}>{delivery.status}</Badge>
                  </TableCell>
                  <TableCell className="hidden sm:table-cell">
                    {delivery.attempts}
                    {delivery.duplicates > 0 && (
                      <span className="text-muted-foreground">
                        {' '}
                        + {delivery.duplicates} {delivery.duplicates === 1 ? 'duplicate' : 'duplicates'}
                      </span>
                    )}
                  </TableCell>
                  <TableCell className="hidden whitespace-nowrap md:table-cell">{when(delivery.receivedAt)}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

import { Info } from 'lucide-react';
import { Card, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';

/** Stands in for Clerk components that need more of Clerk's API than local mode answers. */
export const LocalModeNotice = ({ feature }: { feature: string }) => (
  <Card className="mx-auto max-w-xl">
    <CardHeader>
      <Info className="size-5 text-primary" aria-hidden />
      <CardTitle>
        <span role="heading" aria-level={1}>{feature} needs a Clerk instance</span>
      </CardTitle>
      <CardDescription>
        Local mode answers the parts of Clerk&apos;s API this template uses: signing in and up, sessions and organizations. {feature}{' '}
        is Clerk&apos;s hosted component and works once you set your Clerk keys (README, &quot;Going live with Clerk&quot;).
      </CardDescription>
    </CardHeader>
  </Card>
);

'use client';

import { SubscriptionDetailsButton } from '@clerk/nextjs/experimental';
import { useRouter } from 'next/navigation';
import { Button } from '@/components/ui/button';

/**
 * Opens Clerk's subscription details (plan, period, cancel) for the active
 * organization; after a cancellation the page reloads its server state.
 */
export function ManageSubscriptionButton() {
  const router = useRouter();
  return (
    <SubscriptionDetailsButton for="organization" onSubscriptionCancel={() => router.refresh()}>
      <Button variant="outline">Manage or cancel</Button>
    </SubscriptionDetailsButton>
  );
}

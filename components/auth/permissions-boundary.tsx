import type { ReactNode } from 'react';
import { defaultEntitlements } from '@/lib/billing/plans';
import { getSession } from '@/lib/auth/session';
import { PermissionsProvider } from '@/providers/permissions-provider';

/** Server component: gives `usePermissions()` and `<Can>` below it the server's roles and plans. */
export async function PermissionsBoundary({ children }: { children: ReactNode }) {
  const session = await getSession();
  const value = {
    role: session?.role ?? null,
    orgRole: session?.orgRole ?? null,
    entitlements: session?.entitlements ?? defaultEntitlements(false),
  };
  return <PermissionsProvider value={value}>{children}</PermissionsProvider>;
}

import type { ReactNode } from 'react';
import { getSession } from '@/lib/auth/session';
import { PermissionsProvider } from '@/providers/permissions-provider';

/** Server component: gives `usePermissions()` and `<Can>` below it the server's role and organization role. */
export async function PermissionsBoundary({ children }: { children: ReactNode }) {
  const session = await getSession();
  return <PermissionsProvider value={{ role: session?.role ?? null, orgRole: session?.orgRole ?? null }}>{children}</PermissionsProvider>;
}

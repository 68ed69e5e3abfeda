'use client';

import { createContext, type ReactNode } from 'react';
import type { AppRole, OrgRole } from '@/lib/auth/permissions';
import type { Entitlements } from '@/lib/billing/plans';

/** The server's view of who is signed in, as far as permissions go. */
export interface PermissionsState {
  role: AppRole | null;
  orgRole: OrgRole | null;
  /** Plans and features (`pla`/`fea`) of the user and the active organization. */
  entitlements: Entitlements;
}

export const PermissionsContext = createContext<PermissionsState | null>(null);

/**
 * Hands the server's auth state to client components. Rendered by
 * `<PermissionsBoundary>` (a server component), so the first client render
 * already knows the role: no flash of controls the server would refuse, and no
 * wait for clerk-js. Clerk refreshes server components when the session or the
 * active organization changes, which re-renders this with the new state.
 */
export function PermissionsProvider({ value, children }: { value: PermissionsState; children: ReactNode }) {
  return <PermissionsContext value={value}>{children}</PermissionsContext>;
}

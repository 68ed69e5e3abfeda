'use client';

import { useContext, useMemo } from 'react';
import { can, type Action, type AppRole, type OrgRole, type Resource } from '@/lib/auth/permissions';
import { hasEntitlement, type BillingQuery } from '@/lib/billing/plans';
import { projectLimit } from '@/lib/projects/limits';
import { PermissionsContext } from '@/providers/permissions-provider';

export interface Permissions {
  /** The same `can()` as the server, for the signed-in user and their active organization. */
  can: (resource: Resource, action: Action) => boolean;
  /** The same `hasEntitlement()` as the server: Clerk's `has({ plan, feature })` without waiting for clerk-js. */
  has: (query: BillingQuery) => boolean;
  /** The active organization's project limit (null: unlimited). */
  projectLimit: number | null;
  role: AppRole | null;
  orgRole: OrgRole | null;
  isAdmin: boolean;
  isManager: boolean;
}

/** Permissions and plan features from the server's auth state (see `<PermissionsBoundary>`), checked against the one matrix. */
export function usePermissions(): Permissions {
  const state = useContext(PermissionsContext);
  if (!state) throw new Error('usePermissions() needs <PermissionsBoundary> above it (components/auth/permissions-boundary.tsx).');
  return useMemo(
    () => ({
      can: (resource, action) => can(state, resource, action),
      has: (query) => hasEntitlement(state, query),
      projectLimit: projectLimit(state),
      role: state.role,
      orgRole: state.orgRole,
      isAdmin: state.role === 'admin',
      isManager: state.role === 'manager',
    }),
    [state],
  );
}

'use client';

import { useContext, useMemo } from 'react';
import { can, type Action, type AppRole, type OrgRole, type Resource } from '@/lib/auth/permissions';
import { PermissionsContext } from '@/providers/permissions-provider';

export interface Permissions {
  /** The same `can()` as the server, for the signed-in user and their active organization. */
  can: (resource: Resource, action: Action) => boolean;
  role: AppRole | null;
  orgRole: OrgRole | null;
  isAdmin: boolean;
  isManager: boolean;
}

/** Permissions from the server's auth state (see `<PermissionsBoundary>`), checked against the one matrix. */
export function usePermissions(): Permissions {
  const state = useContext(PermissionsContext);
  if (!state) throw new Error('usePermissions() needs <PermissionsBoundary> above it (components/auth/permissions-boundary.tsx).');
  return useMemo(
    () => ({
      can: (resource, action) => can(state, resource, action),
      role: state.role,
      orgRole: state.orgRole,
      isAdmin: state.role === 'admin',
      isManager: state.role === 'manager',
    }),
    [state],
  );
}

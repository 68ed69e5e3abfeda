'use client';

import type { ReactNode } from 'react';
import { usePermissions } from '@/hooks/use-permissions';
import type { Action, Resource } from '@/lib/auth/permissions';

/** Renders `children` only when the signed-in user may do `action` on `resource` (else `fallback`). */
export function Can({ resource, action, children, fallback = null }: { resource: Resource; action: Action; children: ReactNode; fallback?: ReactNode }) {
  return usePermissions().can(resource, action) ? children : fallback;
}

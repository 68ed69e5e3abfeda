'use client';

import type { ReactNode } from 'react';
import { usePermissions } from '@/hooks/use-permissions';
import type { Action, Resource } from '@/lib/auth/permissions';
import type { BillingQuery } from '@/lib/billing/plans';

type CanProps = { children: ReactNode; fallback?: ReactNode } & (
  { resource: Resource; action: Action; plan?: never; feature?: never } | ({ resource?: never; action?: never } & BillingQuery)
);

/**
 * Renders `children` only when the signed-in user may do `action` on
 * `resource`, or has the `plan`/`feature` (else `fallback`).
 */
export function Can({ children, fallback = null, ...query }: CanProps) {
  const permissions = usePermissions();
  const allowed = query.resource ? permissions.can(query.resource, query.action) : permissions.has(query);
  return allowed ? children : fallback;
}

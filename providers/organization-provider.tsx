'use client';

import { createContext, type ReactNode } from 'react';

/**
 * The active organization for client components, fed by the server's auth
 * state (the /org/[slug] layout), so it is right on the first render and
 * needs no clerk-js round trip. Read it with `useOrgContext()` (hooks/); what the
 * user may do there comes from `usePermissions()`.
 */
export interface OrgContextValue {
  orgId: string;
  slug: string;
  name: string;
}

export const OrganizationContext = createContext<OrgContextValue | null>(null);

export function OrganizationProvider({ value, children }: { value: OrgContextValue; children: ReactNode }) {
  return <OrganizationContext value={value}>{children}</OrganizationContext>;
}

'use client';

import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { OrgRole } from '@/lib/auth/permissions';

/**
 * The active organization for client components, fed by the server's auth
 * state (the /org/[slug] layout), so it is right on the first render and
 * needs no clerk-js round trip.
 */
export interface OrgContextValue {
  orgId: string;
  slug: string;
  name: string;
  role: OrgRole | null;
  isAdmin: boolean;
}

const OrganizationContext = createContext<OrgContextValue | null>(null);

export function OrganizationProvider({ value, children }: { value: Omit<OrgContextValue, 'isAdmin'>; children: ReactNode }) {
  const context = useMemo(() => ({ ...value, isAdmin: value.role === 'org:admin' }), [value]);
  return <OrganizationContext.Provider value={context}>{children}</OrganizationContext.Provider>;
}

export function useOrgContext(): OrgContextValue {
  const context = useContext(OrganizationContext);
  if (!context) throw new Error('useOrgContext must be used within <OrganizationProvider> (the /org/[slug] layout provides it)');
  return context;
}

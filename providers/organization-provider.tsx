'use client';

import { createContext, type ReactNode } from 'react';
import type { OrgRole } from '@/lib/auth/permissions';

/**
 * The active organization for client components, fed by the server's auth
 * state (the /org/[slug] layout), so it is right on the first render and
 * needs no clerk-js round trip. Read it with `useOrgContext()` (hooks/).
 */
export interface OrgContextValue {
  orgId: string;
  slug: string;
  name: string;
  role: OrgRole | null;
}

export const OrganizationContext = createContext<OrgContextValue | null>(null);

export function OrganizationProvider({ value, children }: { value: OrgContextValue; children: ReactNode }) {
  return <OrganizationContext value={value}>{children}</OrganizationContext>;
}

'use client';

import { useContext } from 'react';
import { OrganizationContext, type OrgContextValue } from '@/providers/organization-provider';

/** The active organization on an /org/[slug] page (its layout provides it). */
export function useOrgContext(): OrgContextValue {
  const context = useContext(OrganizationContext);
  if (!context) throw new Error('useOrgContext must be used within <OrganizationProvider> (the /org/[slug] layout provides it)');
  return context;
}

/** The active organization when on one of its pages, else null. */
export function useOptionalOrgContext(): OrgContextValue | null {
  return useContext(OrganizationContext);
}

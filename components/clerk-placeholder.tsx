'use client';

import { ClerkLoading } from '@clerk/nextjs';
import { useHydrated } from '@/hooks/use-hydrated';

/**
 * Holds a Clerk control's place until clerk-js has loaded. Clerk's `<ClerkLoading>` reads clerk-js's
 * status as it renders, and React hydrates in slices: when clerk-js finished loading between two of
 * them, the placeholder was missing from the browser's first render while the server's HTML had it
 * (React error #418), and React rendered the whole page again, dropping what had been typed. While
 * React hydrates, the placeholder is always there, as on the server; `<ClerkLoading>` decides after.
 */
export function ClerkPlaceholder({ className }: { className: string }) {
  const placeholder = <span className={className} aria-hidden />;
  return useHydrated() ? <ClerkLoading>{placeholder}</ClerkLoading> : placeholder;
}

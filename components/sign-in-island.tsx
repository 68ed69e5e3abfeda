'use client';

import dynamic from 'next/dynamic';
import type { ClerkProviderConfig } from '@/providers/clerk-config';

// Clerk's provider and <SignIn> load only when the modal opens: nothing of Clerk is in the landing page's first load.
const ClerkSignInModal = dynamic(() => import('./clerk-sign-in-modal'), { ssr: false });

/** The landing page's `?sign-in=true`: Clerk's sign-in modal, with its provider, as one lazily loaded island. */
export function SignInIsland({ config }: { config: ClerkProviderConfig }) {
  return <ClerkSignInModal config={config} />;
}

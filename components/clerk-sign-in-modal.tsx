'use client';

import { ClerkProvider } from '@clerk/nextjs';
import { shadcn } from '@clerk/ui/themes';
import type { ClerkProviderConfig } from '@/providers/clerk-config';
import { SignInModal } from './sign-in-modal';

/** Loaded by `<SignInIsland>` only: Clerk's client provider around the sign-in modal. */
export default function ClerkSignInModal({ config }: { config: ClerkProviderConfig }) {
  return (
    <ClerkProvider {...config} appearance={{ theme: shadcn }}>
      <SignInModal />
    </ClerkProvider>
  );
}

import { ClerkProvider } from '@clerk/nextjs';
import { shadcn } from '@clerk/ui/themes';
import { clerkProviderConfig } from './clerk-config';

/**
 * Clerk's provider as this app configures it: the (app) root layout's. `dynamic`
 * hands the server's auth state to the client, so hooks know who is signed in
 * before clerk-js loads.
 */
export function AppClerkProvider({ children }: { children: React.ReactNode }) {
  return (
    <ClerkProvider dynamic {...clerkProviderConfig()} appearance={{ theme: shadcn }}>
      {children}
    </ClerkProvider>
  );
}

import { AppHeader } from '@/components/app-header';
import { PermissionsBoundary } from '@/components/auth/permissions-boundary';

export default function SignedInLayout({ children }: { children: React.ReactNode }) {
  return (
    <div className="flex min-h-dvh flex-col">
      <AppHeader />
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        <PermissionsBoundary>{children}</PermissionsBoundary>
      </main>
    </div>
  );
}

import { OrganizationSwitcher, UserButton } from '@clerk/nextjs';
import { auth } from '@clerk/nextjs/server';
import Link from 'next/link';
import { PermissionsBoundary } from '@/components/auth/permissions-boundary';
import { Logo } from '@/components/logo';
import { ThemeToggle } from '@/components/theme';
import { appRoleFromClaims } from '@/lib/auth/access';

export default async function SignedInLayout({ children }: { children: React.ReactNode }) {
  const { sessionClaims, orgSlug } = await auth();
  const links = [
    { href: '/dashboard', label: 'Dashboard' },
    ...(orgSlug ? [{ href: `/org/${orgSlug}`, label: 'Organization' }] : []),
    ...(appRoleFromClaims(sessionClaims) === 'admin' ? [{ href: '/admin', label: 'Admin' }] : []),
  ];
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="border-b">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-6 gap-y-2 px-4 py-3">
          <Logo />
          <nav aria-label="App" className="flex flex-1 items-center gap-4 text-sm">
            {links.map((link) => (
              <Link key={link.href} href={link.href} className="text-muted-foreground hover:text-foreground">
                {link.label}
              </Link>
            ))}
          </nav>
          <div className="flex items-center gap-3">
            <OrganizationSwitcher
              hidePersonal={false}
              afterCreateOrganizationUrl="/org/:slug"
              afterSelectOrganizationUrl="/org/:slug"
              afterSelectPersonalUrl="/dashboard"
            />
            <ThemeToggle />
            <UserButton userProfileMode="navigation" userProfileUrl="/user-profile" />
          </div>
        </div>
      </header>
      <main className="mx-auto w-full max-w-6xl flex-1 px-4 py-8">
        <PermissionsBoundary>{children}</PermissionsBoundary>
      </main>
    </div>
  );
}

import { OrganizationSwitcher, UserButton } from '@/components/clerk-controls';
import { auth } from '@clerk/nextjs/server';
import Link from 'next/link';
import { ClerkPlaceholder } from '@/components/clerk-placeholder';
import { Logo } from '@/components/logo';
import { ThemeToggle } from '@/components/theme';
import { appRoleFromClaims } from '@/lib/auth/access';
import { AFTER_AUTH_PATH, orgPath } from '@/lib/auth/routes';

/**
 * The signed-in header: the app's links, Clerk's organization switcher and
 * user menu. Clerk's controls render once clerk-js loads; until then
 * placeholders of their size hold their place, so nothing jumps.
 */
export async function AppHeader() {
  const { sessionClaims, orgSlug } = await auth();
  const links = [
    { href: AFTER_AUTH_PATH, label: 'Dashboard' },
    ...(orgSlug ? [{ href: orgPath(orgSlug), label: 'Organization' }] : []),
    ...(appRoleFromClaims(sessionClaims) === 'admin' ? [{ href: '/admin', label: 'Admin' }] : []),
  ];
  return (
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
        <div className="flex items-center gap-3" data-testid="header-controls">
          <div className="flex h-8 min-w-36 items-center justify-end">
            <ClerkPlaceholder className="h-8 w-36 animate-pulse rounded-md bg-muted" />
            <OrganizationSwitcher
              hidePersonal={false}
              afterCreateOrganizationUrl="/org/:slug"
              afterSelectOrganizationUrl="/org/:slug"
              afterSelectPersonalUrl={AFTER_AUTH_PATH}
            />
          </div>
          <ThemeToggle />
          <div className="grid size-7 place-items-center">
            <ClerkPlaceholder className="size-7 animate-pulse rounded-full bg-muted" />
            <UserButton userProfileMode="navigation" userProfileUrl="/user-profile" />
          </div>
        </div>
      </div>
    </header>
  );
}

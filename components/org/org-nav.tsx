'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { cn } from '@/lib/utils';
import { useOrgContext } from '@/providers/organization-provider';

/** The organization's sections; Settings and Billing only for admins (the middleware and the pages refuse others anyway). */
export function OrgNav() {
  const { slug, isAdmin } = useOrgContext();
  const pathname = usePathname();
  const base = `/org/${slug}`;
  const links = [
    { href: base, label: 'Overview' },
    { href: `${base}/members`, label: 'Members' },
    ...(isAdmin
      ? [
          { href: `${base}/billing`, label: 'Billing' },
          { href: `${base}/settings`, label: 'Settings' },
        ]
      : []),
  ];
  return (
    <nav aria-label="Organization" className="-mb-px flex gap-1 overflow-x-auto border-b">
      {links.map((link) => {
        const current = pathname === link.href;
        return (
          <Link
            key={link.href}
            href={link.href}
            aria-current={current ? 'page' : undefined}
            className={cn(
              'whitespace-nowrap border-b-2 px-3 py-2 text-sm font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-ring',
              current ? 'border-primary text-foreground' : 'border-transparent text-muted-foreground hover:text-foreground',
            )}
          >
            {link.label}
          </Link>
        );
      })}
    </nav>
  );
}

'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useOrgContext } from '@/hooks/use-org-context';
import { usePermissions } from '@/hooks/use-permissions';
import { ORG_SECTIONS, orgPath, type OrgSection } from '@/lib/auth/routes';
import { cn } from '@/lib/utils';

const SECTION_LABELS: Record<OrgSection, string> = { members: 'Members', billing: 'Billing', 'api-keys': 'API keys', settings: 'Settings' };

/** The organization's sections the user may open (the middleware and the pages refuse the others anyway). */
export function OrgNav() {
  const { slug } = useOrgContext();
  const { can } = usePermissions();
  const pathname = usePathname();
  const sections = (Object.keys(SECTION_LABELS) as OrgSection[]).filter((section) => {
    const needs = ORG_SECTIONS[section];
    return !needs || can(needs[0], needs[1]);
  });
  const links = [
    { href: orgPath(slug), label: 'Overview' },
    ...sections.map((section) => ({ href: orgPath(slug, section), label: SECTION_LABELS[section] })),
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

import { Building2 } from 'lucide-react';
import { PlanBadge } from '@/components/billing/plan-badge';
import { OrgNav } from '@/components/org/org-nav';
import { OrgRoleBadge } from '@/components/org/org-role-badge';
import { planOf } from '@/lib/billing/plans';
import { db } from '@/lib/db';
import { guardOrgPage } from '@/lib/auth/pages';
import { getOrganization } from '@/lib/organizations/reads';
import { OrganizationProvider } from '@/providers/organization-provider';

/**
 * Everything under /org/[slug] acts on the session's active organization,
 * which must be the one in the URL (Clerk's organizationSyncOptions activates
 * it on navigation). Client components read it from useOrgContext().
 */
export default async function OrganizationLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await guardOrgPage(slug);
  // Until Clerk's webhook delivers a new organization, its slug stands in for its name.
  const name = (await getOrganization(db, session))?.name ?? slug;
  const plan = planOf(session, 'org');

  return (
    <OrganizationProvider value={{ orgId: session.orgId, slug, name }}>
      <div className="grid gap-6">
        <div className="grid gap-4">
          <div className="flex flex-wrap items-center gap-3">
            <span className="grid size-10 place-items-center rounded-lg bg-primary/10 text-primary">
              <Building2 className="size-5" aria-hidden />
            </span>
            <h1 className="text-2xl font-semibold tracking-tight">{name}</h1>
            {session.orgRole && <OrgRoleBadge orgRole={session.orgRole} appRole={session.role} />}
            {plan && <PlanBadge plan={plan} />}
          </div>
          <OrgNav />
        </div>
        {children}
      </div>
    </OrganizationProvider>
  );
}

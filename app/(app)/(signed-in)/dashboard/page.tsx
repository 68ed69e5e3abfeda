import { ArrowRight, FolderKanban } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { ActivityList } from '@/components/dashboard/activity-list';
import { LazyOrganizationChooser } from '@/components/org/lazy-organization-chooser';
import { OrgRoleBadge } from '@/components/org/org-role-badge';
import { formatDate } from '@/components/org/format';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { can, isOrgRole } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/guards';
import { guardPage } from '@/lib/auth/pages';
import { AFTER_AUTH_PATH, orgPath } from '@/lib/auth/routes';
import { getCurrentUser, type SessionContext } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { listOrganizationsForUser } from '@/lib/organizations/reads';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';
import { ensureUser } from '@/lib/sync/users';
import { listRecentActivity } from '@/lib/audit/log';
import { listProjects } from '@/lib/projects/queries';

export const metadata: Metadata = { title: 'Dashboard' };

const PREVIEW = 5;

/**
 * The signed-in home. With no organization it is the onboarding screen
 * (pending invitations and creating one); otherwise the active organization's
 * projects, recent activity and what to do next.
 */
export default async function DashboardPage() {
  const session = await guardPage(requireUser, AFTER_AUTH_PATH);
  const [user, organizations] = await Promise.all([getCurrentUser(), listOrganizationsForUser(db, session.userId)]);
  // The first page after sign-in: create the user's row now if the user.created webhook is still on its way.
  if (user) await ensureUser(db, user);
  const active = organizations.find((org) => org.id === session.orgId);

  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Welcome, {user?.firstName ?? 'there'}!</h1>
        <p className="break-all text-muted-foreground">{user?.primaryEmailAddress?.emailAddress}</p>
        <p className="mt-2 text-sm">
          Active organization:{' '}
          <strong data-testid="active-organization">
            {session.orgId
              ? `${active?.name ?? session.orgSlug ?? session.orgId} (${session.orgRole?.replace('org:', '')})`
              : 'Personal account'}
          </strong>
        </p>
      </div>

      {organizations.length === 0 && !session.orgId ? (
        <Card>
          <CardHeader>
            <CardTitle>Get started: join or create an organization</CardTitle>
            <CardDescription>
              Projects, members and settings belong to an organization. Accept an invitation someone sent to your email address, or create
              your own.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid justify-items-center">
            <LazyOrganizationChooser organizations={[]} />
          </CardContent>
        </Card>
      ) : session.orgId && session.orgSlug ? (
        <ActiveOrganization session={{ ...session, orgId: session.orgId }} slug={session.orgSlug} name={active?.name ?? session.orgSlug} />
      ) : (
        <p className="rounded-md border bg-muted/50 px-4 py-3 text-sm">
          Open one of your organizations to see its projects and activity here.
        </p>
      )}

      {organizations.length > 0 && (
        <Card>
          <CardHeader>
            <CardTitle>Your organizations</CardTitle>
            <CardDescription>From the app&apos;s database, kept in sync with Clerk by the webhook.</CardDescription>
          </CardHeader>
          <CardContent>
            <ul className="divide-y" aria-label="Organizations">
              {organizations.map((org) => (
                <li key={org.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                  <Link href={orgPath(org.slug ?? '')} className="font-medium hover:underline">
                    {org.name}
                  </Link>
                  {isOrgRole(org.role) && <OrgRoleBadge orgRole={org.role} appRole={session.role} />}
                </li>
              ))}
            </ul>
          </CardContent>
        </Card>
      )}
    </div>
  );
}

async function ActiveOrganization({ session, slug, name }: { session: SessionContext & { orgId: string }; slug: string; name: string }) {
  const [projects, activity] = await Promise.all([listProjects(db, session), listRecentActivity(db, session)]);
  const home = orgPath(slug);
  const canCreate = can(session, 'projects', 'create');
  const managesMembers = can(session, 'members', 'update');
  const nextActions = [
    ...(canCreate ? [{ href: home, label: projects.length ? 'Start another project' : 'Create the first project' }] : []),
    ...(can(session, 'invitations', 'create') ? [{ href: orgPath(slug, 'members'), label: 'Invite a teammate' }] : []),
    ...(!canCreate ? [{ href: home, label: 'Browse the projects' }] : []),
    { href: orgPath(slug, 'members'), label: managesMembers ? 'Manage members and roles' : 'See who is in the organization' },
    ...(can(session, 'organization', 'update')
      ? [{ href: orgPath(slug, 'settings'), label: 'Rename the organization or change its address' }]
      : []),
    ...(session.role === 'admin' ? [{ href: '/admin', label: "Change users' app roles" }] : []),
  ];

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader>
          <CardTitle>Projects in {name}</CardTitle>
          <CardDescription>
            {projects.length === 1 ? '1 project' : `${projects.length} projects`}, newest first. You are{' '}
            {session.orgRole ? ORG_ROLE_LABELS[session.orgRole].toLowerCase() : 'a member'} here.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          {projects.length === 0 ? (
            <EmptyState icon={FolderKanban} title="No projects yet">
              {canCreate ? (
                <Link href={home} className="font-medium text-primary hover:underline">
                  Create the first one
                </Link>
              ) : (
                'An admin or a manager can create one.'
              )}
            </EmptyState>
          ) : (
            <ul className="divide-y" aria-label={`Projects of ${name}`}>
              {projects.slice(0, PREVIEW).map((project) => (
                <li key={project.id} className="flex flex-wrap items-baseline justify-between gap-x-3 py-2 text-sm">
                  <span className="min-w-0 break-words font-medium">{project.name}</span>
                  <span className="shrink-0 text-muted-foreground">{formatDate(project.createdAt)}</span>
                </li>
              ))}
            </ul>
          )}
          {projects.length > 0 && (
            <Link href={home} className="text-sm font-medium text-primary hover:underline">
              {projects.length > PREVIEW ? `See all ${projects.length} projects` : 'Open the organization'}
            </Link>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Next steps</CardTitle>
          <CardDescription>What your role lets you do here.</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="grid gap-1" aria-label="Next steps">
            {nextActions.map((action) => (
              <li key={action.label}>
                <Link
                  href={action.href}
                  className="group flex items-center justify-between gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-muted"
                >
                  {action.label}
                  <ArrowRight className="size-4 shrink-0 text-muted-foreground group-hover:text-foreground" aria-hidden />
                </Link>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>

      <Card className="lg:col-span-3">
        <CardHeader>
          <CardTitle>Recent activity</CardTitle>
          <CardDescription>Who did what in {name}, from the audit log.</CardDescription>
        </CardHeader>
        <CardContent>
          <ActivityList entries={activity} />
        </CardContent>
      </Card>
    </div>
  );
}

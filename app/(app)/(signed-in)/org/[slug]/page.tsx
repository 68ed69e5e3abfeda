import { FolderKanban, MailPlus, Users } from 'lucide-react';
import type { Metadata } from 'next';
import Link from 'next/link';
import { formatDate, displayName } from '@/components/org/format';
import { StatCard } from '@/components/org/stat-card';
import { ProjectsPanel } from '@/components/projects/projects-panel';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { EmptyState } from '@/components/ui/empty-state';
import { can } from '@/lib/auth/permissions';
import { projectLimit } from '@/lib/projects/limits';
import { db } from '@/lib/db';
import { guardOrgPage } from '@/lib/auth/pages';
import { orgPath } from '@/lib/auth/routes';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';
import { listMembers, listPendingInvitations } from '@/lib/organizations/reads';
import { listProjects } from '@/lib/projects/queries';

export const metadata: Metadata = { title: 'Organization' };

const PREVIEW = 5;

export default async function OrganizationOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await guardOrgPage(slug);
  const [projects, members, invitations] = await Promise.all([
    listProjects(db, session),
    listMembers(db, session),
    listPendingInvitations(db, session),
  ]);
  const membersHref = orgPath(slug, 'members');
  // Like Clerk, members see how many invitations are pending; only those who may read invitations see who was invited.
  const seesInvitees = can(session, 'invitations', 'read');

  return (
    <div className="grid gap-6">
      <div className="grid grid-cols-3 gap-3 sm:gap-4">
        <StatCard icon={FolderKanban} label="Projects" value={projects.length} />
        <StatCard icon={Users} label="Members" value={members.length} />
        <StatCard icon={MailPlus} label="Pending invitations" value={invitations.length} />
      </div>

      <ProjectsPanel
        projects={projects}
        can={{
          create: can(session, 'projects', 'create'),
          update: can(session, 'projects', 'update'),
          delete: can(session, 'projects', 'delete'),
        }}
        limit={projectLimit(session)}
      />

      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Members</CardTitle>
            <CardDescription>{members.length === 1 ? '1 person' : `${members.length} people`} in this organization.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <ul className="divide-y" aria-label="Members">
              {members.slice(0, PREVIEW).map((member) => (
                <li key={member.userId} className="flex items-center justify-between gap-3 py-2">
                  <span className="min-w-0 truncate text-sm">{displayName(member)}</span>
                  <Badge>{ORG_ROLE_LABELS[member.role]}</Badge>
                </li>
              ))}
            </ul>
            <Link href={membersHref} className="text-sm font-medium text-primary hover:underline">
              {can(session, 'members', 'update') ? 'Manage members and invitations' : 'See all members'}
            </Link>
          </CardContent>
        </Card>

        {seesInvitees && (
          <Card>
            <CardHeader>
              <CardTitle>Pending invitations</CardTitle>
              <CardDescription>People who were invited and have not joined yet.</CardDescription>
            </CardHeader>
            <CardContent>
              {invitations.length === 0 ? (
                <EmptyState icon={MailPlus} title="No pending invitations" />
              ) : (
                <ul className="divide-y" aria-label="Pending invitations">
                  {invitations.slice(0, PREVIEW).map((invitation) => (
                    <li key={invitation.id} className="flex items-center justify-between gap-3 py-2 text-sm">
                      <span className="min-w-0 truncate">{invitation.email}</span>
                      <span className="shrink-0 text-muted-foreground">{formatDate(invitation.createdAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        )}
      </div>
    </div>
  );
}

import type { Metadata } from 'next';
import { InvitationsTable } from '@/components/org/invitations-table';
import { InviteForm } from '@/components/org/invite-form';
import { MembersTable } from '@/components/org/members-table';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { db } from '@/lib/db';
import { env } from '@/lib/env/server';
import { localInvitationLinks } from '@/lib/organizations/invitation-links';
import { guardOrgPage } from '@/lib/auth/pages';
import { can } from '@/lib/auth/permissions';
import { listMembers, listPendingInvitations } from '@/lib/organizations/reads';

export const metadata: Metadata = { title: 'Members' };

export default async function OrganizationMembersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const session = await guardOrgPage(slug, 'members');
  const invites = can(session, 'invitations', 'create');
  // Like Clerk's API, only those who may read invitations list who was invited.
  const seesInvitees = can(session, 'invitations', 'read');
  const [members, invitations, invitationLinks] = await Promise.all([
    listMembers(db, session),
    seesInvitees ? listPendingInvitations(db, session) : [],
    seesInvitees ? localInvitationLinks(session.orgId) : {},
  ]);

  return (
    <div className="grid gap-6">
      {invites && (
        <Card>
          <CardHeader>
            <CardTitle>Invite a member</CardTitle>
            <CardDescription>
              {env.localMode
                ? 'Local mode sends no email: the invitation waits for them after they sign up with that address (in the organization switcher and on their first screen).'
                : 'They get an email from Clerk and join when they accept (or find the invitation in the organization switcher).'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <InviteForm />
          </CardContent>
        </Card>
      )}

      <Card>
        <CardHeader>
          <CardTitle>Members</CardTitle>
          <CardDescription>
            {can(session, 'members', 'update')
              ? 'Admins manage members, invitations and settings; members work on projects. An organization always keeps at least one admin.'
              : 'Admins manage members, invitations and settings; members work on projects.'}
          </CardDescription>
        </CardHeader>
        <CardContent>
          <MembersTable members={members} currentUserId={session.userId} />
        </CardContent>
      </Card>

      {seesInvitees && (
        <Card>
          <CardHeader>
            <CardTitle>Pending invitations</CardTitle>
            <CardDescription>Invitations that have not been accepted yet.</CardDescription>
          </CardHeader>
          <CardContent>
            <InvitationsTable invitations={invitations} links={invitationLinks} />
          </CardContent>
        </Card>
      )}
    </div>
  );
}

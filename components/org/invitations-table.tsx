'use client';

import { MailPlus } from 'lucide-react';
import { useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { revokeInvitationAction } from '@/lib/organizations/actions';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';
import type { PendingInvitation } from '@/lib/organizations/reads';
import { useOrgContext } from '@/hooks/use-org-context';
import { usePermissions } from '@/hooks/use-permissions';
import { formatDate } from './format';
import { useActionRunner } from '@/hooks/use-action-runner';

/** Invitations waiting for an answer; admins can revoke them. `links`: the invitation links to pass on by hand (local mode sends no email). */
export function InvitationsTable({ invitations, links = {} }: { invitations: PendingInvitation[]; links?: Record<string, string> }) {
  const { can } = usePermissions();
  const revokes = can('invitations', 'delete');
  if (invitations.length === 0) {
    return (
      <EmptyState icon={MailPlus} title="No pending invitations">
        {can('invitations', 'create')
          ? 'Invite someone above; they appear here until they accept.'
          : 'Admins can invite people to this organization.'}
      </EmptyState>
    );
  }
  return (
    <Table>
      <TableCaption>Pending invitations</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead className="hidden sm:table-cell">Sent</TableHead>
          {revokes && <TableHead className="text-right">Actions</TableHead>}
        </TableRow>
      </TableHeader>
      <TableBody>
        {invitations.map((invitation) => (
          <TableRow key={invitation.id}>
            <TableCell className="max-w-0 w-full truncate">
              {invitation.email}
              {links[invitation.id] && <InvitationLink email={invitation.email} url={links[invitation.id]!} />}
            </TableCell>
            <TableCell>
              <Badge>{ORG_ROLE_LABELS[invitation.role]}</Badge>
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">
              {formatDate(invitation.createdAt)}
            </TableCell>
            {revokes && (
              <TableCell className="text-right">
                <RevokeButton invitation={invitation} />
              </TableCell>
            )}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function InvitationLink({ email, url }: { email: string; url: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="mt-1 flex items-center gap-2">
      <input
        readOnly
        value={url}
        aria-label={`Invitation link for ${email}`}
        className="min-w-0 flex-1 truncate rounded border bg-muted px-2 py-1 font-mono text-xs"
      />
      <Button
        variant="outline"
        size="sm"
        onClick={async () => {
          await navigator.clipboard.writeText(url);
          setCopied(true);
        }}
      >
        {copied ? 'Copied' : 'Copy link'}
      </Button>
    </div>
  );
}

function RevokeButton({ invitation }: { invitation: PendingInvitation }) {
  const { slug } = useOrgContext();
  const { pending, run } = useActionRunner();
  return (
    <Button
      variant="outline"
      size="sm"
      disabled={pending}
      onClick={() =>
        run(() => revokeInvitationAction({ orgSlug: slug, invitationId: invitation.id }), `Revoked the invitation for ${invitation.email}.`)
      }
    >
      Revoke<span className="sr-only"> invitation for {invitation.email}</span>
    </Button>
  );
}

'use client';

import { useReverification } from '@clerk/nextjs';
import { UserMinus } from 'lucide-react';
import { useState, type ChangeEvent } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Dialog } from '@/components/ui/dialog';
import { Select } from '@/components/ui/input';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import { useHydrated } from '@/hooks/use-hydrated';
import { ORG_ROLES, type OrgRole } from '@/lib/auth/permissions';
import { changeMemberRoleAction, removeMemberAction } from '@/lib/organizations/actions';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';
import type { Member } from '@/lib/organizations/reads';
import { useOrgContext } from '@/hooks/use-org-context';
import { usePermissions } from '@/hooks/use-permissions';
import { displayName, formatDate } from './format';
import { useActionRunner } from '@/hooks/use-action-runner';

/**
 * The members and their roles. Admins change roles and remove members here;
 * the server refuses to leave the organization without an admin, and that
 * refusal shows inline as well as in a toast.
 */
export function MembersTable({ members, currentUserId }: { members: Member[]; currentUserId: string }) {
  const { name: orgName } = useOrgContext();
  const manages = usePermissions().can('members', 'update');
  const [error, setError] = useState<string | null>(null);
  const [removing, setRemoving] = useState<Member | null>(null);

  return (
    <div className="grid gap-3">
      <p role="alert" className="text-sm text-destructive empty:hidden">
        {error}
      </p>
      <Table>
        <TableCaption>Members of {orgName}</TableCaption>
        <TableHeader>
          <TableRow>
            <TableHead>Member</TableHead>
            <TableHead>Role</TableHead>
            <TableHead className="hidden sm:table-cell">Joined</TableHead>
            {manages && <TableHead className="text-right">Actions</TableHead>}
          </TableRow>
        </TableHeader>
        <TableBody>
          {members.map((member) => (
            <TableRow key={`${member.userId}:${member.role}`}>
              <TableCell className="w-full min-w-40">
                <p className="break-words font-medium">
                  {displayName(member)}
                  {member.userId === currentUserId && <span className="text-muted-foreground"> (you)</span>}
                </p>
                {member.email && <p className="break-all text-muted-foreground">{member.email}</p>}
              </TableCell>
              <TableCell className="min-w-32">
                {manages ? <RoleSelect member={member} onError={setError} /> : <Badge>{ORG_ROLE_LABELS[member.role]}</Badge>}
              </TableCell>
              <TableCell className="hidden whitespace-nowrap text-muted-foreground sm:table-cell">{formatDate(member.joinedAt)}</TableCell>
              {manages && (
                <TableCell className="text-right">
                  <Button variant="ghost" size="icon" onClick={() => setRemoving(member)}>
                    <UserMinus className="size-4 text-destructive" aria-hidden />
                    <span className="sr-only">Remove {displayName(member)}</span>
                  </Button>
                </TableCell>
              )}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Dialog
        open={removing !== null}
        onOpenChange={() => setRemoving(null)}
        title="Remove member?"
        description="They lose access to this organization's projects right away."
      >
        {removing && <RemoveMember member={removing} onError={setError} onDone={() => setRemoving(null)} />}
      </Dialog>
    </div>
  );
}

/** Pick a role, then Save: the same two steps as the app roles on /admin. */
function RoleSelect({ member, onError }: { member: Member; onError: (message: string | null) => void }) {
  const { slug } = useOrgContext();
  const { pending, run } = useActionRunner();
  const hydrated = useHydrated();
  // Needs a recent verification: Clerk's modal asks for the password when it is older, then the change runs again.
  const changeMemberRole = useReverification(changeMemberRoleAction);
  const [role, setRole] = useState(member.role);
  const label = displayName(member);

  async function save() {
    const result = await run(
      () => changeMemberRole({ orgSlug: slug, userId: member.userId, role }),
      `${label} is now ${ORG_ROLE_LABELS[role].toLowerCase()}.`,
    );
    onError(result.ok ? null : result.error);
    if (!result.ok) setRole(member.role);
  }

  // Wraps under the picker on a phone, so the table fits the screen.
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Select
        aria-label={`Role of ${label}`}
        className="w-28"
        value={role}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => setRole(event.target.value as OrgRole)}
        disabled={pending || !hydrated}
      >
        {ORG_ROLES.map((option) => (
          <option key={option} value={option}>
            {ORG_ROLE_LABELS[option]}
          </option>
        ))}
      </Select>
      <Button size="sm" variant="outline" onClick={save} disabled={pending || role === member.role} aria-label={`Save role of ${label}`}>
        {pending ? 'Saving…' : 'Save'}
      </Button>
    </div>
  );
}

function RemoveMember({ member, onError, onDone }: { member: Member; onError: (message: string | null) => void; onDone: () => void }) {
  const { slug, name } = useOrgContext();
  const { pending, run } = useActionRunner();

  async function confirm() {
    const result = await run(() => removeMemberAction({ orgSlug: slug, userId: member.userId }), `Removed ${displayName(member)}.`);
    onError(result.ok ? null : result.error);
    onDone();
  }

  return (
    <div className="grid gap-4">
      <p className="text-sm">
        <strong>{displayName(member)}</strong> will no longer be a member of {name}.
      </p>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={onDone} disabled={pending}>
          Cancel
        </Button>
        <Button variant="destructive" onClick={confirm} disabled={pending}>
          Remove member
        </Button>
      </div>
    </div>
  );
}

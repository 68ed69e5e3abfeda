import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AdminUserRow } from '@/lib/admin/users';
import { ImpersonateButton } from './impersonate-button';
import { RoleSelect } from './role-select';

export function UsersTable({ users, currentUserId }: { users: AdminUserRow[]; currentUserId: string }) {
  return (
    <Table>
      <TableCaption>Users and their app roles</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead className="hidden md:table-cell">Email</TableHead>
          <TableHead className="hidden sm:table-cell">Role</TableHead>
          <TableHead>Change role</TableHead>
          <TableHead>Support</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((user) => {
          const label = user.name || user.email || user.id;
          return (
            <TableRow key={user.id} data-user-id={user.id}>
              <TableCell>
                <p className="font-medium">
                  {user.name || '—'}
                  {user.id === currentUserId && <span className="ml-2 text-xs text-muted-foreground">(you)</span>}
                </p>
                {/* On narrow screens the email sits under the name instead of in its own column. */}
                <p className="break-all text-muted-foreground md:hidden">{user.email ?? '—'}</p>
              </TableCell>
              <TableCell className="hidden break-all md:table-cell">{user.email ?? '—'}</TableCell>
              <TableCell className="hidden sm:table-cell">
                <Badge>{user.role}</Badge>
              </TableCell>
              <TableCell>
                <RoleSelect key={user.role} userId={user.id} userLabel={label} role={user.role} />
              </TableCell>
              <TableCell>
                {/* Admins are never impersonated (lib/admin/impersonation.ts checks Clerk's role again). */}
                {user.role !== 'admin' && user.id !== currentUserId && <ImpersonateButton userId={user.id} userLabel={label} />}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

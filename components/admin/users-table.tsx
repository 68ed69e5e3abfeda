import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AdminUserRow } from '@/lib/admin/users';
import { RoleSelect } from './role-select';

export function UsersTable({ users, currentUserId }: { users: AdminUserRow[]; currentUserId: string }) {
  return (
    <Table>
      <TableCaption>Users and their app roles</TableCaption>
      <TableHeader>
        <TableRow>
          <TableHead>Name</TableHead>
          <TableHead>Email</TableHead>
          <TableHead>Role</TableHead>
          <TableHead>Change role</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {users.map((user) => {
          const label = user.name || user.email || user.id;
          return (
            <TableRow key={user.id} data-user-id={user.id}>
              <TableCell className="font-medium">
                {user.name || '—'}
                {user.id === currentUserId && <span className="ml-2 text-xs text-muted-foreground">(you)</span>}
              </TableCell>
              <TableCell>{user.email ?? '—'}</TableCell>
              <TableCell>
                <Badge>{user.role}</Badge>
              </TableCell>
              <TableCell>
                <RoleSelect key={user.role} userId={user.id} userLabel={label} role={user.role} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}

import type { Metadata } from 'next';
import { Pagination } from '@/components/admin/pagination';
import { UserSearch } from '@/components/admin/user-search';
import { UsersTable } from '@/components/admin/users-table';
import { WebhookDeliveries } from '@/components/admin/webhook-deliveries';
import { WhoAmICard } from '@/components/auth/whoami-card';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { listUsers, userListQuerySchema } from '@/lib/admin/users';
import { SENSITIVE_REVERIFICATION, requireRole } from '@/lib/auth/guards';
import { guardPage } from '@/lib/auth/pages';
import { db } from '@/lib/db';
import { latestDeliveries } from '@/lib/sync/ledger';

export const metadata: Metadata = { title: 'Admin' };

export default async function AdminPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await guardPage(() => requireRole('admin'), '/admin');
  const result = await listUsers(db, userListQuerySchema.parse(await searchParams));

  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Admin</h1>
        <p className="text-muted-foreground">Users of the app and their roles.</p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Users</CardTitle>
          <CardDescription>
            Roles live in Clerk (<code>publicMetadata.role</code>). A new role takes effect with the user&apos;s next session token (Clerk
            refreshes it about every minute; signing in again applies it at once). There is always at least one admin. Changing a role asks
            you to confirm it is you (your password, or your second factor) unless you did in the last{' '}
            {SENSITIVE_REVERIFICATION.afterMinutes} minutes.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <UserSearch q={result.q} />
          {result.users.length > 0 ? (
            <UsersTable users={result.users} currentUserId={session.userId} />
          ) : (
            <p className="py-6 text-center text-sm text-muted-foreground">
              {result.q ? `No user matches “${result.q}”.` : 'No users yet.'}
            </p>
          )}
          <Pagination q={result.q} page={result.page} pageCount={result.pageCount} total={result.total} />
        </CardContent>
      </Card>
      <WhoAmICard />
      <WebhookDeliveries deliveries={await latestDeliveries(db)} />
    </div>
  );
}

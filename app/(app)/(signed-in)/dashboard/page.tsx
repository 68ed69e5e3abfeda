import { auth } from '@clerk/nextjs/server';
import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { Badge } from '@/components/ui/badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { db } from '@/lib/db';
import { listOrganizationsForUser } from '@/lib/db/queries/organizations';
import { getCurrentUser } from '@/lib/auth/session';
import { ensureUser } from '@/lib/sync/users';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const { userId, orgId, orgRole } = await auth();
  if (!userId) redirect('/sign-in');
  const [user, organizations] = await Promise.all([getCurrentUser(), listOrganizationsForUser(db, userId)]);
  // The first page after sign-in: create the user's row now if the user.created webhook is still on its way.
  if (user) await ensureUser(db, user);
  const active = organizations.find((org) => org.id === orgId);

  return (
    <div className="grid gap-6">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Welcome, {user?.firstName ?? 'there'}!</h1>
        <p className="text-muted-foreground">{user?.primaryEmailAddress?.emailAddress}</p>
        <p className="mt-2 text-sm">
          Active organization (as the server sees it):{' '}
          <strong data-testid="active-organization">
            {orgId ? `${active?.name ?? orgId} (${orgRole?.replace('org:', '')})` : 'Personal account'}
          </strong>
        </p>
      </div>
      <Card>
        <CardHeader>
          <CardTitle>Your organizations</CardTitle>
          <CardDescription>From the app&apos;s database, kept in sync with Clerk by the webhook.</CardDescription>
        </CardHeader>
        <CardContent>
          {organizations.length === 0 ? (
            <p className="text-sm text-muted-foreground">
              You do not belong to an organization yet. <Link className="underline" href="/select-org">Create or choose one</Link>.
            </p>
          ) : (
            <ul className="divide-y" aria-label="Organizations">
              {organizations.map((org) => (
                <li key={org.id} className="flex items-center justify-between py-3">
                  <Link href={`/org/${org.slug}`} className="font-medium hover:underline">{org.name}</Link>
                  <Badge>{org.role.replace('org:', '')}</Badge>
                </li>
              ))}
            </ul>
          )}
        </CardContent>
      </Card>
    </div>
  );
}

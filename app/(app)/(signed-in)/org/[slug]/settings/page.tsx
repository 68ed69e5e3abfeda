import type { Metadata } from 'next';
import { ChangeSlugForm, DeleteOrganization, RenameOrganizationForm } from '@/components/org/settings-forms';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { guardOrgPage } from '@/lib/auth/pages';

export const metadata: Metadata = { title: 'Organization settings' };

/** Organization admins only: the middleware sends others to /unauthorized, and so does this guard. */
export default async function OrganizationSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await guardOrgPage(slug, 'settings');

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle>Name</CardTitle>
          <CardDescription>Shown to members in the app and in Clerk&apos;s organization switcher.</CardDescription>
        </CardHeader>
        <CardContent>
          <RenameOrganizationForm />
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Address</CardTitle>
          <CardDescription>Links to the old address stop working when the slug changes.</CardDescription>
        </CardHeader>
        <CardContent>
          <ChangeSlugForm />
        </CardContent>
      </Card>

      <Card className="border-destructive/50">
        <CardHeader>
          <CardTitle>Danger zone</CardTitle>
          <CardDescription>Delete the organization with all of its projects, members and invitations.</CardDescription>
        </CardHeader>
        <CardContent className="grid">
          <DeleteOrganization />
        </CardContent>
      </Card>
    </div>
  );
}

import { APIKeys } from '@clerk/nextjs';
import type { Metadata } from 'next';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@/components/ui/card';
import { DEFAULT_KEY_SCOPES } from '@/lib/auth/permissions';
import { guardOrgPage } from '@/lib/auth/pages';

export const metadata: Metadata = { title: 'API keys' };

/**
 * The organization's API keys, for roles the matrix lets read them (`api_keys`; Clerk's
 * `org:sys_api_keys:*`), never while impersonating. Clerk's `<APIKeys />` creates, lists and
 * revokes them; the secret is shown once. Keys made here carry no scopes, which the app reads
 * as read-only (DEFAULT_KEY_SCOPES): docs/api-keys.md.
 */
export default async function OrganizationApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  await guardOrgPage(slug, 'api-keys');
  return (
    <Card>
      <CardHeader>
        <CardTitle>API keys</CardTitle>
        <CardDescription>
          Keys for this organization&apos;s integrations: send one as <code>Authorization: Bearer ak_…</code> to <code>/api/projects</code>.
          They see this organization only, and may {DEFAULT_KEY_SCOPES.join(', ')}.
        </CardDescription>
      </CardHeader>
      <CardContent>
        <APIKeys />
      </CardContent>
    </Card>
  );
}

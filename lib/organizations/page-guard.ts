import 'server-only';
import { redirect } from 'next/navigation';
import { guardPage, requireOrg, requireOrgAdmin, type OrgSessionContext } from '@/lib/auth/guards';
import { selectOrgPath } from '@/lib/auth/routes';

/**
 * The guard of every /org/[slug] layout and page (they render in parallel, so
 * each one checks): the URL's slug must be the session's active organization,
 * else /select-org; `admin` pages also need org:admin, else /unauthorized.
 */
export async function requireOrgPage(slug: string, access: 'member' | 'admin' = 'member'): Promise<OrgSessionContext> {
  const returnTo = `/org/${encodeURIComponent(slug)}`;
  const session = await guardPage(access === 'admin' ? requireOrgAdmin : requireOrg, returnTo);
  if (session.orgSlug !== slug) redirect(selectOrgPath('not-a-member', slug));
  return session;
}

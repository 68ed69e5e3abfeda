import { requireOrg } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import { handler, HttpError } from '@/lib/http/handler';
import { organizationSchema } from '@/lib/tenant/organization-schema';
import { getOrganization } from '@/lib/tenant/organization';

/** The session's active organization and the caller's role in it. */
export const GET = handler({ guard: requireOrg }, async ({ session }) => {
  const organization = await getOrganization(db, session);
  if (!organization) throw new HttpError(404, 'not_found', 'Organization not found (it may still be syncing from Clerk).');
  return { organization: organizationSchema.parse({ ...organization, role: session.orgRole }) };
});

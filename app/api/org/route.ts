import { requireOrg } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { handler } from '@/lib/http/handler';
import { getOrganization } from '@/lib/organizations/reads';
import { organizationSchema } from '@/lib/organizations/schema';

/** The session's active organization and the caller's role in it. */
export const GET = handler({ guard: requireOrg }, async ({ session }) => {
  const organization = await getOrganization(db, session);
  if (!organization) throw new AppError('not_found', 'Organization not found (it may still be syncing from Clerk).');
  return { organization: organizationSchema.parse({ ...organization, role: session.orgRole }) };
});

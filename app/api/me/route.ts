import { requireUser } from '@/lib/auth/guards';
import { handler } from '@/lib/http/handler';

/** Who the caller is, from the session cookie or an `Authorization: Bearer <session token>` header. */
export const GET = handler({ guard: requireUser }, async ({ session: { userId, role, orgId, orgRole } }) => ({
  userId,
  role,
  orgId,
  orgRole,
}));

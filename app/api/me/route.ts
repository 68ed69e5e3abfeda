import { requireUser } from '@/lib/auth/guards';
import { SESSION_OR_API_KEY, handler } from '@/lib/http/handler';

/** Who the caller is, from the session cookie, an `Authorization: Bearer <session token>` header, or an API key (`actor`, `scopes`). */
export const GET = handler(
  { guard: requireUser, accepts: SESSION_OR_API_KEY },
  async ({ session: { userId, role, orgId, orgRole, actor, scopes } }) => ({
    userId,
    role,
    orgId,
    orgRole,
    actor,
    ...(scopes && { scopes }),
  }),
);

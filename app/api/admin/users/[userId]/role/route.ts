import { z } from 'zod';
import { clerkRoleDirectory } from '@/lib/admin/clerk';
import { changeRole } from '@/lib/admin/roles';
import { requireSensitivePermission } from '@/lib/auth/guards';
import { APP_ROLES } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { handler } from '@/lib/http/handler';

/** Changes a user's app role. 400 invalid role, 401 signed out, 403 not an admin or step-up needed, 404, 409 last admin. */
export const PATCH = handler(
  {
    guard: () => requireSensitivePermission('roles', 'update'),
    params: z.object({ userId: z.string().regex(/^user_[A-Za-z0-9]+$/) }),
    body: z.object({ role: z.enum(APP_ROLES) }),
  },
  ({ session, params, body }) => changeRole(db, clerkRoleDirectory, { actorId: session.userId, userId: params.userId, role: body.role }),
);

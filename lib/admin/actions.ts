'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { requirePermission, requireSensitivePermission, requireUser } from '@/lib/auth/guards';
import { APP_ROLES } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { clerkRoleDirectory } from './clerk';
import { clerkImpersonationDirectory, endImpersonation, startImpersonation } from './impersonation';
import { changeRole } from './roles';

/** The /admin page's role picker: the same guard, reverification and rules as `PATCH /api/admin/users/:id/role`. */
export const changeAppRoleAction = action(
  'roles',
  z.object({ userId: z.string().regex(/^user_[A-Za-z0-9]+$/), role: z.enum(APP_ROLES) }),
  () => requireSensitivePermission('roles', 'update'),
  ({ userId, role }, session) => changeRole(db, clerkRoleDirectory, { actorId: session.userId, userId, role }),
);

/** /admin's "Impersonate": an actor token whose link the browser signs in with (components/admin/impersonate-button.tsx). */
export const startImpersonationAction = action(
  'impersonation',
  z.object({ userId: z.string().regex(/^user_[A-Za-z0-9]+$/) }),
  () => requirePermission('impersonation', 'create'),
  ({ userId }, session) => startImpersonation(db, clerkImpersonationDirectory, { actorId: session.userId, userId }),
);

/** The banner's "Stop impersonating": audited, then the browser signs out. */
export const stopImpersonationAction = action('impersonation', z.object({}), requireUser, async (_input, session) => {
  if (session.actor?.type !== 'impersonator') throw new AppError('invalid_request', 'This session is not an impersonation.');
  await endImpersonation(db, { actorId: session.actor.userId, userId: session.userId });
});

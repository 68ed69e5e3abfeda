'use server';

import { z } from 'zod';
import { action } from '@/lib/actions/action';
import { requireSensitivePermission } from '@/lib/auth/guards';
import { APP_ROLES } from '@/lib/auth/permissions';
import { db } from '@/lib/db';
import { clerkRoleDirectory } from './clerk';
import { changeRole } from './roles';

/** The /admin page's role picker: the same guard, reverification and rules as `PATCH /api/admin/users/:id/role`. */
export const changeAppRoleAction = action(
  'roles',
  z.object({ userId: z.string().regex(/^user_[A-Za-z0-9]+$/), role: z.enum(APP_ROLES) }),
  () => requireSensitivePermission('roles', 'update'),
  ({ userId, role }, session) => changeRole(db, clerkRoleDirectory, { actorId: session.userId, userId, role }),
);

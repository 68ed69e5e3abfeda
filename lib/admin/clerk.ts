import 'server-only';
import { clerkClient } from '@clerk/nextjs/server';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { AppError } from '@/lib/errors';
import type { RoleDirectory } from './roles';

/** App roles in Clerk: `publicMetadata.role` (merged, so other public metadata stays). */
export const clerkRoleDirectory: RoleDirectory = {
  async setRole(userId, role) {
    try {
      return await (await clerkClient()).users.updateUserMetadata(userId, { publicMetadata: { role } });
    } catch (error) {
      if (isClerkAPIResponseError(error) && error.status === 404) throw new AppError('not_found', 'There is no such user in Clerk.');
      throw error;
    }
  },
};

import { z } from 'zod';
import { requireOrgPermission } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import { SESSION_OR_API_KEY, handler } from '@/lib/http/handler';
import { updateProjectSchema } from '@/lib/projects/schema';
import { deleteProject, getProject, updateProject } from '@/lib/projects/queries';

/** One project of the session's active organization; ids from other organizations answer 404. */
const params = z.object({ id: z.string() });

export const GET = handler(
  { guard: () => requireOrgPermission('projects', 'read'), accepts: SESSION_OR_API_KEY, params },
  async ({ session, params }) => ({
    project: await getProject(db, session, params.id),
  }),
);

export const PATCH = handler(
  { guard: () => requireOrgPermission('projects', 'update'), accepts: SESSION_OR_API_KEY, params, body: updateProjectSchema },
  async ({ session, params, body }) => ({ project: await updateProject(db, session, params.id, body) }),
);

export const DELETE = handler(
  { guard: () => requireOrgPermission('projects', 'delete'), accepts: SESSION_OR_API_KEY, params },
  async ({ session, params }) => {
    await deleteProject(db, session, params.id);
    return new Response(null, { status: 204 });
  },
);

import { NextResponse } from 'next/server';
import { requireOrgPermission } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import { SESSION_OR_API_KEY, handler } from '@/lib/http/handler';
import { createProjectSchema } from '@/lib/projects/schema';
import { createProject, listProjects } from '@/lib/projects/queries';

/** Projects of the session's active organization, or of an organization key's organization (never one named by the request). */
export const GET = handler({ guard: () => requireOrgPermission('projects', 'read'), accepts: SESSION_OR_API_KEY }, async ({ session }) => ({
  projects: await listProjects(db, session),
}));

export const POST = handler(
  { guard: () => requireOrgPermission('projects', 'create'), accepts: SESSION_OR_API_KEY, body: createProjectSchema },
  async ({ session, body }) => NextResponse.json({ project: await createProject(db, session, body) }, { status: 201 }),
);

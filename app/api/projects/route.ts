import { NextResponse } from 'next/server';
import { requireOrgPermission } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import { handler } from '@/lib/http/handler';
import { createProjectSchema } from '@/lib/projects/schema';
import { createProject, listProjects } from '@/lib/projects/queries';

/** Projects of the session's active organization (never one named by the request). */
export const GET = handler({ guard: () => requireOrgPermission('projects', 'read') }, async ({ session }) => ({
  projects: await listProjects(db, session),
}));

export const POST = handler(
  { guard: () => requireOrgPermission('projects', 'create'), body: createProjectSchema },
  async ({ session, body }) => NextResponse.json({ project: await createProject(db, session, body) }, { status: 201 }),
);

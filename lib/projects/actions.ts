'use server';

import { z } from 'zod';
import { requireOrgPermission } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import { orgAction } from '@/lib/actions/org-action';
import { createProjectSchema, updateProjectSchema } from './schema';
import { createProject, deleteProject, updateProject } from './queries';

/** Server actions for the project pages: the same guards and data layer as /api/projects. */

export const createProjectAction = orgAction(
  'projects',
  createProjectSchema,
  () => requireOrgPermission('projects', 'create'),
  (input, session) => createProject(db, session, input),
);

export const updateProjectAction = orgAction(
  'projects',
  z.intersection(z.object({ id: z.string() }), updateProjectSchema),
  () => requireOrgPermission('projects', 'update'),
  ({ id, name, description }, session) => updateProject(db, session, id, { name, description }),
);

export const deleteProjectAction = orgAction(
  'projects',
  z.object({ id: z.string() }),
  () => requireOrgPermission('projects', 'delete'),
  async ({ id }, session) => {
    await deleteProject(db, session, id);
    return { id };
  },
);

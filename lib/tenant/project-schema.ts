import { z } from 'zod';
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX } from './project-limits';

/** Project input rules, shared by the REST API and the server actions. */

const name = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(PROJECT_NAME_MAX, `Use at most ${PROJECT_NAME_MAX} characters.`);
const description = z
  .string()
  .trim()
  .max(PROJECT_DESCRIPTION_MAX, `Use at most ${PROJECT_DESCRIPTION_MAX} characters.`);

export const createProjectSchema = z.object({ name, description: description.default('') });
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z
  .object({ name: name.optional(), description: description.optional() })
  .refine((patch) => patch.name !== undefined || patch.description !== undefined, {
    message: 'Change the name or the description.',
  });
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

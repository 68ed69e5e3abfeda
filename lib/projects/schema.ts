import { z } from 'zod';
import { CONTROL_CHARACTERS_MESSAGE, isMultiLineText, isSingleLineText } from '@/lib/text';
import { PROJECT_DESCRIPTION_MAX, PROJECT_NAME_MAX } from './limits';

/** Project input rules, shared by the REST API and the server actions. */

const name = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(PROJECT_NAME_MAX, `Use at most ${PROJECT_NAME_MAX} characters.`)
  .refine(isSingleLineText, CONTROL_CHARACTERS_MESSAGE);
const description = z
  .string()
  .trim()
  .max(PROJECT_DESCRIPTION_MAX, `Use at most ${PROJECT_DESCRIPTION_MAX} characters.`)
  .refine(isMultiLineText, CONTROL_CHARACTERS_MESSAGE);

export const createProjectSchema = z.object({ name, description: description.default('') });
export type CreateProjectInput = z.infer<typeof createProjectSchema>;

export const updateProjectSchema = z
  .object({ name: name.optional(), description: description.optional() })
  .refine((patch) => patch.name !== undefined || patch.description !== undefined, {
    message: 'Change the name or the description.',
  });
export type UpdateProjectInput = z.infer<typeof updateProjectSchema>;

import { z } from 'zod';
import { CONTROL_CHARACTERS_MESSAGE, isSingleLineText } from '@/lib/text';
import { ORG_ROLES } from '@/lib/auth/permissions';
import { ORGANIZATION_NAME_MAX, SLUG_MAX, SLUG_MIN, SLUG_PATTERN } from './rules';

export const orgRoleSchema = z.enum(ORG_ROLES);

/** Organization input validation for server actions and route handlers (limits in ./rules). */
export const organizationNameSchema = z
  .string()
  .trim()
  .min(1, 'Enter a name.')
  .max(ORGANIZATION_NAME_MAX, `Use at most ${ORGANIZATION_NAME_MAX} characters.`)
  .refine(isSingleLineText, CONTROL_CHARACTERS_MESSAGE);

export const organizationSlugSchema = z
  .string()
  .trim()
  .min(SLUG_MIN, `Use at least ${SLUG_MIN} characters.`)
  .max(SLUG_MAX, `Use at most ${SLUG_MAX} characters.`)
  .regex(new RegExp(SLUG_PATTERN), 'Use lowercase letters, digits and single hyphens between them.');

export const renameOrganizationSchema = z.object({ name: organizationNameSchema });
export const changeSlugSchema = z.object({ slug: organizationSlugSchema });
/** Deleting asks the admin to type the organization's name; the server compares it with the organization's name in Clerk. */
export const deleteOrganizationSchema = z.object({ confirmName: z.string() });

export const inviteMemberSchema = z.object({
  email: z.string().trim().toLowerCase().pipe(z.email('Enter a valid email address.')),
  role: orgRoleSchema,
});
export const changeMemberRoleSchema = z.object({ userId: z.string().min(1), role: orgRoleSchema });
export const removeMemberSchema = z.object({ userId: z.string().min(1) });
export const revokeInvitationSchema = z.object({ invitationId: z.string().min(1) });
/** The invitee's decline: the organization and invitation ids as clerk-js lists them (the server checks the invitation is theirs). */
export const declineInvitationSchema = z.object({ organizationId: z.string().min(1), invitationId: z.string().min(1) });

/** The active organization as the app presents it (the seed's schema, adapted). */
export const organizationSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  imageUrl: z.string().optional(),
  createdAt: z.date(),
  membersCount: z.number().int().nonnegative(),
  role: orgRoleSchema,
});
export type Organization = z.infer<typeof organizationSchema>;

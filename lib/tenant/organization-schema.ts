import { z } from 'zod';
import { ORG_ROLES } from '@/lib/auth/permissions';

export const orgRoleSchema = z.enum(ORG_ROLES);

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

import type { OrgRole } from '@/lib/auth/permissions';

/** Organization field rules and labels: the zod schemas enforce them, forms mirror them (no zod in client bundles). */
export const ORG_ROLE_LABELS: Record<OrgRole, string> = {
  'org:admin': 'Admin',
  'org:member': 'Member',
};

export const ORGANIZATION_NAME_MAX = 100;

export const SLUG_MIN = 3;
export const SLUG_MAX = 50;
/** Lowercase letters and digits, words joined by single hyphens. */
export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';

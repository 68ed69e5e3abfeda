import { hasEntitlement, type Entitled } from '@/lib/billing/plans';

/** Project field limits: enforced by the zod schemas, mirrored by form attributes (no zod in client bundles). */
export const PROJECT_NAME_MAX = 100;
export const PROJECT_DESCRIPTION_MAX = 1000;

/** How many projects an organization may keep without the `unlimited_projects` feature. */
export const FREE_PROJECT_LIMIT = 3;

/** The organization's project limit, or null for none. */
export const projectLimit = (subject: Entitled): number | null =>
  hasEntitlement(subject, { feature: 'unlimited_projects' }) ? null : FREE_PROJECT_LIMIT;

/** Why a free organization cannot add another project. */
export const projectLimitMessage = (limit: number) => `The free plan keeps up to ${limit} projects per organization.`;

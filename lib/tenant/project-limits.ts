/** Project field limits: enforced by the zod schemas, mirrored by form attributes (no zod in client bundles). */
export const PROJECT_NAME_MAX = 100;
export const PROJECT_DESCRIPTION_MAX = 1000;

/** Why a free organization cannot add another project (the limit itself is `projectLimit()` in lib/auth/permissions.ts). */
export const projectLimitMessage = (limit: number) => `The free plan keeps up to ${limit} projects per organization.`;

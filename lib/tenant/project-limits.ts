/** Project field limits: enforced by the zod schemas, mirrored by form attributes (no zod in client bundles). */
export const PROJECT_NAME_MAX = 100;
export const PROJECT_DESCRIPTION_MAX = 1000;

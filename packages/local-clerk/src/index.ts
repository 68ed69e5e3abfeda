/**
 * The stand-in as a library: start it in-process (`startLocalClerk`), or
 * create its parts to serve them yourself (`createLocalClerk`). The app passes
 * everything it knows (roles, seed, webhook URL, paths) as options.
 */
export { createLocalClerk, startLocalClerk, type LocalClerkOptions, type LocalClerkServer } from './server';
export { DEFAULT_FRONTEND_API_HOST, ensureLocalKeys, readKeys, type KeyOptions, type LocalClerkKeys } from './keys';
export { DEFAULT_INSTANCE, type EnterpriseConnection, type InstanceConfig, type InstancePaths, type OrgRoleDefinition } from './instance';
export type { BillingFeatureConfig, BillingPlanConfig } from './billing/plans';
export type { Seed, SeedOrganization, SeedUser } from './seed';
export { SOCIAL_PROVIDERS, type ProviderAccount, type SocialProvider } from './providers';

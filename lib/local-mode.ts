/**
 * Local mode as this app configures it: the demo accounts, and what a Clerk
 * instance set up for this app holds (organization roles carrying the
 * matrix's permissions, the app's paths). The launcher hands it to the Clerk
 * stand-in (`packages/local-clerk`); the banner shows the demo accounts.
 */
import type { InstanceConfig, OrgRoleDefinition, ProviderAccount, Seed } from '@saas-starter/local-clerk';
import { ACTIONS, ORG_ROLES, TENANT_RESOURCES, can, type AppRole, type OrgRole } from '@/lib/auth/permissions';
import { FEATURES, PLANS, PLAN_SLUGS } from '@/lib/billing/plans';
import { AFTER_AUTH_PATH, SIGN_IN_PATH, SIGN_UP_PATH } from '@/lib/auth/routes';

/** Every demo user's password. */
export const LOCAL_DEMO_PASSWORD = 'local-demo-password';

/** The code every email verification accepts (Clerk's test-mode convention). */
export const LOCAL_VERIFICATION_CODE = '424242';

export interface DemoUser {
  email: string;
  firstName: string;
  lastName: string;
  /** The app role, `publicMetadata.role`. */
  role: AppRole;
  memberships: Array<{ organizationSlug: string; role: OrgRole }>;
  /** An enrolled authenticator app (base32): sign-in asks for its code after the password. */
  totpSecret?: string;
  /** Second-factor backup codes, each usable once. */
  backupCodes?: string[];
}

/** The MFA demo user's authenticator secret: add it to any authenticator app (or compute codes, as the e2e tests do). */
export const LOCAL_TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

/**
 * Acme and Globex start on `pro` (the demo accounts' projects are not limited);
 * an organization you create starts on `free_org`, with its project limit.
 */
export const DEMO_ORGANIZATIONS = [
  { name: 'Acme', slug: 'acme', plan: 'pro' },
  { name: 'Globex', slug: 'globex', plan: 'pro' },
  { name: 'Enterprise Co', slug: 'enterprise-co' },
];

/** Enterprise SSO: anyone `@enterprise.test` signs in at Enterprise Co's (local) identity provider and joins Enterprise Co. */
export const LOCAL_ENTERPRISE_CONNECTIONS = [{ domain: 'enterprise.test', name: 'Enterprise Co SSO', organizationSlug: 'enterprise-co' }];

export const DEMO_USERS: DemoUser[] = [
  {
    email: 'admin@acme.test',
    firstName: 'Ada',
    lastName: 'Admin',
    role: 'admin',
    memberships: [{ organizationSlug: 'acme', role: 'org:admin' }],
  },
  {
    email: 'manager@acme.test',
    firstName: 'Max',
    lastName: 'Manager',
    role: 'manager',
    memberships: [{ organizationSlug: 'acme', role: 'org:member' }],
  },
  {
    email: 'member@acme.test',
    firstName: 'Mia',
    lastName: 'Member',
    role: 'member',
    memberships: [{ organizationSlug: 'acme', role: 'org:member' }],
  },
  {
    email: 'secure@acme.test',
    firstName: 'Sam',
    lastName: 'Secure',
    role: 'member',
    memberships: [{ organizationSlug: 'acme', role: 'org:member' }],
    totpSecret: LOCAL_TOTP_SECRET,
    backupCodes: ['backup-code-one', 'backup-code-two'],
  },
  {
    email: 'outsider@globex.test',
    firstName: 'Olga',
    lastName: 'Outsider',
    role: 'member',
    memberships: [{ organizationSlug: 'globex', role: 'org:admin' }],
  },
];

/**
 * The custom permissions a Clerk instance would be configured with to match
 * the matrix: `org:<resource>:<action>` for each tenant resource the role may act on.
 */
export const orgRolePermissions = (role: OrgRole) =>
  [...TENANT_RESOURCES].flatMap((resource) =>
    ACTIONS.filter((action) => can({ role: null, orgRole: role }, resource, action)).map((action) => `org:${resource}:${action}`),
  );

const ORG_ROLE_NAMES: Record<OrgRole, Omit<OrgRoleDefinition, 'permissions'>> = {
  'org:admin': { name: 'Admin', description: 'Manages the organization, its members and all of its projects.' },
  'org:member': { name: 'Member', description: 'Reads the organization and its projects.' },
};

/**
 * The accounts the local Google and GitHub consent pages offer: one shares a
 * demo user's email (signing in with it links the provider to that user),
 * the others are new people (signing in with them signs them up); Casey's is
 * one to connect in `<UserProfile>` (Connected accounts).
 */
export const LOCAL_PROVIDER_ACCOUNTS: ProviderAccount[] = [
  { provider: 'google', email: 'member@acme.test', firstName: 'Mia', lastName: 'Member' },
  { provider: 'google', email: 'gina.google@gmail.test', firstName: 'Gina', lastName: 'Google' },
  { provider: 'github', email: 'admin@acme.test', firstName: 'Ada', lastName: 'Admin' },
  { provider: 'github', email: 'hal.hub@github.test', firstName: 'Hal', lastName: 'Hub' },
  { provider: 'google', email: 'casey.connect@gmail.test', firstName: 'Casey', lastName: 'Connect' },
];

/** Clerk Billing's plans as Dashboard > Billing would hold them: the permissions module's plans and features, by the same slugs. */
export const LOCAL_BILLING_PLANS: InstanceConfig['billingPlans'] = PLAN_SLUGS.map((slug) => {
  const plan = PLANS[slug];
  return {
    slug,
    name: plan.name,
    description: plan.description,
    payer: plan.payer,
    isDefault: plan.isDefault,
    features: plan.features.map((feature) => ({ slug: feature, ...FEATURES[feature] })),
    monthlyFee: plan.monthlyFee,
    annualMonthlyFee: plan.annualMonthlyFee,
  };
});

export const LOCAL_INSTANCE: Partial<InstanceConfig> = {
  applicationName: 'SaaS Starter',
  orgRoles: Object.fromEntries(ORG_ROLES.map((role) => [role, { ...ORG_ROLE_NAMES[role], permissions: orgRolePermissions(role) }])),
  defaultOrgRole: 'org:member',
  creatorOrgRole: 'org:admin',
  verificationCode: LOCAL_VERIFICATION_CODE,
  // The app's own pages, so none is the stand-in's hosted Account Portal.
  paths: {
    home: '/',
    signIn: SIGN_IN_PATH,
    signUp: SIGN_UP_PATH,
    afterAuth: AFTER_AUTH_PATH,
    userProfile: AFTER_AUTH_PATH,
    createOrganization: AFTER_AUTH_PATH,
  },
  socialProviders: ['google', 'github'],
  providerAccounts: LOCAL_PROVIDER_ACCOUNTS,
  enterpriseConnections: LOCAL_ENTERPRISE_CONNECTIONS,
  billingPlans: LOCAL_BILLING_PLANS,
  // Dashboard > API keys: users' keys (<UserProfile>) and organizations' (/org/:slug/api-keys).
  apiKeys: { user: true, organization: true },
};

export const LOCAL_SEED: Seed = {
  organizations: DEMO_ORGANIZATIONS,
  users: DEMO_USERS.map(({ role, ...user }) => ({ ...user, password: LOCAL_DEMO_PASSWORD, publicMetadata: { role } })),
};

/** `--config` of the stand-in run alone (`npm run local-clerk -- serve --config lib/local-mode.ts ...`). */
const standaloneConfig = { instance: LOCAL_INSTANCE, seed: LOCAL_SEED };
export default standaloneConfig;

/** An app's configuration of the stand-in, as the template's launcher passes it: roles with custom permissions, a demo seed. */
import type { InstanceConfig, Seed } from '../src';

export const PASSWORD = 'fixture-password';
export const VERIFICATION_CODE = '135790';
export const WEBHOOK_PATH = '/api/webhooks/clerk';

const projects = (...actions: string[]) => actions.map((action) => `org:projects:${action}`);

export const INSTANCE: Partial<InstanceConfig> = {
  applicationName: 'Fixture App',
  orgRoles: {
    'org:admin': { name: 'Admin', description: 'Runs the organization.', permissions: projects('create', 'read', 'update', 'delete') },
    'org:member': { name: 'Member', description: 'Reads projects.', permissions: projects('read') },
  },
  verificationCode: VERIFICATION_CODE,
  paths: { home: '/', signIn: '/sign-in', signUp: '/sign-up', afterAuth: '/dashboard' },
  // Personal accounts on, so a sign-in gives an active session; session-tasks.test.ts plays Clerk's default (required).
  organizationMembership: 'optional',
};

/** Clerk Billing's plans as an app configures them (the contract run turns billing on with them). */
export const BILLING_PLANS: InstanceConfig['billingPlans'] = [
  { slug: 'free_user', name: 'Free', payer: 'user', isDefault: true, features: [], monthlyFee: 0 },
  { slug: 'plus', name: 'Plus', payer: 'user', features: [{ slug: 'exports', name: 'Exports' }], monthlyFee: 500, annualMonthlyFee: 400 },
  { slug: 'free_org', name: 'Free', payer: 'org', isDefault: true, features: [{ slug: 'projects', name: 'Projects' }], monthlyFee: 0 },
  {
    slug: 'pro',
    name: 'Pro',
    payer: 'org',
    features: [
      { slug: 'projects', name: 'Projects' },
      { slug: 'unlimited_projects', name: 'Unlimited projects' },
    ],
    monthlyFee: 2000,
    annualMonthlyFee: 1600,
  },
];

export const SEED: Seed = {
  organizations: [
    { name: 'Acme', slug: 'acme' },
    { name: 'Globex', slug: 'globex' },
  ],
  users: [
    {
      email: 'admin@acme.test',
      password: PASSWORD,
      firstName: 'Ada',
      lastName: 'Admin',
      publicMetadata: { role: 'admin' },
      memberships: [{ organizationSlug: 'acme', role: 'org:admin' }],
    },
    {
      email: 'manager@acme.test',
      password: PASSWORD,
      firstName: 'Max',
      lastName: 'Manager',
      publicMetadata: { role: 'manager' },
      memberships: [{ organizationSlug: 'acme', role: 'org:member' }],
    },
    {
      email: 'member@acme.test',
      password: PASSWORD,
      firstName: 'Mia',
      lastName: 'Member',
      publicMetadata: { role: 'member' },
      memberships: [{ organizationSlug: 'acme', role: 'org:member' }],
    },
    {
      email: 'outsider@globex.test',
      password: PASSWORD,
      firstName: 'Olga',
      lastName: 'Outsider',
      publicMetadata: { role: 'member' },
      memberships: [{ organizationSlug: 'globex', role: 'org:admin' }],
    },
  ],
};

/** Options for `startLocalClerk`/`createLocalClerk` besides the data folder, keys and URLs. */
export const CONFIGURED = { instance: INSTANCE, seed: SEED };

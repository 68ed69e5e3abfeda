/**
 * The local instance's configuration: what the Clerk Dashboard holds for a real
 * instance (application name, organization roles, paths) plus the stand-in's
 * fixed verification code. The app that runs the stand-in passes its own; the
 * defaults are a fresh Clerk instance's.
 */
import { BillingPlans, type BillingPlanConfig } from './billing/plans';
import { invalidParam, unknownParam } from './errors';
import { isSocialProvider, type ProviderAccount, type SocialProvider } from './providers';

/** An organization role as "Roles & Permissions" in the Clerk Dashboard defines it. */
export interface OrgRoleDefinition {
  name: string;
  description?: string;
  /** Custom permissions (`org:<feature>:<permission>`): in membership JSON and, encoded, in session tokens. */
  permissions?: string[];
  /** Clerk's system permissions (`org:sys_*`): in membership JSON, never in session tokens. Default: Clerk's for the role key. */
  systemPermissions?: string[];
}

/**
 * The pages Clerk's components link to (Dashboard > Paths), relative to the app's origin.
 * `null` is the Account Portal's page (hosted by the stand-in, see fapi/hosted-pages.ts):
 * a new Clerk instance's default, for an app with no such page of its own.
 */
export interface InstancePaths {
  home: string;
  signIn: string | null;
  signUp: string | null;
  /** Where sign-in, sign-up, switching organization and the profile pages land. */
  afterAuth: string;
  /** `<UserButton>`'s "Manage account" as a page (default: the Account Portal's). */
  userProfile?: string | null;
  /** `<OrganizationSwitcher>`'s "Create organization" as a page (default: the Account Portal's). */
  createOrganization?: string | null;
}

/** The Account Portal's pages, on the Frontend API's host: where a `null` path leads. */
export const ACCOUNT_PORTAL_PATHS = {
  signIn: '/sign-in',
  signUp: '/sign-up',
  userProfile: '/user',
  createOrganization: '/create-organization',
} as const;

export type AccountPortalPage = keyof typeof ACCOUNT_PORTAL_PATHS;

/** A page as Clerk's components link to it: the app's (on `origin`), or the Account Portal's (on `accountPortalUrl`, the Frontend API's). */
export function pageUrl(paths: InstancePaths, page: AccountPortalPage, origin: string, accountPortalUrl: string): string {
  const path = paths[page];
  return path == null ? `${accountPortalUrl.replace(/\/$/, '')}${ACCOUNT_PORTAL_PATHS[page]}` : new URL(path, origin).toString();
}

/** User attributes this instance has off (Dashboard > User & authentication; `off` in the environment's auth_config). */
export const ATTRIBUTES_OFF = ['username', 'phone_number'] as const;

/** A body naming an attribute the instance has off is refused (422 `form_param_unknown`), never stored or dropped. */
export function refuseAttributesOff(body: unknown) {
  const fields = (body ?? {}) as Record<string, unknown>;
  const named = ATTRIBUTES_OFF.find((attribute) => fields[attribute] !== undefined);
  if (named) throw unknownParam(named);
}

export interface InstanceConfig {
  /** Shown by Clerk's components ("Sign in to ..."). */
  applicationName: string;
  orgRoles: Record<string, OrgRoleDefinition>;
  /** The role of a member added without one (Dashboard > Organizations > Default role). */
  defaultOrgRole: string;
  /** The role of an organization's creator. */
  creatorOrgRole: string;
  /** The code every email verification accepts (Clerk's test-mode convention: 424242). */
  verificationCode: string;
  paths: InstancePaths;
  /** Social sign-in providers shown by `<SignIn>` and `<SignUp>` (Dashboard > SSO connections). */
  socialProviders: SocialProvider[];
  /** The accounts each provider's local consent page offers. */
  providerAccounts: ProviderAccount[];
  /** Enterprise SSO: users of these email domains sign in at their identity provider (a local page here). */
  enterpriseConnections: EnterpriseConnection[];
  /** Users may delete their own account in `<UserProfile>` (Dashboard > User & authentication > Restrictions; on by default). */
  deleteSelf: boolean;
  /** Clerk Billing's plans (Dashboard > Billing), by the Dashboard's slugs. None: billing off. */
  billingPlans: BillingPlanConfig[];
  /**
   * Dashboard > Organizations > "Membership required" (`required`; personal accounts off) or
   * "Membership optional". Required: a session without an active organization is `pending`
   * with the `choose-organization` task. The default is Clerk's for new applications since
   * 2025-08-22: `required`.
   */
  organizationMembership: MembershipSetting;
  /**
   * Dashboard > Multi-factor > "Require multi-factor authentication": `required` gives a
   * signed-in user without a second factor the `setup-mfa` task. Default `optional`.
   */
  mfa: MfaSetting;
  /**
   * Session token lifetime in seconds (Dashboard > Sessions > "Session token lifetime"). The
   * default is Clerk's: 60.
   */
  sessionTokenLifetimeSeconds: number;
  /** Dashboard > API keys: users' keys, organizations' keys (`<APIKeys />`). Off in a fresh instance. */
  apiKeys: { user: boolean; organization: boolean };
}

export type MembershipSetting = 'required' | 'optional';
/** The Dashboard settings that change flows (session tasks, token lifetime). */
export type InstanceSettings = Pick<InstanceConfig, 'organizationMembership' | 'mfa' | 'sessionTokenLifetimeSeconds'>;

function checkSettings({ organizationMembership, mfa, sessionTokenLifetimeSeconds }: InstanceSettings) {
  if (organizationMembership !== 'required' && organizationMembership !== 'optional')
    throw new Error(`local-clerk: organizationMembership ${String(organizationMembership)} is neither required nor optional`);
  if (mfa !== 'required' && mfa !== 'optional') throw new Error(`local-clerk: mfa ${String(mfa)} is neither required nor optional`);
  if (!Number.isInteger(sessionTokenLifetimeSeconds) || sessionTokenLifetimeSeconds < 30 || sessionTokenLifetimeSeconds > 315_360_000)
    throw new Error(
      `local-clerk: sessionTokenLifetimeSeconds ${sessionTokenLifetimeSeconds} is not a whole number of seconds from 30 to 315360000`,
    );
}
export type MfaSetting = 'required' | 'optional';

/** Clerk's default session token lifetime (seconds). */
export const DEFAULT_SESSION_TOKEN_LIFETIME_SECONDS = 60;

/** A SAML/OIDC connection as Dashboard > SSO connections holds it: a domain, optionally owned by an organization. */
export interface EnterpriseConnection {
  /** The email domain, e.g. `enterprise.test`. */
  domain: string;
  /** The identity provider's name, shown on its page. */
  name: string;
  /** New users of the domain join this organization with the default role. */
  organizationSlug?: string;
}

const ADMIN_SYSTEM_PERMISSIONS = [
  'org:sys_profile:manage',
  'org:sys_profile:delete',
  'org:sys_memberships:read',
  'org:sys_memberships:manage',
  'org:sys_domains:read',
  'org:sys_domains:manage',
];
const MEMBER_SYSTEM_PERMISSIONS = ['org:sys_memberships:read'];
/** With organization billing on, Clerk's roles also read (admins: manage) the organization's subscription. */
const ADMIN_BILLING_PERMISSIONS = ['org:sys_billing:read', 'org:sys_billing:manage'];
const MEMBER_BILLING_PERMISSIONS = ['org:sys_billing:read'];
/** With organization API keys on, Clerk's admin role reads and manages the organization's keys. */
const ADMIN_API_KEY_PERMISSIONS = ['org:sys_api_keys:read', 'org:sys_api_keys:manage'];

export const DEFAULT_INSTANCE: InstanceConfig = {
  applicationName: 'Local Clerk',
  orgRoles: {
    'org:admin': { name: 'Admin', description: 'Manages the organization and its members.' },
    'org:member': { name: 'Member', description: 'Reads the organization.' },
  },
  defaultOrgRole: 'org:member',
  creatorOrgRole: 'org:admin',
  verificationCode: '424242',
  paths: { home: '/', signIn: null, signUp: null, afterAuth: '/', userProfile: null, createOrganization: null },
  socialProviders: [],
  providerAccounts: [],
  enterpriseConnections: [],
  deleteSelf: true,
  billingPlans: [],
  organizationMembership: 'required',
  mfa: 'optional',
  sessionTokenLifetimeSeconds: DEFAULT_SESSION_TOKEN_LIFETIME_SECONDS,
  apiKeys: { user: false, organization: false },
};

/** The configuration with defaults filled in, checked once at start-up. */
export class Instance {
  readonly config: InstanceConfig;
  readonly billing: BillingPlans;

  constructor(
    config: Partial<InstanceConfig> = {},
    /** The app's origin: links Clerk would email (tickets) point at its pages. */
    readonly appUrl = 'http://localhost:3000',
  ) {
    this.config = { ...DEFAULT_INSTANCE, ...config, paths: { ...DEFAULT_INSTANCE.paths, ...config.paths } };
    this.billing = new BillingPlans(this.config.billingPlans);
    for (const role of [this.config.defaultOrgRole, this.config.creatorOrgRole]) {
      if (!this.isOrgRole(role))
        throw new Error(`local-clerk: organization role ${role} is not one of orgRoles (${this.orgRoleKeys.join(', ')})`);
    }
    for (const provider of [...this.config.socialProviders, ...this.config.providerAccounts.map((account) => account.provider)]) {
      if (!isSocialProvider(provider))
        throw new Error(`local-clerk: social provider ${provider} is not one the stand-in plays (google, github, microsoft)`);
    }
    checkSettings(this.config);
  }

  /** Changes the settings that change flows, as the Dashboard does on a running instance (checked first). */
  changeSettings(settings: Partial<InstanceSettings>): InstanceSettings {
    const { organizationMembership, mfa, sessionTokenLifetimeSeconds } = { ...this.config, ...settings };
    const changed = { organizationMembership, mfa, sessionTokenLifetimeSeconds };
    checkSettings(changed);
    // In place: the environment and the token minter read this same object.
    Object.assign(this.config, changed);
    return changed;
  }

  /** Organization membership required: sessions without an active organization are pending (`choose-organization`). */
  get membershipRequired(): boolean {
    return this.config.organizationMembership === 'required';
  }

  /** Multi-factor authentication required: users without a second factor get the `setup-mfa` task. */
  get mfaRequired(): boolean {
    return this.config.mfa === 'required';
  }

  get orgRoleKeys(): string[] {
    return Object.keys(this.config.orgRoles);
  }

  isOrgRole = (value: unknown): value is string => typeof value === 'string' && Object.hasOwn(this.config.orgRoles, value);

  /** A role from a request: one of the instance's roles, else a 422 on the field. */
  parseOrgRole(value: unknown, param = 'role'): string {
    if (!this.isOrgRole(value))
      throw invalidParam(param, 'form_param_value_invalid', `${param} must be one of ${this.orgRoleKeys.join(', ')}`);
    return value;
  }

  orgRole(key: string): Required<OrgRoleDefinition> {
    const role = this.config.orgRoles[key];
    if (!role) throw new Error(`local-clerk: unknown organization role ${key}`);
    return {
      name: role.name,
      description: role.description ?? '',
      permissions: role.permissions ?? [],
      systemPermissions: role.systemPermissions ?? [
        ...(key === 'org:admin' ? ADMIN_SYSTEM_PERMISSIONS : MEMBER_SYSTEM_PERMISSIONS),
        ...(this.billing.enabledFor('org') ? (key === 'org:admin' ? ADMIN_BILLING_PERMISSIONS : MEMBER_BILLING_PERMISSIONS) : []),
        ...(this.config.apiKeys.organization && key === 'org:admin' ? ADMIN_API_KEY_PERMISSIONS : []),
      ],
    };
  }

  /** The enterprise connection of an email's domain, if any. */
  enterpriseConnectionFor(email: string | null | undefined): EnterpriseConnection | undefined {
    const domain = email?.split('@')[1]?.toLowerCase();
    return domain ? this.config.enterpriseConnections.find((connection) => connection.domain.toLowerCase() === domain) : undefined;
  }

  /**
   * Where browsers reach the Frontend API (the app's proxy), for the links of
   * uploaded images; set once the servers listen when not configured.
   */
  publicFrontendApiUrl = '';

  imageUrl(imageId: string): string {
    return `${this.publicFrontendApiUrl.replace(/\/$/, '')}/v1/images/${imageId}`;
  }

  /** A sign-in or sign-up page with a ticket its `<SignIn>` or `<SignUp>` redeems on load (`__clerk_status` says which, as Clerk's links do). */
  ticketUrl(status: 'sign_in' | 'sign_up', ticket: string): string {
    const url = new URL(pageUrl(this.config.paths, status === 'sign_in' ? 'signIn' : 'signUp', this.appUrl, this.publicFrontendApiUrl));
    url.searchParams.set('__clerk_ticket', ticket);
    url.searchParams.set('__clerk_status', status);
    return url.toString();
  }

  /** Everything a membership JSON lists: system permissions, then custom ones. */
  membershipPermissions(key: string): string[] {
    const role = this.orgRole(key);
    return [...role.systemPermissions, ...role.permissions];
  }
}

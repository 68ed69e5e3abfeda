import { BillingPlans } from './billing/plans';
import type {
  APIKeysSettingsJSON,
  AttributeDataJSON,
  AuthConfigJSON,
  CommerceSettingsJSON,
  DisplayConfigJSON,
  EnvironmentJSON,
  OrganizationSettingsJSON,
  ProtectConfigJSON,
  UserSettingsJSON,
} from '@clerk/shared/types';
import { pageUrl, type AccountPortalPage, type InstanceConfig } from './instance';
import type { InstanceType } from './keys';
import { providerLogo, SOCIAL_PROVIDERS } from './providers';

/**
 * The local instance's settings, as the Clerk Dashboard would hold them:
 * email + password sign-in, sign-up with names and an emailed code,
 * organizations on with creation allowed, one session per browser.
 */
export interface LocalInstanceSettings {
  config: InstanceConfig;
  /** The app's origin: display URLs point at its own pages. */
  origin: string;
  instanceType: InstanceType;
  /** Where the browser reaches this Frontend API: the Account Portal's pages are there. */
  accountPortalUrl: string;
}

/** The spec's attributes also say whether users may change them once set (`immutable`). */
type AttributeWire = AttributeDataJSON & { immutable: boolean };

const off: AttributeWire = {
  enabled: false,
  immutable: false,
  required: false,
  verifications: [],
  used_for_first_factor: false,
  first_factors: [],
  used_for_second_factor: false,
  second_factors: [],
  verify_at_sign_up: false,
};

/** The instance's password lengths (Dashboard > Password), enforced where passwords are set. */
export const PASSWORD_LENGTH = { min: 8, max: 72 } as const;

const requiredName: AttributeWire = { ...off, enabled: true, required: true };

/** @clerk/shared types the environment and some settings as resources (`id`, `object`); Clerk's servers send neither (the spec forbids them). */
type Settings<T> = Omit<T, 'id' | 'object'>;

/** What the spec requires beyond @clerk/shared's types (which clerk-js reads): the instance's full configuration. */
interface EnvironmentWire extends Omit<
  Settings<EnvironmentJSON>,
  | 'auth_config'
  | 'display_config'
  | 'user_settings'
  | 'organization_settings'
  | 'commerce_settings'
  | 'api_keys_settings'
  | 'protect_config'
> {
  auth_config: AuthConfigJSON & {
    first_name: AttributeMode;
    last_name: AttributeMode;
    email_address: AttributeMode;
    phone_number: AttributeMode;
    username: AttributeMode;
    password: AttributeMode;
    identification_requirements: string[][];
    identification_strategies: string[];
    first_factors: string[];
    second_factors: string[];
    email_address_verification_strategies: string[];
    enhanced_email_deliverability: boolean;
    test_mode: boolean;
    url_based_session_syncing: boolean;
  };
  // Both are optional strings to @clerk/shared; Clerk's servers send null when unset (the spec).
  display_config: Omit<DisplayConfigJSON, 'clerk_js_version' | 'google_one_tap_client_id'> & {
    oauth_consent_url: string;
    logo_link_url: string;
    experimental_force_oauth_first: boolean;
    clerk_js_version: string | null;
    google_one_tap_client_id: string | null;
    help_url: string | null;
    logo_url: string | null;
    favicon_url: string | null;
    logo_image: null;
    favicon_image: null;
  };
  user_settings: UserSettingsWire;
  organization_settings: Settings<OrganizationSettingsJSON> & { creator_role: string };
  commerce_settings: Settings<CommerceSettingsJSON>;
  api_keys_settings: Settings<APIKeysSettingsJSON> & { enabled: boolean };
  protect_config: Settings<ProtectConfigJSON>;
}

type AttributeMode = 'on' | 'off' | 'required';

type Enabled = { enabled: boolean };

interface UserSettingsWire extends Omit<
  Settings<UserSettingsJSON>,
  'attributes' | 'sign_up' | 'sign_in' | 'actions' | 'attack_protection'
> {
  attributes: Record<keyof UserSettingsJSON['attributes'] | 'ticket', AttributeWire>;
  saml: Omit<UserSettingsJSON['enterprise_sso'], 'self_serve_directory_sync'>;
  sign_in: { second_factor: { required: boolean } };
  sign_up: Omit<UserSettingsJSON['sign_up'], 'allowlist_only'> & {
    captcha_widget_type: 'smart' | 'invisible';
    custom_action_required: boolean;
  };
  actions: UserSettingsJSON['actions'] & { create_organizations_limit: number | null };
  restrictions: Record<
    'allowlist' | 'blocklist' | 'allowlist_blocklist_disabled_on_sign_in' | 'block_email_subaddresses' | 'block_disposable_email_domains',
    Enabled
  >;
  password_settings: UserSettingsJSON['password_settings'] & { disable_password_reverification: boolean; enforce_hibp_on_sign_in: boolean };
  username_settings: UserSettingsJSON['username_settings'] & {
    allow_extended_special_characters: boolean;
    allow_numeric_usernames: boolean;
  };
  attack_protection: {
    user_lockout: Enabled & { max_attempts: number; duration_in_minutes: number };
    pii: Enabled;
    email_link: { require_same_client: boolean };
    enumeration_protection: Enabled;
  };
  passkey_settings: UserSettingsJSON['passkey_settings'] & { satisfies_second_factor: boolean };
}

export function environmentJSON({ config, origin, instanceType, accountPortalUrl }: LocalInstanceSettings): EnvironmentWire {
  const url = (path: string) => new URL(path, origin).toString();
  const page = (name: AccountPortalPage) => pageUrl(config.paths, name, origin, accountPortalUrl);
  const { applicationName, paths } = config;
  const billing = new BillingPlans(config.billingPlans);
  return {
    auth_config: {
      object: 'auth_config',
      id: 'aac_local',
      first_name: 'required',
      last_name: 'required',
      email_address: 'required',
      phone_number: 'off',
      username: 'off',
      password: 'required',
      identification_requirements: [['email_address']],
      identification_strategies: ['email_address'],
      first_factors: ['email_code', 'password'],
      second_factors: [],
      email_address_verification_strategies: ['email_code'],
      single_session_mode: true,
      enhanced_email_deliverability: false,
      test_mode: false,
      url_based_session_syncing: false,
      claimed_at: null,
      reverification: true,
      native_settings: {
        object: 'native_settings',
        api_enabled: false,
        trusted_device_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_in_enabled: false,
        trusted_device_enrollment_prompt_after_sign_up_enabled: false,
      } as AuthConfigJSON['native_settings'],
    },
    display_config: {
      object: 'display_config',
      id: 'display_config_local',
      application_name: applicationName,
      instance_environment_type: instanceType,
      home_url: url(paths.home),
      sign_in_url: page('signIn'),
      sign_up_url: page('signUp'),
      user_profile_url: page('userProfile'),
      organization_profile_url: url(paths.afterAuth),
      create_organization_url: page('createOrganization'),
      after_sign_in_url: url(paths.afterAuth),
      after_sign_up_url: url(paths.afterAuth),
      after_sign_out_all_url: url(paths.home),
      after_sign_out_one_url: url(paths.home),
      after_switch_session_url: url(paths.afterAuth),
      after_create_organization_url: url(paths.afterAuth),
      after_leave_organization_url: url(paths.afterAuth),
      waitlist_url: page('signUp'),
      after_join_waitlist_url: url(paths.home),
      oauth_consent_url: url('/oauth-consent'),
      logo_link_url: url(paths.home),
      help_url: null,
      terms_url: '',
      privacy_policy_url: '',
      support_email: '',
      logo_url: null,
      favicon_url: null,
      logo_image: null,
      favicon_image: null,
      logo_image_url: '',
      favicon_image_url: '',
      branded: false,
      show_devmode_warning: false,
      experimental_force_oauth_first: false,
      // clerk-js and @clerk/ui come from the installed packages, not a version the instance pins.
      clerk_js_version: null,
      google_one_tap_client_id: null,
      preferred_sign_in_strategy: 'password',
      captcha_public_key: null,
      captcha_public_key_invisible: null,
      captcha_widget_type: 'smart',
      captcha_provider: 'turnstile',
      captcha_oauth_bypass: [],
      theme: {
        general: {
          color: '#6c47ff',
          background_color: '#ffffff',
          font_family: '',
          font_color: '#151515',
          label_font_weight: '600',
          padding: '1em',
          border_radius: '0.5em',
          box_shadow: '0 2px 8px rgba(0, 0, 0, 0.2)',
        },
        buttons: { font_color: '#ffffff', font_family: '', font_weight: '600' },
        accounts: { background_color: '#ffffff' },
      },
    },
    user_settings: {
      attributes: {
        email_address: {
          enabled: true,
          required: true,
          immutable: false,
          verifications: ['email_code'],
          used_for_first_factor: true,
          first_factors: ['email_code'],
          used_for_second_factor: false,
          second_factors: [],
          verify_at_sign_up: true,
        },
        password: { ...off, enabled: true, required: true },
        first_name: requiredName,
        last_name: requiredName,
        phone_number: off,
        username: off,
        web3_wallet: off,
        // Second factors a seeded user may have enrolled (enrollment in <UserProfile> is not emulated).
        authenticator_app: { ...off, enabled: true, used_for_second_factor: true, second_factors: ['totp'] },
        backup_code: { ...off, enabled: true, used_for_second_factor: true, second_factors: ['backup_code'] },
        passkey: off,
        ticket: off,
      },
      actions: { delete_self: config.deleteSelf, create_organization: true, create_organizations_limit: null },
      social: Object.fromEntries(
        config.socialProviders.map((provider) => [
          `oauth_${provider}`,
          {
            enabled: true,
            required: false,
            authenticatable: true,
            block_email_subaddresses: false,
            strategy: `oauth_${provider}`,
            not_selectable: false,
            deprecated: false,
            name: SOCIAL_PROVIDERS[provider].name,
            logo_url: providerLogo(provider),
          },
        ]),
      ) as unknown as UserSettingsJSON['social'],
      saml: { enabled: false, self_serve_sso: false },
      // `self_serve_directory_sync` is not in the spec, but @clerk/ui reads it.
      enterprise_sso: { enabled: config.enterpriseConnections.length > 0, self_serve_sso: false, self_serve_directory_sync: false },
      // "Require multi-factor authentication" (Dashboard > Multi-factor): users without a second factor get `setup-mfa`.
      sign_in: { second_factor: { required: config.mfa === 'required' } },
      sign_up: {
        progressive: true,
        captcha_enabled: false,
        captcha_widget_type: 'smart',
        custom_action_required: false,
        mode: 'public',
        legal_consent_enabled: false,
      },
      restrictions: {
        allowlist: { enabled: false },
        blocklist: { enabled: false },
        allowlist_blocklist_disabled_on_sign_in: { enabled: false },
        block_email_subaddresses: { enabled: false },
        block_disposable_email_domains: { enabled: false },
      },
      password_settings: {
        allowed_special_characters: '',
        disable_hibp: true,
        disable_password_reverification: false,
        enforce_hibp_on_sign_in: false,
        min_length: PASSWORD_LENGTH.min,
        max_length: PASSWORD_LENGTH.max,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false, satisfies_second_factor: false },
      username_settings: { min_length: 4, max_length: 64, allow_extended_special_characters: false, allow_numeric_usernames: false },
      attack_protection: {
        // Clerk's defaults: 100 failed attempts lock an account for an hour (local mode does not count them).
        user_lockout: { enabled: true, max_attempts: 100, duration_in_minutes: 60 },
        pii: { enabled: false },
        email_link: { require_same_client: false },
        enumeration_protection: { enabled: false },
      },
    },
    organization_settings: {
      enabled: true,
      max_allowed_memberships: 0,
      actions: { admin_delete: true },
      domains: { enabled: false, enrollment_modes: [], default_role: config.defaultOrgRole },
      slug: { disabled: false },
      creator_role: config.creatorOrgRole,
      // Neither is in the spec, but clerk-js reads both. "Membership required" is `force_organization_selection`:
      // clerk-js and @clerk/ui hide the personal account and preload the session tasks when it is on.
      force_organization_selection: config.organizationMembership === 'required',
      organization_creation_defaults: { enabled: false },
    },
    commerce_settings: {
      billing: {
        // Never a Stripe key: checkouts complete with the local test gateway and nothing calls Stripe.
        stripe_publishable_key: null,
        organization: { enabled: billing.enabledFor('org'), has_paid_plans: billing.hasPaidPlans('org') },
        user: { enabled: billing.enabledFor('user'), has_paid_plans: billing.hasPaidPlans('user') },
      },
    },
    api_keys_settings: {
      enabled: config.apiKeys.user || config.apiKeys.organization,
      user_api_keys_enabled: config.apiKeys.user,
      orgs_api_keys_enabled: config.apiKeys.organization,
    },
    protect_config: { loaders: [] },
    maintenance_mode: false,
  };
}

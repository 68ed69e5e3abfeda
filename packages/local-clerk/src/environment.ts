import type { AttributeDataJSON, EnvironmentJSON, OrganizationSettingsJSON, UserSettingsJSON } from '@clerk/shared/types';
import type { InstanceConfig } from './instance';
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
}

const off: AttributeDataJSON = {
  enabled: false,
  required: false,
  verifications: [],
  used_for_first_factor: false,
  first_factors: [],
  used_for_second_factor: false,
  second_factors: [],
  verify_at_sign_up: false,
};

const requiredName: AttributeDataJSON = { ...off, enabled: true, required: true };

/** Clerk types these nested settings as resources (`id: never`); on the wire they carry no id. */
const settings = <T extends { id: never; object: never }>(value: Omit<T, 'id' | 'object'>) => value as T;

export function environmentJSON({ config, origin }: LocalInstanceSettings): EnvironmentJSON {
  const url = (path: string) => new URL(path, origin).toString();
  const { applicationName, paths } = config;
  return {
    object: 'environment',
    id: 'env_local',
    auth_config: {
      object: 'auth_config',
      id: 'aac_local',
      single_session_mode: true,
      claimed_at: null,
      reverification: false,
    },
    display_config: {
      object: 'display_config',
      id: 'display_config_local',
      application_name: applicationName,
      instance_environment_type: 'production',
      home_url: url(paths.home),
      sign_in_url: url(paths.signIn),
      sign_up_url: url(paths.signUp),
      user_profile_url: url(paths.afterAuth),
      organization_profile_url: url(paths.afterAuth),
      create_organization_url: url(paths.afterAuth),
      after_sign_in_url: url(paths.afterAuth),
      after_sign_up_url: url(paths.afterAuth),
      after_sign_out_all_url: url(paths.home),
      after_sign_out_one_url: url(paths.home),
      after_switch_session_url: url(paths.afterAuth),
      after_create_organization_url: url(paths.afterAuth),
      after_leave_organization_url: url(paths.afterAuth),
      waitlist_url: url(paths.signUp),
      after_join_waitlist_url: url(paths.home),
      terms_url: '',
      privacy_policy_url: '',
      support_email: '',
      logo_image_url: '',
      favicon_image_url: '',
      branded: false,
      show_devmode_warning: false,
      preferred_sign_in_strategy: 'password',
      captcha_public_key: null,
      captcha_public_key_invisible: null,
      captcha_widget_type: null,
      captcha_provider: 'turnstile',
      captcha_oauth_bypass: null,
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
    user_settings: settings<UserSettingsJSON>({
      attributes: {
        email_address: {
          enabled: true,
          required: true,
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
      },
      actions: { delete_self: false, create_organization: true },
      social: Object.fromEntries(
        config.socialProviders.map((provider) => [
          `oauth_${provider}`,
          { enabled: true, required: false, authenticatable: true, strategy: `oauth_${provider}`, name: SOCIAL_PROVIDERS[provider].name, logo_url: providerLogo(provider) },
        ]),
      ) as UserSettingsJSON['social'],
      enterprise_sso: { enabled: config.enterpriseConnections.length > 0, self_serve_sso: false, self_serve_directory_sync: false },
      sign_in: { second_factor: { required: false, enabled: true } },
      sign_up: { allowlist_only: false, progressive: true, captcha_enabled: false, mode: 'public', legal_consent_enabled: false },
      password_settings: {
        allowed_special_characters: '',
        disable_hibp: true,
        min_length: 8,
        max_length: 72,
        require_special_char: false,
        require_numbers: false,
        require_uppercase: false,
        require_lowercase: false,
        show_zxcvbn: false,
        min_zxcvbn_strength: 0,
      },
      passkey_settings: { allow_autofill: false, show_sign_in_button: false },
      username_settings: { min_length: 4, max_length: 64 },
      attack_protection: { enumeration_protection: { enabled: false } },
    }),
    organization_settings: settings<OrganizationSettingsJSON>({
      enabled: true,
      max_allowed_memberships: 0,
      force_organization_selection: false,
      actions: { admin_delete: true },
      domains: { enabled: false, enrollment_modes: [], default_role: null },
      slug: { disabled: false },
      organization_creation_defaults: { enabled: false },
    }),
    commerce_settings: {
      object: 'commerce_settings',
      id: 'commerce_settings_local',
      billing: {
        stripe_publishable_key: null,
        organization: { enabled: false, has_paid_plans: false },
        user: { enabled: false, has_paid_plans: false },
      },
    },
    api_keys_settings: { object: 'api_keys_settings', id: 'api_keys_settings_local', user_api_keys_enabled: false, orgs_api_keys_enabled: false },
    protect_config: { object: 'protect_config', id: 'protect_config_local' },
    maintenance_mode: false,
  };
}

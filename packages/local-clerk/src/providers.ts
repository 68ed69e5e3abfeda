/**
 * Social sign-in's providers as the stand-in plays them: the instance enables
 * some (Dashboard > SSO connections), and each offers a few made-up accounts on
 * a local consent page instead of the provider's real one.
 */

/** The providers the stand-in can play, with the logos Clerk's components show (data: URLs: nothing is fetched). */
export const SOCIAL_PROVIDERS = {
  google: { name: 'Google', color: '#4285F4' },
  github: { name: 'GitHub', color: '#24292F' },
  microsoft: { name: 'Microsoft', color: '#00A4EF' },
} as const;

export type SocialProvider = keyof typeof SOCIAL_PROVIDERS;

/** An account the local consent page offers for a provider. */
export interface ProviderAccount {
  provider: SocialProvider;
  email: string;
  firstName: string;
  lastName: string;
  /** Default: derived from the email. */
  username?: string;
}

export const isSocialProvider = (value: string): value is SocialProvider => Object.hasOwn(SOCIAL_PROVIDERS, value);

/** `oauth_google` → `google`, for the enabled providers only. */
export function providerOfStrategy(strategy: string, enabled: readonly SocialProvider[]): SocialProvider | null {
  const provider = strategy.startsWith('oauth_') ? strategy.slice('oauth_'.length) : '';
  return isSocialProvider(provider) && enabled.includes(provider) ? provider : null;
}

/** A provider's user id: stable for an account, so signing in twice finds the same link. */
export const providerUserId = (account: Pick<ProviderAccount, 'provider' | 'email'>) =>
  `${account.provider}-${Buffer.from(account.email.toLowerCase()).toString('base64url')}`;

/** A round badge with the provider's initial: Clerk's CDN logos are not reachable offline. */
export function providerLogoSvg(provider: SocialProvider): string {
  const { name, color } = SOCIAL_PROVIDERS[provider];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="16" fill="${color}"/><text x="16" y="21" font-family="sans-serif" font-size="15" font-weight="700" fill="#fff" text-anchor="middle">${name[0]}</text></svg>`;
}

export const providerLogo = (provider: SocialProvider) =>
  `data:image/svg+xml;base64,${Buffer.from(providerLogoSvg(provider)).toString('base64')}`;

import { hashPassword } from './password';
import { backupCodeDigest, base32Decode } from './totp';
import type { LocalClerkStore } from './store';
import type { Metadata } from './store/records';

export interface SeedOrganization {
  name: string;
  slug: string;
  /** A Clerk Billing plan (slug) other than the default, as if subscribed from the Dashboard. */
  plan?: string;
}

export interface SeedUser {
  email: string;
  password: string;
  firstName?: string;
  lastName?: string;
  /** Reaches the app in the session token's `metadata` claim when the app configures that claim. */
  publicMetadata?: Metadata;
  /** An enrolled authenticator app (base32 secret): sign-in then asks for its code as a second factor. */
  totpSecret?: string;
  /** Backup codes for the second factor, each usable once. */
  backupCodes?: string[];
  /** `role` is a key of the instance's organization roles. */
  memberships?: Array<{ organizationSlug: string; role: string }>;
}

/** Users and organizations a new store starts with (the app's demo accounts). */
export interface Seed {
  organizations: SeedOrganization[];
  users: SeedUser[];
}

/**
 * Creates whatever of the seed is missing, so running it twice changes
 * nothing. The server runs it on a new store only: seeded users a developer
 * deleted stay deleted. Creations go through the store, so each one reaches
 * the app as a webhook, as in production.
 */
export async function applySeed(store: LocalClerkStore, seed: Seed): Promise<void> {
  for (const { name, slug, plan } of seed.organizations) {
    if (store.organizations.get(slug)) continue;
    const organization = store.organizations.create({ name, slug });
    if (plan) store.billing.assignPlan({ type: 'org', id: organization.id }, plan);
  }
  const digests = new Map<string, Promise<string>>();
  const digestOf = (password: string) => digests.get(password) ?? digests.set(password, hashPassword(password)).get(password)!;
  for (const seeded of seed.users) {
    const user =
      store.users.findByEmail(seeded.email) ??
      store.users.create({
        emailAddresses: [seeded.email],
        passwordDigest: await digestOf(seeded.password),
        firstName: seeded.firstName,
        lastName: seeded.lastName,
        publicMetadata: seeded.publicMetadata,
      });
    if (seeded.totpSecret && !user.totpSecret) {
      base32Decode(seeded.totpSecret);
      store.users.enrollTotp(user.id, seeded.totpSecret, (seeded.backupCodes ?? []).map(backupCodeDigest));
    }
    for (const { organizationSlug, role } of seeded.memberships ?? []) {
      if (!store.instance.isOrgRole(role))
        throw new Error(
          `local-clerk seed: ${seeded.email}'s role ${role} in ${organizationSlug} is not one of the instance's organization roles`,
        );
      const organization = store.organizations.get(organizationSlug);
      if (organization && !store.memberships.get(organization.id, user.id)) store.memberships.create(organization.id, user.id, role);
    }
  }
}

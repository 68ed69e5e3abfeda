import { hashPassword } from './password';
import type { LocalClerkStore } from './store';
import type { OrgRole } from '@/lib/auth/permissions';

/** Every demo user's password (shown by the app's local-mode banner). */
export const LOCAL_DEMO_PASSWORD = 'local-demo-password';

/** The code every email verification accepts (Clerk's test-mode convention). */
export const LOCAL_VERIFICATION_CODE = '424242';

export interface DemoOrganization {
  name: string;
  slug: string;
}

export interface DemoUser {
  email: string;
  firstName: string;
  lastName: string;
  /** The app role, `publicMetadata.role`. */
  role: 'admin' | 'manager' | 'member';
  memberships: Array<{ organizationSlug: string; role: OrgRole }>;
}

export const DEMO_ORGANIZATIONS: DemoOrganization[] = [
  { name: 'Acme', slug: 'acme' },
  { name: 'Globex', slug: 'globex' },
];

export const DEMO_USERS: DemoUser[] = [
  { email: 'admin@acme.test', firstName: 'Ada', lastName: 'Admin', role: 'admin', memberships: [{ organizationSlug: 'acme', role: 'org:admin' }] },
  { email: 'manager@acme.test', firstName: 'Max', lastName: 'Manager', role: 'manager', memberships: [{ organizationSlug: 'acme', role: 'org:member' }] },
  { email: 'member@acme.test', firstName: 'Mia', lastName: 'Member', role: 'member', memberships: [{ organizationSlug: 'acme', role: 'org:member' }] },
  { email: 'outsider@globex.test', firstName: 'Olga', lastName: 'Outsider', role: 'member', memberships: [{ organizationSlug: 'globex', role: 'org:admin' }] },
];

/**
 * Creates whatever of the demo data is missing, so running it twice changes
 * nothing. The server runs it on a new store only: demo users a developer
 * deleted stay deleted. Creations go through the store, so each one reaches
 * the app as a webhook, as in production.
 */
export async function seedDemoData(store: LocalClerkStore): Promise<void> {
  for (const { name, slug } of DEMO_ORGANIZATIONS) {
    if (!store.getOrganization(slug)) store.createOrganization({ name, slug });
  }
  const passwordDigest = await hashPassword(LOCAL_DEMO_PASSWORD);
  for (const demo of DEMO_USERS) {
    const user =
      store.findUserByEmail(demo.email) ??
      store.createUser({
        emailAddresses: [demo.email],
        passwordDigest,
        firstName: demo.firstName,
        lastName: demo.lastName,
        publicMetadata: { role: demo.role },
      });
    for (const { organizationSlug, role } of demo.memberships) {
      const organization = store.getOrganization(organizationSlug);
      if (organization && !store.getMembership(organization.id, user.id)) store.createMembership(organization.id, user.id, role);
    }
  }
}

import type { Organization } from '@clerk/nextjs/server';
import type { Database } from '@/lib/db/client';
import { organizations } from '@/lib/db/schema';
import { deleteOrganizationProjects } from '@/lib/projects/purge';
import type { OrganizationJSON } from './events';
import { inheritOrganizationTombstone } from './invitations';
import { inheritParentTombstones } from './memberships';
import { versionedWriter } from './versioned';

export interface OrganizationSnapshot {
  id: string;
  name: string;
  slug: string | null;
  imageUrl: string | null;
  updatedAt: number;
}

export const organizationFromJSON = (json: OrganizationJSON): OrganizationSnapshot => ({
  id: json.id,
  name: json.name,
  slug: json.slug ?? null,
  imageUrl: json.image_url ?? null,
  updatedAt: json.updated_at,
});

export const organizationFromResource = (organization: Organization): OrganizationSnapshot => ({
  id: organization.id,
  name: organization.name,
  slug: organization.slug || null,
  imageUrl: organization.imageUrl || null,
  updatedAt: organization.updatedAt,
});

// Final tombstones: Clerk never reuses an organization id.
const writeOrganizationRows = versionedWriter(organizations, ['id'], 'final');

export async function writeOrganization(tx: Database, organization: OrganizationSnapshot): Promise<boolean> {
  return (await writeOrganizations(tx, [organization])) > 0;
}

/** Many organizations, in order, as writeOrganization would write them one by one: returns how many changed. */
export function writeOrganizations(tx: Database, snapshots: readonly OrganizationSnapshot[]): Promise<number> {
  return writeOrganizationRows(
    tx,
    snapshots.map(({ updatedAt, ...values }) => ({ values, version: { version: updatedAt, deleted: false } })),
  );
}

/**
 * Deleting an organization in Clerk ends its tenant: the organization and its
 * memberships and invitations are tombstoned (so late events cannot bring them
 * back) and its tenant data (projects) is deleted for good. Runs again on a
 * duplicate or stale deletion, which is harmless: every step is idempotent.
 */
export async function deleteOrganization(
  tx: Database,
  id: string,
  version: number,
): Promise<{ changed: boolean; projectsDeleted: number }> {
  const changed =
    (await writeOrganizationRows(tx, [{ values: { id, name: '', slug: null, imageUrl: null }, version: { version, deleted: true } }])) > 0;
  await inheritParentTombstones(tx, { organizationId: id });
  await inheritOrganizationTombstone(tx, id);
  const projectsDeleted = await deleteOrganizationProjects(tx, { orgId: id });
  return { changed, projectsDeleted };
}

/** Organizations: list, create, read, update, delete, metadata. */
import { z } from 'zod';
import { parseInput } from '../errors';
import { queryList, Routes } from '../http';
import { deletedObjectJSON } from '../serializers/deleted-object';
import { backendOrganizationJSON } from '../serializers/organization';
import { metadata, metadataBody, metadataChanges, ok, page, sortBy, type BapiContext } from './context';

const createOrganizationBody = z.object({
  name: z.string().trim().min(1),
  slug: z.string().optional(),
  created_by: z.string().optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  max_allowed_memberships: z.number().int().min(0).optional(),
});

const updateOrganizationBody = z.object({
  name: z.string().trim().min(1).optional(),
  slug: z.string().optional(),
  public_metadata: metadata.optional(),
  private_metadata: metadata.optional(),
  max_allowed_memberships: z.number().int().min(0).optional(),
});

const updateMetadata = ({ store, body }: BapiContext, id: string, merge: boolean) => {
  const changes = metadataChanges(store.organizations.require(id), parseInput(metadataBody, body), merge);
  return ok(backendOrganizationJSON(store, store.organizations.update(id, changes)));
};

export const organizationRoutes = new Routes<BapiContext>('bapi/organizations.ts')
  .on('GET', '/v1/organizations', ({ store, query }) => {
    const text = query.get('query')?.toLowerCase();
    const userIds = queryList(query, 'user_id');
    const organizations = store.organizations
      .list()
      .filter(
        (organization) =>
          !text || [organization.id, organization.name, organization.slug].some((value) => value.toLowerCase().includes(text)),
      )
      .filter((organization) => !userIds.length || userIds.some((userId) => store.memberships.get(organization.id, userId)));
    const sorted = sortBy(organizations, query.get('order_by'), {
      created_at: (organization) => organization.createdAt,
      name: (organization) => organization.name.toLowerCase(),
      members_count: (organization) => store.memberships.list({ organizationId: organization.id }).length,
    });
    return page(query, sorted, (organization) => backendOrganizationJSON(store, organization));
  })
  .on('POST', '/v1/organizations', ({ store, body }) => {
    const input = parseInput(createOrganizationBody, body);
    const organization = store.organizations.create({
      name: input.name,
      slug: input.slug,
      createdBy: input.created_by,
      publicMetadata: input.public_metadata,
      privateMetadata: input.private_metadata,
      maxAllowedMemberships: input.max_allowed_memberships,
    });
    return ok(backendOrganizationJSON(store, organization));
  })
  .on('GET', '/v1/organizations/:id', ({ store }, { id }) => ok(backendOrganizationJSON(store, store.organizations.require(id!))))
  .on('PATCH', '/v1/organizations/:id', ({ store, body }, { id }) => {
    const input = parseInput(updateOrganizationBody, body);
    const organization = store.organizations.update(id!, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.slug !== undefined && { slug: input.slug }),
      ...(input.public_metadata !== undefined && { publicMetadata: input.public_metadata }),
      ...(input.private_metadata !== undefined && { privateMetadata: input.private_metadata }),
      ...(input.max_allowed_memberships !== undefined && { maxAllowedMemberships: input.max_allowed_memberships }),
    });
    return ok(backendOrganizationJSON(store, organization));
  })
  .on('DELETE', '/v1/organizations/:id', ({ store }, { id }) => ok(deletedObjectJSON('organization', store.organizations.delete(id!).id)))
  .on('PATCH', '/v1/organizations/:id/metadata', (ctx, { id }) => updateMetadata(ctx, id!, true))
  .on('PUT', '/v1/organizations/:id/metadata', (ctx, { id }) => updateMetadata(ctx, id!, false));

/** Organization memberships: list (all, or an organization's), create, change role, metadata, delete. */
import { z } from 'zod';
import { parseInput } from '../errors';
import { queryList, Routes } from '../http';
import { backendMembershipJSON } from '../serializers/membership';
import { metadataBody, metadataChanges, ok, page, sortBy, type BapiContext } from './context';

export const membershipRoutes = new Routes<BapiContext>('bapi/memberships.ts')
  .on('GET', '/v1/organization_memberships', ({ store, query }) => {
    const memberships = sortBy(store.memberships.list(), query.get('order_by'), { created_at: (membership) => membership.createdAt });
    return page(query, memberships, (membership) => backendMembershipJSON(store, membership));
  })
  .on('GET', '/v1/organizations/:id/memberships', ({ store, query }, { id }) => {
    const organization = store.organizations.require(id!);
    const roles = queryList(query, 'role');
    const userIds = queryList(query, 'user_id');
    const memberships = store.memberships
      .list({ organizationId: organization.id })
      .filter(
        (membership) => (!roles.length || roles.includes(membership.role)) && (!userIds.length || userIds.includes(membership.userId)),
      );
    const sorted = sortBy(memberships, query.get('order_by'), {
      created_at: (membership) => membership.createdAt,
      role: (membership) => membership.role,
    });
    return page(query, sorted, (membership) => backendMembershipJSON(store, membership));
  })
  .on('POST', '/v1/organizations/:id/memberships', ({ store, body }, { id }) => {
    const input = parseInput(z.object({ user_id: z.string(), role: z.string() }), body);
    return ok(backendMembershipJSON(store, store.memberships.create(id!, input.user_id, store.instance.parseOrgRole(input.role))));
  })
  .on('PATCH', '/v1/organizations/:id/memberships/:userId', ({ store, body }, { id, userId }) => {
    const { role } = parseInput(z.object({ role: z.string() }), body);
    return ok(backendMembershipJSON(store, store.memberships.update(id!, userId!, { role: store.instance.parseOrgRole(role) })));
  })
  .on('PATCH', '/v1/organizations/:id/memberships/:userId/metadata', ({ store, body }, { id, userId }) => {
    const membership = store.memberships.require(store.organizations.require(id!).id, userId!);
    const changes = metadataChanges(membership, parseInput(metadataBody, body), true);
    return ok(backendMembershipJSON(store, store.memberships.update(id!, userId!, changes)));
  })
  .on('DELETE', '/v1/organizations/:id/memberships/:userId', ({ store }, { id, userId }) => {
    const membership = store.memberships.require(store.organizations.require(id!).id, userId!);
    // Serialized before it goes: the answer is the deleted membership.
    const json = backendMembershipJSON(store, membership);
    store.memberships.delete(id!, userId!);
    return ok(json);
  });

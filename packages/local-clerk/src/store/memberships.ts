import { ClerkApiError, notFound } from '../errors';
import { newId } from '../ids';
import type { StoreParts } from './types';
import type { Emit, MembershipRecord } from './records';

export type MembershipPatch = Partial<Pick<MembershipRecord, 'role' | 'publicMetadata' | 'privateMetadata'>>;

export class Memberships {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  /** Memberships by `org:<id>` and `user:<id>`: neither changes once a membership exists. */
  private get byParent() {
    return this.core.index('memberships', 'parent', (membership) => [`org:${membership.organizationId}`, `user:${membership.userId}`]);
  }

  list(filter: { organizationId?: string; userId?: string } = {}): MembershipRecord[] {
    const { memberships } = this.core.state;
    const candidates = filter.organizationId
      ? this.byParent.ids(`org:${filter.organizationId}`).map((id) => memberships[id]!)
      : filter.userId
        ? this.byParent.ids(`user:${filter.userId}`).map((id) => memberships[id]!)
        : Object.values(memberships);
    return candidates.filter(
      (membership) =>
        (!filter.organizationId || membership.organizationId === filter.organizationId) &&
        (!filter.userId || membership.userId === filter.userId),
    );
  }

  get(organizationId: string, userId: string): MembershipRecord | undefined {
    return this.list({ organizationId, userId })[0];
  }

  require(organizationId: string, userId: string): MembershipRecord {
    const membership = this.get(organizationId, userId);
    if (!membership) throw notFound('organization membership');
    return membership;
  }

  /** Adds a membership inside a change already running (creating an organization, accepting an invitation). */
  insert(organizationId: string, userId: string, role: string, emit: Emit): MembershipRecord {
    const now = this.core.now();
    const membership: MembershipRecord = {
      id: newId('orgmem'),
      organizationId,
      userId,
      role,
      publicMetadata: {},
      privateMetadata: {},
      createdAt: now,
      updatedAt: now,
    };
    this.core.state.memberships[membership.id] = membership;
    emit({ type: 'organizationMembership.created', membership });
    return membership;
  }

  /** Refuses existing members and full organizations (`maxAllowedMemberships`, 0 = no limit). */
  assertCanJoin(organizationId: string, userId: string) {
    const organization = this.store.organizations.require(organizationId);
    this.store.users.require(userId);
    if (this.get(organization.id, userId)) {
      throw new ClerkApiError(
        400,
        'already_a_member_in_organization',
        'Already a member',
        'The user is already a member of this organization.',
      );
    }
    const limit = organization.maxAllowedMemberships;
    if (limit > 0 && this.list({ organizationId }).length >= limit) {
      throw new ClerkApiError(
        403,
        'organization_membership_quota_exceeded',
        'Membership quota exceeded',
        'The organization has reached its maximum number of members.',
      );
    }
  }

  create(organizationId: string, userId: string, role: string): MembershipRecord {
    const organization = this.store.organizations.require(organizationId);
    this.assertCanJoin(organization.id, userId);
    return this.core.change((emit) => this.insert(organization.id, userId, role, emit));
  }

  update(organizationId: string, userId: string, patch: MembershipPatch): MembershipRecord {
    const membership = this.require(this.store.organizations.require(organizationId).id, userId);
    return this.core.change((emit) => {
      Object.assign(membership, patch, { updatedAt: this.core.now() });
      emit({ type: 'organizationMembership.updated', membership });
      return membership;
    });
  }

  delete(organizationId: string, userId: string): MembershipRecord {
    const membership = this.require(this.store.organizations.require(organizationId).id, userId);
    return this.core.change((emit) => {
      delete this.core.state.memberships[membership.id];
      emit({ type: 'organizationMembership.deleted', membership });
      return membership;
    });
  }
}

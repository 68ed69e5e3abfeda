/**
 * What the store's parts (users.ts, organizations.ts, ...) call on one another. Each part
 * is given the store as this interface rather than as LocalClerkStore, so no part imports
 * index.ts, which imports them all; LocalClerkStore implements it, so the compiler keeps
 * these signatures in step with the parts' own.
 */
import type { Instance } from '../instance';
import type { StoreCore } from './core';
import type {
  ClientRecord,
  Emit,
  InvitationRecord,
  InvitationStatus,
  MembershipRecord,
  OrganizationRecord,
  SessionRecord,
  SessionStatus,
  StoreEvent,
  UserRecord,
} from './records';

export interface StoreParts {
  readonly core: StoreCore;
  readonly instance: Instance;
  readonly users: {
    list(): UserRecord[];
    get(id: string): UserRecord | undefined;
    require(id: string): UserRecord;
    findByEmail(email: string): UserRecord | undefined;
    verifiedEmails(user: UserRecord): string[];
  };
  readonly organizations: {
    list(): OrganizationRecord[];
    require(idOrSlug: string): OrganizationRecord;
  };
  readonly memberships: {
    list(filter?: { organizationId?: string; userId?: string }): MembershipRecord[];
    get(organizationId: string, userId: string): MembershipRecord | undefined;
    insert(organizationId: string, userId: string, role: string, emit: Emit): MembershipRecord;
    assertCanJoin(organizationId: string, userId: string): void;
  };
  readonly invitations: {
    list(filter?: { organizationId?: string; emailAddresses?: string[]; status?: InvitationStatus[] }): InvitationRecord[];
  };
  readonly clients: {
    get(id: string): ClientRecord | undefined;
    touch(clientId: string): void;
  };
  readonly sessions: {
    list(): SessionRecord[];
    close(session: SessionRecord, status: Exclude<SessionStatus, 'active'>): StoreEvent;
  };
}

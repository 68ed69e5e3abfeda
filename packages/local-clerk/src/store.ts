import fs from 'node:fs';
import path from 'node:path';
import { randomBase62, newId } from './ids';
import { ClerkApiError, invalidParam, notFound } from './errors';
import type { OrgRole } from '@/lib/auth/permissions';
import { CREATOR_ORG_ROLE } from './roles';

export type Metadata = Record<string, unknown>;

export interface EmailAddressRecord {
  id: string;
  emailAddress: string;
  createdAt: number;
}

export interface UserRecord {
  id: string;
  emailAddresses: EmailAddressRecord[];
  primaryEmailAddressId: string | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  passwordDigest: string | null;
  externalId: string | null;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  unsafeMetadata: Metadata;
  lastSignInAt: number | null;
  lastActiveAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  slug: string;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  maxAllowedMemberships: number;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface MembershipRecord {
  id: string;
  organizationId: string;
  userId: string;
  role: OrgRole;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  createdAt: number;
  updatedAt: number;
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked';

export interface InvitationRecord {
  id: string;
  organizationId: string;
  emailAddress: string;
  role: OrgRole;
  status: InvitationStatus;
  inviterUserId: string | null;
  publicMetadata: Metadata;
  privateMetadata: Metadata;
  createdAt: number;
  updatedAt: number;
  expiresAt: number;
}

export interface ClientRecord {
  id: string;
  /** The value of the client cookie: a secret, unlike the id the browser sees. */
  cookie: string;
  signInId: string | null;
  signUpId: string | null;
  lastActiveSessionId: string | null;
  createdAt: number;
  updatedAt: number;
}

export type SessionStatus = 'active' | 'ended' | 'removed' | 'revoked';

export interface SessionRecord {
  id: string;
  clientId: string;
  userId: string;
  status: SessionStatus;
  lastActiveOrganizationId: string | null;
  firstFactorVerifiedAt: number;
  lastActiveAt: number;
  expireAt: number;
  abandonAt: number;
  createdAt: number;
  updatedAt: number;
}

export type FactorStrategy = 'password' | 'email_code';

export interface VerificationRecord {
  strategy: FactorStrategy;
  status: 'unverified' | 'verified' | 'failed';
  attempts: number;
  expireAt: number;
}

export interface SignInRecord {
  id: string;
  clientId: string;
  identifier: string | null;
  userId: string | null;
  firstFactorVerification: VerificationRecord | null;
  createdSessionId: string | null;
  createdAt: number;
  abandonAt: number;
}

export interface SignUpRecord {
  id: string;
  clientId: string;
  emailAddress: string | null;
  firstName: string | null;
  lastName: string | null;
  passwordDigest: string | null;
  unsafeMetadata: Metadata;
  emailVerification: VerificationRecord | null;
  createdUserId: string | null;
  createdSessionId: string | null;
  createdAt: number;
  abandonAt: number;
}

interface StoreState {
  version: 1;
  users: Record<string, UserRecord>;
  organizations: Record<string, OrganizationRecord>;
  memberships: Record<string, MembershipRecord>;
  invitations: Record<string, InvitationRecord>;
  clients: Record<string, ClientRecord>;
  sessions: Record<string, SessionRecord>;
  signIns: Record<string, SignInRecord>;
  signUps: Record<string, SignUpRecord>;
}

/** A change Clerk would announce with a webhook; listeners run synchronously, before the next change. */
export type StoreEvent =
  | { type: 'user.created' | 'user.updated' | 'user.deleted'; user: UserRecord }
  | { type: 'organization.created' | 'organization.updated' | 'organization.deleted'; organization: OrganizationRecord }
  | {
      type: 'organizationMembership.created' | 'organizationMembership.updated' | 'organizationMembership.deleted';
      membership: MembershipRecord;
    }
  | {
      type: 'organizationInvitation.created' | 'organizationInvitation.accepted' | 'organizationInvitation.revoked';
      invitation: InvitationRecord;
    }
  | { type: 'session.created' | 'session.ended' | 'session.removed' | 'session.revoked'; session: SessionRecord };

export type StoreEventType = StoreEvent['type'];

const DAY = 24 * 60 * 60 * 1000;
const SESSION_LIFETIME = 7 * DAY;
const INVITATION_LIFETIME = 30 * DAY;
const ATTEMPT_LIFETIME = DAY;

const emptyState = (): StoreState => ({
  version: 1,
  users: {},
  organizations: {},
  memberships: {},
  invitations: {},
  clients: {},
  sessions: {},
  signIns: {},
  signUps: {},
});

const isPlainObject = (value: unknown): value is Metadata =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Clerk's metadata merge: nested objects merge, `null` removes a key, anything else replaces. */
export function mergeMetadata(current: Metadata, patch: Metadata): Metadata {
  const result: Metadata = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (isPlainObject(value) && isPlainObject(result[key])) result[key] = mergeMetadata(result[key] as Metadata, value);
    else result[key] = value;
  }
  return result;
}

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

const slugify = (name: string) =>
  name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'organization';

export interface NewUser {
  emailAddresses: string[];
  passwordDigest?: string | null;
  firstName?: string | null;
  lastName?: string | null;
  username?: string | null;
  externalId?: string | null;
  publicMetadata?: Metadata;
  privateMetadata?: Metadata;
  unsafeMetadata?: Metadata;
}

export type UserPatch = Partial<
  Pick<
    UserRecord,
    'firstName' | 'lastName' | 'username' | 'externalId' | 'passwordDigest' | 'publicMetadata' | 'privateMetadata' | 'unsafeMetadata'
  >
> & { primaryEmailAddressId?: string };

export interface NewOrganization {
  name: string;
  slug?: string | null;
  createdBy?: string | null;
  publicMetadata?: Metadata;
  privateMetadata?: Metadata;
  maxAllowedMemberships?: number;
}

export type OrganizationPatch = Partial<
  Pick<OrganizationRecord, 'name' | 'slug' | 'publicMetadata' | 'privateMetadata' | 'maxAllowedMemberships'>
>;

export type MembershipPatch = Partial<Pick<MembershipRecord, 'role' | 'publicMetadata' | 'privateMetadata'>>;

export interface NewInvitation {
  organizationId: string;
  emailAddress: string;
  role: OrgRole;
  inviterUserId?: string | null;
  publicMetadata?: Metadata;
  privateMetadata?: Metadata;
}

/**
 * Clerk's side of local mode: users, organizations, memberships, invitations,
 * clients, sessions and sign-in/sign-up attempts, persisted as one JSON file.
 * Every change Clerk would announce is published to listeners (webhooks-out).
 */
export class LocalClerkStore {
  private state: StoreState;
  private readonly listeners: Array<(event: StoreEvent) => void> = [];
  private lastTimestamp = 0;

  private constructor(
    private readonly file: string | null,
    state: StoreState,
    /** True when nothing was persisted before: the first run. */
    readonly isNew: boolean,
  ) {
    this.state = state;
  }

  /** Opens the store persisted at `file` (created on first change), or an in-memory one. */
  static open(file: string | null): LocalClerkStore {
    if (file && fs.existsSync(file)) {
      let state: StoreState;
      try {
        state = JSON.parse(fs.readFileSync(file, 'utf8')) as StoreState;
      } catch (error) {
        throw new Error(`${file} is unreadable (${(error as Error).message}). Fix: delete it; local mode then starts over with the demo data`);
      }
      return new LocalClerkStore(file, { ...emptyState(), ...state }, false);
    }
    return new LocalClerkStore(file, emptyState(), true);
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** Milliseconds, strictly increasing: consumers order changes by `updated_at`. */
  now(): number {
    this.lastTimestamp = Math.max(Date.now(), this.lastTimestamp + 1);
    return this.lastTimestamp;
  }

  private readonly emit = (event: StoreEvent) => {
    for (const listener of this.listeners) listener(event);
  };

  private save() {
    if (!this.file) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(this.state), { mode: 0o600 });
    fs.renameSync(temporary, this.file);
  }

  /**
   * Runs a change and persists it. Events are published as they happen, so a
   * listener sees the records an event refers to (a membership's user and
   * organization are still there when its deletion is announced).
   */
  private change<T>(apply: (emit: (event: StoreEvent) => void) => T): T {
    const result = apply(this.emit);
    this.save();
    return result;
  }

  // Users

  listUsers(): UserRecord[] {
    return Object.values(this.state.users);
  }

  getUser(id: string): UserRecord | undefined {
    return this.state.users[id];
  }

  requireUser(id: string): UserRecord {
    const user = this.getUser(id);
    if (!user) throw notFound('user');
    return user;
  }

  findUserByEmail(email: string): UserRecord | undefined {
    const wanted = normalizeEmail(email);
    return this.listUsers().find((user) => user.emailAddresses.some((address) => address.emailAddress === wanted));
  }

  primaryEmail(user: UserRecord): string | null {
    return user.emailAddresses.find((address) => address.id === user.primaryEmailAddressId)?.emailAddress ?? null;
  }

  createUser(input: NewUser): UserRecord {
    const emails = [...new Set(input.emailAddresses.map(normalizeEmail))];
    for (const email of emails) {
      if (this.findUserByEmail(email)) {
        throw invalidParam('email_address', 'form_identifier_exists', 'That email address is taken. Please try another.');
      }
    }
    return this.change((emit) => {
      const now = this.now();
      const emailAddresses = emails.map((emailAddress) => ({ id: newId('idn'), emailAddress, createdAt: now }));
      const user: UserRecord = {
        id: newId('user'),
        emailAddresses,
        primaryEmailAddressId: emailAddresses[0]?.id ?? null,
        firstName: input.firstName ?? null,
        lastName: input.lastName ?? null,
        username: input.username ?? null,
        passwordDigest: input.passwordDigest ?? null,
        externalId: input.externalId ?? null,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        unsafeMetadata: input.unsafeMetadata ?? {},
        lastSignInAt: null,
        lastActiveAt: null,
        createdAt: now,
        updatedAt: now,
      };
      this.state.users[user.id] = user;
      emit({ type: 'user.created', user });
      return user;
    });
  }

  updateUser(id: string, patch: UserPatch): UserRecord {
    const user = this.requireUser(id);
    if (patch.primaryEmailAddressId && !user.emailAddresses.some((address) => address.id === patch.primaryEmailAddressId)) {
      throw invalidParam('primary_email_address_id', 'form_param_value_invalid', 'is invalid', 'The primary email address must be one of the user\'s addresses.');
    }
    return this.change((emit) => {
      Object.assign(user, patch, { updatedAt: this.now() });
      emit({ type: 'user.updated', user });
      return user;
    });
  }

  /** Sign-in bookkeeping: Clerk announces no webhook for it. */
  recordSignIn(id: string) {
    this.change(() => {
      const user = this.requireUser(id);
      user.lastSignInAt = user.lastActiveAt = Date.now();
    });
  }

  deleteUser(id: string): UserRecord {
    const user = this.requireUser(id);
    return this.change((emit) => {
      for (const membership of this.listMemberships({ userId: id })) {
        delete this.state.memberships[membership.id];
        emit({ type: 'organizationMembership.deleted', membership });
      }
      for (const session of Object.values(this.state.sessions)) {
        if (session.userId === id && session.status === 'active') emit(this.closeSession(session, 'revoked'));
      }
      delete this.state.users[id];
      emit({ type: 'user.deleted', user });
      return user;
    });
  }

  // Organizations

  listOrganizations(): OrganizationRecord[] {
    return Object.values(this.state.organizations);
  }

  getOrganization(idOrSlug: string): OrganizationRecord | undefined {
    return this.state.organizations[idOrSlug] ?? this.listOrganizations().find((org) => org.slug === idOrSlug);
  }

  requireOrganization(idOrSlug: string): OrganizationRecord {
    const organization = this.getOrganization(idOrSlug);
    if (!organization) throw notFound('organization');
    return organization;
  }

  private assertSlugAvailable(slug: string, exceptId?: string) {
    const holder = this.listOrganizations().find((org) => org.slug === slug);
    if (holder && holder.id !== exceptId) {
      throw invalidParam('slug', 'form_identifier_exists', 'This slug is taken. Please try another.');
    }
  }

  createOrganization(input: NewOrganization): OrganizationRecord {
    const slug = input.slug ? slugify(input.slug) : this.freeSlug(slugify(input.name));
    this.assertSlugAvailable(slug);
    if (input.createdBy) this.requireUser(input.createdBy);
    return this.change((emit) => {
      const now = this.now();
      const organization: OrganizationRecord = {
        id: newId('org'),
        name: input.name,
        slug,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        maxAllowedMemberships: input.maxAllowedMemberships ?? 0,
        createdBy: input.createdBy ?? null,
        createdAt: now,
        updatedAt: now,
      };
      this.state.organizations[organization.id] = organization;
      emit({ type: 'organization.created', organization });
      if (input.createdBy) this.insertMembership(organization.id, input.createdBy, CREATOR_ORG_ROLE, emit);
      return organization;
    });
  }

  private freeSlug(base: string): string {
    const taken = new Set(this.listOrganizations().map((org) => org.slug));
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  updateOrganization(idOrSlug: string, patch: OrganizationPatch): OrganizationRecord {
    const organization = this.requireOrganization(idOrSlug);
    const slug = patch.slug ? slugify(patch.slug) : undefined;
    if (slug) this.assertSlugAvailable(slug, organization.id);
    return this.change((emit) => {
      Object.assign(organization, patch, slug ? { slug } : {}, { updatedAt: this.now() });
      emit({ type: 'organization.updated', organization });
      return organization;
    });
  }

  deleteOrganization(idOrSlug: string): OrganizationRecord {
    const organization = this.requireOrganization(idOrSlug);
    return this.change((emit) => {
      for (const membership of this.listMemberships({ organizationId: organization.id })) {
        delete this.state.memberships[membership.id];
        emit({ type: 'organizationMembership.deleted', membership });
      }
      for (const invitation of this.listInvitations({ organizationId: organization.id })) {
        delete this.state.invitations[invitation.id];
      }
      for (const session of Object.values(this.state.sessions)) {
        if (session.lastActiveOrganizationId === organization.id) session.lastActiveOrganizationId = null;
      }
      delete this.state.organizations[organization.id];
      emit({ type: 'organization.deleted', organization });
      return organization;
    });
  }

  // Memberships

  listMemberships(filter: { organizationId?: string; userId?: string } = {}): MembershipRecord[] {
    return Object.values(this.state.memberships).filter(
      (membership) =>
        (!filter.organizationId || membership.organizationId === filter.organizationId) &&
        (!filter.userId || membership.userId === filter.userId),
    );
  }

  getMembership(organizationId: string, userId: string): MembershipRecord | undefined {
    return this.listMemberships({ organizationId, userId })[0];
  }

  requireMembership(organizationId: string, userId: string): MembershipRecord {
    const membership = this.getMembership(organizationId, userId);
    if (!membership) throw notFound('organization membership');
    return membership;
  }

  private insertMembership(organizationId: string, userId: string, role: OrgRole, emit: (event: StoreEvent) => void): MembershipRecord {
    const now = this.now();
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
    this.state.memberships[membership.id] = membership;
    emit({ type: 'organizationMembership.created', membership });
    return membership;
  }

  private assertCanJoin(organizationId: string, userId: string) {
    const organization = this.requireOrganization(organizationId);
    this.requireUser(userId);
    if (this.getMembership(organization.id, userId)) {
      throw new ClerkApiError(400, 'already_a_member_in_organization', 'Already a member', 'The user is already a member of this organization.');
    }
    const limit = organization.maxAllowedMemberships;
    if (limit > 0 && this.listMemberships({ organizationId }).length >= limit) {
      throw new ClerkApiError(403, 'organization_membership_quota_exceeded', 'Membership quota exceeded', 'The organization has reached its maximum number of members.');
    }
  }

  createMembership(organizationId: string, userId: string, role: OrgRole): MembershipRecord {
    const organization = this.requireOrganization(organizationId);
    this.assertCanJoin(organization.id, userId);
    return this.change((emit) => this.insertMembership(organization.id, userId, role, emit));
  }

  updateMembership(organizationId: string, userId: string, patch: MembershipPatch): MembershipRecord {
    const membership = this.requireMembership(this.requireOrganization(organizationId).id, userId);
    return this.change((emit) => {
      Object.assign(membership, patch, { updatedAt: this.now() });
      emit({ type: 'organizationMembership.updated', membership });
      return membership;
    });
  }

  deleteMembership(organizationId: string, userId: string): MembershipRecord {
    const membership = this.requireMembership(this.requireOrganization(organizationId).id, userId);
    return this.change((emit) => {
      delete this.state.memberships[membership.id];
      emit({ type: 'organizationMembership.deleted', membership });
      return membership;
    });
  }

  // Invitations

  listInvitations(filter: { organizationId?: string; emailAddresses?: string[]; status?: InvitationStatus[] } = {}): InvitationRecord[] {
    const now = Date.now();
    return Object.values(this.state.invitations).filter(
      (invitation) =>
        (!filter.organizationId || invitation.organizationId === filter.organizationId) &&
        (!filter.emailAddresses || filter.emailAddresses.includes(invitation.emailAddress)) &&
        (!filter.status || filter.status.includes(invitation.status)) &&
        (invitation.status !== 'pending' || invitation.expiresAt > now),
    );
  }

  requireInvitation(id: string, organizationId?: string): InvitationRecord {
    const invitation = this.state.invitations[id];
    if (!invitation || (organizationId && invitation.organizationId !== organizationId)) throw notFound('invitation');
    return invitation;
  }

  createInvitation(input: NewInvitation): InvitationRecord {
    const organization = this.requireOrganization(input.organizationId);
    const emailAddress = normalizeEmail(input.emailAddress);
    const invitee = this.findUserByEmail(emailAddress);
    if (invitee && this.getMembership(organization.id, invitee.id)) {
      throw invalidParam('email_address', 'already_a_member_in_organization', `${emailAddress} is already a member of the organization.`);
    }
    if (this.listInvitations({ organizationId: organization.id, emailAddresses: [emailAddress], status: ['pending'] }).length) {
      throw invalidParam('email_address', 'duplicate_record', `${emailAddress} has already been invited.`);
    }
    return this.change((emit) => {
      const now = this.now();
      const invitation: InvitationRecord = {
        id: newId('orginv'),
        organizationId: organization.id,
        emailAddress,
        role: input.role,
        status: 'pending',
        inviterUserId: input.inviterUserId ?? null,
        publicMetadata: input.publicMetadata ?? {},
        privateMetadata: input.privateMetadata ?? {},
        createdAt: now,
        updatedAt: now,
        expiresAt: now + INVITATION_LIFETIME,
      };
      this.state.invitations[invitation.id] = invitation;
      emit({ type: 'organizationInvitation.created', invitation });
      return invitation;
    });
  }

  private requirePending(invitation: InvitationRecord) {
    if (invitation.status !== 'pending' || invitation.expiresAt <= Date.now()) {
      throw new ClerkApiError(400, 'organization_invitation_not_pending', 'Invitation is not pending', `This invitation is ${invitation.status}.`);
    }
  }

  revokeInvitation(organizationId: string, invitationId: string): InvitationRecord {
    const invitation = this.requireInvitation(invitationId, this.requireOrganization(organizationId).id);
    this.requirePending(invitation);
    return this.change((emit) => {
      Object.assign(invitation, { status: 'revoked', updatedAt: this.now() });
      emit({ type: 'organizationInvitation.revoked', invitation });
      return invitation;
    });
  }

  acceptInvitation(invitationId: string, userId: string): MembershipRecord {
    const invitation = this.requireInvitation(invitationId);
    this.requirePending(invitation);
    const user = this.requireUser(userId);
    if (!user.emailAddresses.some((address) => address.emailAddress === invitation.emailAddress)) throw notFound('invitation');
    this.assertCanJoin(invitation.organizationId, userId);
    return this.change((emit) => {
      const membership = this.insertMembership(invitation.organizationId, userId, invitation.role, emit);
      Object.assign(invitation, { status: 'accepted', updatedAt: this.now() });
      emit({ type: 'organizationInvitation.accepted', invitation });
      return membership;
    });
  }

  // Clients and sessions

  getClient(id: string): ClientRecord | undefined {
    return this.state.clients[id];
  }

  findClientByCookie(cookie: string): ClientRecord | undefined {
    return Object.values(this.state.clients).find((client) => client.cookie === cookie);
  }

  createClient(): ClientRecord {
    return this.change(() => {
      const now = this.now();
      const client: ClientRecord = {
        id: newId('client'),
        cookie: randomBase62(48),
        signInId: null,
        signUpId: null,
        lastActiveSessionId: null,
        createdAt: now,
        updatedAt: now,
      };
      this.state.clients[client.id] = client;
      return client;
    });
  }

  /** Marks the client changed: its `updated_at` is what `__client_uat` carries. */
  private touchClient(clientId: string) {
    const client = this.state.clients[clientId];
    if (client) client.updatedAt = this.now();
  }

  listSessions(): SessionRecord[] {
    return Object.values(this.state.sessions);
  }

  getSession(id: string): SessionRecord | undefined {
    return this.state.sessions[id];
  }

  isSessionActive(session: SessionRecord): boolean {
    return session.status === 'active' && session.expireAt > Date.now() && Boolean(this.getUser(session.userId));
  }

  activeSessions(clientId: string): SessionRecord[] {
    return Object.values(this.state.sessions)
      .filter((session) => session.clientId === clientId && this.isSessionActive(session))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  createSession(clientId: string, userId: string, organizationId: string | null = null): SessionRecord {
    this.requireUser(userId);
    return this.change((emit) => {
      const now = this.now();
      const session: SessionRecord = {
        id: newId('sess'),
        clientId,
        userId,
        status: 'active',
        lastActiveOrganizationId: organizationId,
        firstFactorVerifiedAt: now,
        lastActiveAt: now,
        expireAt: now + SESSION_LIFETIME,
        abandonAt: now + SESSION_LIFETIME,
        createdAt: now,
        updatedAt: now,
      };
      this.state.sessions[session.id] = session;
      const client = this.state.clients[clientId];
      if (client) client.lastActiveSessionId = session.id;
      this.touchClient(clientId);
      emit({ type: 'session.created', session });
      return session;
    });
  }

  /** The session's active organization (what `touch` sets); `null` is the personal account. */
  setActiveOrganization(sessionId: string, organizationId: string | null): SessionRecord {
    const session = this.getSession(sessionId);
    if (!session) throw notFound('session');
    return this.change(() => {
      const now = this.now();
      Object.assign(session, { lastActiveOrganizationId: organizationId, lastActiveAt: now, updatedAt: now });
      const client = this.state.clients[session.clientId];
      if (client) client.lastActiveSessionId = session.id;
      this.touchClient(session.clientId);
      return session;
    });
  }

  private closeSession(session: SessionRecord, status: Exclude<SessionStatus, 'active'>): StoreEvent {
    session.status = status;
    session.updatedAt = this.now();
    const client = this.state.clients[session.clientId];
    if (client?.lastActiveSessionId === session.id) {
      client.lastActiveSessionId = this.activeSessions(client.id).at(-1)?.id ?? null;
    }
    this.touchClient(session.clientId);
    return { type: `session.${status}`, session };
  }

  endSession(sessionId: string, status: Exclude<SessionStatus, 'active'>): SessionRecord {
    const session = this.getSession(sessionId);
    if (!session) throw notFound('session');
    return this.change((emit) => {
      if (session.status === 'active') emit(this.closeSession(session, status));
      return session;
    });
  }

  // Sign-in and sign-up attempts (one of each per client, as in Clerk)

  getSignIn(id: string): SignInRecord | undefined {
    return this.state.signIns[id];
  }

  getSignUp(id: string): SignUpRecord | undefined {
    return this.state.signUps[id];
  }

  createSignIn(clientId: string): SignInRecord {
    return this.change(() => {
      const now = this.now();
      const signIn: SignInRecord = {
        id: newId('sia'),
        clientId,
        identifier: null,
        userId: null,
        firstFactorVerification: null,
        createdSessionId: null,
        createdAt: now,
        abandonAt: now + ATTEMPT_LIFETIME,
      };
      this.replaceAttempt('signIns', 'signInId', clientId, signIn);
      return signIn;
    });
  }

  createSignUp(clientId: string): SignUpRecord {
    return this.change(() => {
      const now = this.now();
      const signUp: SignUpRecord = {
        id: newId('sua'),
        clientId,
        emailAddress: null,
        firstName: null,
        lastName: null,
        passwordDigest: null,
        unsafeMetadata: {},
        emailVerification: null,
        createdUserId: null,
        createdSessionId: null,
        createdAt: now,
        abandonAt: now + ATTEMPT_LIFETIME,
      };
      this.replaceAttempt('signUps', 'signUpId', clientId, signUp);
      return signUp;
    });
  }

  private replaceAttempt<K extends 'signIns' | 'signUps'>(
    table: K,
    pointer: 'signInId' | 'signUpId',
    clientId: string,
    attempt: StoreState[K][string],
  ) {
    const client = this.state.clients[clientId];
    if (!client) throw notFound('client');
    const records = this.state[table] as Record<string, SignInRecord | SignUpRecord>;
    const previous = client[pointer];
    if (previous) delete records[previous];
    for (const stale of Object.values(records)) if (stale.abandonAt < attempt.createdAt) delete records[stale.id];
    records[attempt.id] = attempt;
    client[pointer] = attempt.id;
  }

  /** Persists changes made to a sign-in or sign-up record in place. */
  saveAttempt(attempt: SignInRecord | SignUpRecord) {
    this.change(() => attempt);
  }

  /** A completed attempt leaves the client (Clerk's client then shows `sign_in: null`) but stays readable by id. */
  finishAttempt(attempt: SignInRecord | SignUpRecord) {
    this.change(() => {
      const client = this.state.clients[attempt.clientId];
      if (client?.signInId === attempt.id) client.signInId = null;
      if (client?.signUpId === attempt.id) client.signUpId = null;
    });
  }
}

import { notFound } from '../errors';
import { newId, randomBase62 } from '../ids';
import type { StoreParts } from './types';
import type { ClientActivity, ClientRecord, SessionRecord, SessionStatus, SessionTaskKey, StoreEvent, VerificationLevel } from './records';

const SESSION_LIFETIME = 7 * 24 * 60 * 60 * 1000;

/** Clients: one per browser, identified by a cookie only the Frontend API reads. */
export class Clients {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  get(id: string): ClientRecord | undefined {
    return this.core.state.clients[id];
  }

  findByCookie(cookie: string): ClientRecord | undefined {
    return Object.values(this.core.state.clients).find((client) => client.cookie === cookie);
  }

  create(): ClientRecord {
    return this.core.change(() => {
      const now = this.core.now();
      const client: ClientRecord = {
        id: newId('client'),
        cookie: randomBase62(48),
        signInId: null,
        signUpId: null,
        lastActiveSessionId: null,
        createdAt: now,
        updatedAt: now,
      };
      this.core.state.clients[client.id] = client;
      return client;
    });
  }

  /** The browser's user agent and address, kept when they change: what the user's active devices list shows. */
  recordActivity(clientId: string, { userAgent, ipAddress }: Omit<ClientActivity, 'id'>) {
    const client = this.get(clientId);
    if (!client || (client.activity?.userAgent === userAgent && client.activity.ipAddress === ipAddress)) return;
    this.core.change(() => Object.assign(client, { activity: { id: newId('sess_activity'), userAgent, ipAddress } }));
  }

  /** Marks the client changed: its `updated_at` is what `__client_uat` carries. */
  touch(clientId: string) {
    const client = this.get(clientId);
    if (client) client.updatedAt = this.core.now();
  }
}

export class Sessions {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  list(): SessionRecord[] {
    return Object.values(this.core.state.sessions);
  }

  get(id: string): SessionRecord | undefined {
    return this.core.state.sessions[id];
  }

  isActive(session: SessionRecord): boolean {
    return session.status === 'active' && session.expireAt > Date.now() && Boolean(this.store.users.get(session.userId));
  }

  /** A client's active sessions, oldest first. */
  activeOf(clientId: string): SessionRecord[] {
    return this.list()
      .filter((session) => session.clientId === clientId && this.isActive(session))
      .sort((a, b) => a.createdAt - b.createdAt);
  }

  /**
   * The session's pending tasks (Clerk's session tasks), derived from the instance's settings and
   * the user's state, so resolving one (choosing an organization, resetting the password, enrolling
   * a second factor) needs no bookkeeping: `reset-password` while the password it signed in with
   * stays compromised, `setup-mfa` while MFA is required and the user has no second factor,
   * `choose-organization` while membership is required and no organization of the user's is active.
   */
  tasks(session: SessionRecord): SessionTaskKey[] {
    const user = this.store.users.get(session.userId);
    if (!user || session.status !== 'active') return [];
    const { instance } = this.store;
    const organizationId = session.lastActiveOrganizationId;
    const hasOrganization = Boolean(organizationId && this.store.memberships.get(organizationId, user.id));
    const tasks: SessionTaskKey[] = [];
    if (session.passwordResetDue && user.passwordCompromised) tasks.push('reset-password');
    if (instance.mfaRequired && !user.totpSecret) tasks.push('setup-mfa');
    if (instance.membershipRequired && !hasOrganization) tasks.push('choose-organization');
    return tasks;
  }

  /** The status Clerk shows for the session: `pending` while it has tasks, else the stored one. */
  statusOf(session: SessionRecord): SessionStatus | 'pending' {
    return this.tasks(session).length ? 'pending' : session.status;
  }

  create(
    clientId: string,
    userId: string,
    organizationId: string | null = null,
    {
      secondFactor = false,
      compromisedPassword = false,
      actor = null,
      maxDurationMs = SESSION_LIFETIME,
    }: { secondFactor?: boolean; compromisedPassword?: boolean; actor?: SessionRecord['actor']; maxDurationMs?: number } = {},
  ): SessionRecord {
    this.store.users.require(userId);
    return this.core.change((emit) => {
      const now = this.core.now();
      const session: SessionRecord = {
        id: newId('sess'),
        clientId,
        userId,
        status: 'active',
        lastActiveOrganizationId: organizationId,
        firstFactorVerifiedAt: now,
        secondFactorVerifiedAt: secondFactor ? now : null,
        ...(compromisedPassword && { passwordResetDue: true }),
        ...(actor && { actor }),
        lastActiveAt: now,
        expireAt: now + Math.min(maxDurationMs, SESSION_LIFETIME),
        abandonAt: now + Math.min(maxDurationMs, SESSION_LIFETIME),
        createdAt: now,
        updatedAt: now,
      };
      this.core.state.sessions[session.id] = session;
      const client = this.store.clients.get(clientId);
      if (client) client.lastActiveSessionId = session.id;
      this.store.clients.touch(clientId);
      emit({ type: 'session.created', session });
      return session;
    });
  }

  /**
   * When the session last verified a second factor, for `fva[1]`: none (-1) while the
   * user has no second factor, as Clerk's `has({ reverification })` reads it.
   */
  secondFactorVerifiedAt(session: SessionRecord): number | null {
    return this.store.users.get(session.userId)?.totpSecret ? (session.secondFactorVerifiedAt ?? null) : null;
  }

  /**
   * Starts a reverification, as Clerk's does: a user with a second factor is asked for it
   * (`second_factor`), or for a first factor and then it (`multi_factor`); a user without
   * one is asked for a first factor at every level.
   */
  startVerification(sessionId: string, level: VerificationLevel): SessionRecord {
    const session = this.get(sessionId);
    if (!session) throw notFound('session');
    const status =
      level === 'second_factor' && this.store.users.get(session.userId)?.totpSecret ? 'needs_second_factor' : 'needs_first_factor';
    return this.core.change(() =>
      Object.assign(session, {
        verification: { id: newId('sver'), level, status, firstFactorVerification: null, secondFactorVerification: null },
      }),
    );
  }

  /** Persists changes made to the session's verification in place. */
  saveVerification(session: SessionRecord) {
    this.core.change(() => session);
  }

  /** A factor was verified again: its `fva` age restarts; a `multi_factor` verification of a user with a second factor then asks for it. */
  verifyFactor(sessionId: string, factor: 'first' | 'second'): SessionRecord {
    const session = this.get(sessionId);
    if (!session?.verification) throw notFound('session verification');
    return this.core.change(() => {
      const now = this.core.now();
      const secondDue =
        factor === 'first' && session.verification!.level === 'multi_factor' && Boolean(this.store.users.get(session.userId)?.totpSecret);
      Object.assign(session.verification!, { status: secondDue ? 'needs_second_factor' : 'complete' });
      Object.assign(session, factor === 'first' ? { firstFactorVerifiedAt: now } : { secondFactorVerifiedAt: now }, { updatedAt: now });
      this.store.clients.touch(session.clientId);
      return session;
    });
  }

  /** The user proved their new authenticator app in this session (profile enrollment): `fva[1]` starts from now. */
  recordSecondFactor(sessionId: string): SessionRecord {
    const session = this.get(sessionId);
    if (!session) throw notFound('session');
    return this.core.change(() => Object.assign(session, { secondFactorVerifiedAt: this.core.now() }));
  }

  /** For tests: a session whose factors were verified `minutes` ago (the second only if it was). */
  backdateVerification(sessionId: string, minutes: number): SessionRecord {
    const session = this.get(sessionId);
    if (!session) throw notFound('session');
    const at = Date.now() - minutes * 60_000;
    return this.core.change(() =>
      Object.assign(session, { firstFactorVerifiedAt: at }, session.secondFactorVerifiedAt ? { secondFactorVerifiedAt: at } : {}),
    );
  }

  /** The session's active organization (what `touch` sets); `null` is the personal account. */
  setActiveOrganization(sessionId: string, organizationId: string | null): SessionRecord {
    const session = this.get(sessionId);
    if (!session) throw notFound('session');
    return this.core.change(() => {
      const now = this.core.now();
      Object.assign(session, { lastActiveOrganizationId: organizationId, lastActiveAt: now, updatedAt: now });
      const client = this.store.clients.get(session.clientId);
      if (client) client.lastActiveSessionId = session.id;
      this.store.clients.touch(session.clientId);
      return session;
    });
  }

  /** Closes a session inside a change already running; returns the event to announce. */
  close(session: SessionRecord, status: Exclude<SessionStatus, 'active'>): StoreEvent {
    session.status = status;
    session.updatedAt = this.core.now();
    const client = this.store.clients.get(session.clientId);
    if (client?.lastActiveSessionId === session.id) {
      client.lastActiveSessionId = this.activeOf(client.id).at(-1)?.id ?? null;
    }
    this.store.clients.touch(session.clientId);
    return { type: `session.${status}`, session };
  }

  /** The user's active sessions, newest activity first (the profile's active devices). */
  activeOfUser(userId: string): SessionRecord[] {
    return this.list()
      .filter((session) => session.userId === userId && this.isActive(session))
      .sort((a, b) => b.lastActiveAt - a.lastActiveAt);
  }

  /** Revokes the user's other sessions (a password change signing out other devices). */
  revokeOthers(sessionId: string): SessionRecord[] {
    const current = this.get(sessionId);
    if (!current) throw notFound('session');
    return this.core.change((emit) =>
      this.activeOfUser(current.userId)
        .filter((session) => session.id !== sessionId)
        .map((session) => {
          emit(this.close(session, 'revoked'));
          return session;
        }),
    );
  }

  end(sessionId: string, status: Exclude<SessionStatus, 'active'>): SessionRecord {
    const session = this.get(sessionId);
    if (!session) throw notFound('session');
    return this.core.change((emit) => {
      if (session.status === 'active') emit(this.close(session, status));
      return session;
    });
  }
}

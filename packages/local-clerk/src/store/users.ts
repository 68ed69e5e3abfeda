import { invalidParam, notFound } from '../errors';
import { newId } from '../ids';
import type { StoreParts } from './types';
import {
  normalizeEmail,
  type EmailAddressRecord,
  type ExternalAccountRecord,
  type Metadata,
  type PendingConnectionRecord,
  type UserRecord,
} from './records';

export type NewExternalAccount = Omit<ExternalAccountRecord, 'id' | 'createdAt'>;

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
  externalAccounts?: NewExternalAccount[];
}

export type UserPatch = Partial<
  Pick<
    UserRecord,
    | 'firstName'
    | 'lastName'
    | 'username'
    | 'externalId'
    | 'passwordDigest'
    | 'passwordUpdatedAt'
    | 'passwordCompromised'
    | 'publicMetadata'
    | 'privateMetadata'
    | 'unsafeMetadata'
    | 'imageId'
  >
> & { primaryEmailAddressId?: string };

/**
 * Addresses from sign-up, the seed or the Backend API carry no verification record (`undefined`):
 * they were verified on the way in. One added in the profile starts with `null` (no code prepared yet).
 */
export const isVerified = (address: EmailAddressRecord) =>
  address.verification === undefined || address.verification?.status === 'verified';

const identifierExists = () => invalidParam('email_address', 'form_identifier_exists', 'That email address is taken. Please try another.');

export class Users {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  list(): UserRecord[] {
    return Object.values(this.core.state.users);
  }

  get(id: string): UserRecord | undefined {
    return this.core.state.users[id];
  }

  require(id: string): UserRecord {
    const user = this.get(id);
    if (!user) throw notFound('user');
    return user;
  }

  /** Users by each of their addresses (verified or not: verification is checked on lookup). */
  private get byEmail() {
    return this.core.index('users', 'email', (user) => user.emailAddresses.map((address) => address.emailAddress));
  }

  /** The user holding this address verified: an address added in a profile and not yet verified claims nothing. */
  findByEmail(email: string): UserRecord | undefined {
    const wanted = normalizeEmail(email);
    return this.byEmail
      .ids(wanted)
      .map((id) => this.get(id))
      .find((user) => user?.emailAddresses.some((address) => address.emailAddress === wanted && isVerified(address)));
  }

  /** The addresses the user has proven: what invitations to them and sign-ins by them go by. */
  verifiedEmails(user: UserRecord): string[] {
    return user.emailAddresses.filter(isVerified).map((address) => address.emailAddress);
  }

  emailAddress(user: UserRecord, addressId: string): EmailAddressRecord {
    const address = user.emailAddresses.find((candidate) => candidate.id === addressId);
    if (!address) throw notFound('email address');
    return address;
  }

  /** Adds an address to the user's profile, unverified: announced as `user.updated`. */
  addEmailAddress(id: string, email: string): EmailAddressRecord {
    const user = this.require(id);
    const emailAddress = normalizeEmail(email);
    if (user.emailAddresses.some((address) => address.emailAddress === emailAddress) || this.findByEmail(emailAddress))
      throw identifierExists();
    return this.core.change((emit) => {
      const now = this.core.now();
      const address: EmailAddressRecord = { id: newId('idn'), emailAddress, createdAt: now, updatedAt: now, verification: null };
      user.emailAddresses.push(address);
      user.updatedAt = now;
      emit({ type: 'user.updated', user });
      return address;
    });
  }

  /**
   * Persists a change to an address's verification (a code prepared or attempted); once
   * verified, the address is the user's (`user.updated`), unless another user verified it first.
   */
  saveEmailVerification(id: string, address: EmailAddressRecord): EmailAddressRecord {
    const user = this.require(id);
    const verified = address.verification?.status === 'verified';
    const holder = verified ? this.findByEmail(address.emailAddress) : undefined;
    if (holder && holder.id !== id) {
      address.verification = null;
      this.core.change(() => address);
      throw identifierExists();
    }
    return this.core.change((emit) => {
      if (!verified) return address;
      address.updatedAt = user.updatedAt = this.core.now();
      emit({ type: 'user.updated', user });
      return address;
    });
  }

  /** Removes an address that is not the primary one: announced as `user.updated`. */
  removeEmailAddress(id: string, addressId: string): EmailAddressRecord {
    const user = this.require(id);
    const address = this.emailAddress(user, addressId);
    if (address.id === user.primaryEmailAddressId) {
      throw invalidParam(
        'email_address_id',
        'form_param_value_invalid',
        'The primary email address cannot be removed',
        'Make another verified address primary first.',
      );
    }
    return this.core.change((emit) => {
      user.emailAddresses = user.emailAddresses.filter((candidate) => candidate.id !== addressId);
      user.updatedAt = this.core.now();
      emit({ type: 'user.updated', user });
      return address;
    });
  }

  /** The user who linked this provider account. */
  findByExternalAccount(strategy: string, providerUserId: string): UserRecord | undefined {
    return this.list().find((user) =>
      (user.externalAccounts ?? []).some((account) => account.strategy === strategy && account.providerUserId === providerUserId),
    );
  }

  /** Links a provider account (social sign-in with a verified email the user already has): announced as `user.updated`. */
  linkExternalAccount(id: string, account: NewExternalAccount): UserRecord {
    const user = this.require(id);
    return this.core.change((emit) => {
      const now = this.core.now();
      user.externalAccounts = [...(user.externalAccounts ?? []), { ...account, id: newId('eac'), createdAt: now }];
      user.updatedAt = now;
      emit({ type: 'user.updated', user });
      return user;
    });
  }

  /** Enrolls an authenticator app and backup codes (the seed's, or a verified profile enrollment): announced as `user.updated`. */
  enrollTotp(id: string, secret: string, backupCodeDigests: string[]): UserRecord {
    const user = this.require(id);
    return this.core.change((emit) => {
      const now = this.core.now();
      Object.assign(user, { totpSecret: secret, backupCodeDigests, pendingTotp: null, mfaEnabledAt: now, updatedAt: now });
      emit({ type: 'user.updated', user });
      return user;
    });
  }

  /** A new authenticator app's secret, waiting for a code of it (nothing visible changes: no webhook). */
  startTotp(id: string, secret: string): NonNullable<UserRecord['pendingTotp']> {
    const user = this.require(id);
    if (user.totpSecret)
      throw invalidParam(
        'totp',
        'totp_already_enabled',
        'TOTP is already enabled',
        'Remove the authenticator app first; a user has one TOTP secret.',
      );
    return this.core.change(() => (user.pendingTotp = { id: newId('totp'), secret, createdAt: this.core.now() }));
  }

  /** Removes the authenticator app and, with it, the backup codes (no second factor is left): announced as `user.updated`. */
  disableTotp(id: string): UserRecord {
    const user = this.require(id);
    if (!user.totpSecret) throw notFound('totp');
    return this.core.change((emit) => {
      const now = this.core.now();
      Object.assign(user, { totpSecret: null, backupCodeDigests: [], pendingTotp: null, mfaDisabledAt: now, updatedAt: now });
      emit({ type: 'user.updated', user });
      return user;
    });
  }

  /** A new set of backup codes replaces the old one: announced as `user.updated`. */
  replaceBackupCodes(id: string, backupCodeDigests: string[]): UserRecord {
    const user = this.require(id);
    return this.core.change((emit) => {
      Object.assign(user, { backupCodeDigests, updatedAt: this.core.now() });
      emit({ type: 'user.updated', user });
      return user;
    });
  }

  /** A backup code works once. */
  useBackupCode(id: string, digest: string) {
    this.core.change(() => {
      const user = this.require(id);
      user.backupCodeDigests = (user.backupCodeDigests ?? []).filter((known) => known !== digest);
    });
  }

  /** Starts connecting a provider account from the user profile (no webhook until it is linked). */
  addPendingConnection(id: string, connection: Omit<PendingConnectionRecord, 'id' | 'createdAt'>): PendingConnectionRecord {
    const user = this.require(id);
    return this.core.change(() => {
      const pending = { ...connection, id: newId('eac'), createdAt: this.core.now() };
      user.pendingConnections = [...(user.pendingConnections ?? []).filter((known) => known.expireAt > Date.now()), pending];
      return pending;
    });
  }

  /** The connection a provider page's `state` belongs to. */
  findPendingConnection(state: string): { user: UserRecord; connection: PendingConnectionRecord } | undefined {
    for (const user of this.list()) {
      const connection = (user.pendingConnections ?? []).find((known) => known.state === state && known.expireAt > Date.now());
      if (connection) return { user, connection };
    }
    return undefined;
  }

  /** The provider answered: the account is linked under the id clerk-js already has (`user.updated`), or, when refused, only forgotten. */
  finishConnection(id: string, connectionId: string, account: NewExternalAccount | null): UserRecord {
    const user = this.require(id);
    return this.core.change((emit) => {
      user.pendingConnections = (user.pendingConnections ?? []).filter((known) => known.id !== connectionId);
      if (!account) return user;
      const now = this.core.now();
      user.externalAccounts = [...(user.externalAccounts ?? []), { ...account, id: connectionId, createdAt: now }];
      user.updatedAt = now;
      emit({ type: 'user.updated', user });
      return user;
    });
  }

  /** Removes a linked provider account: announced as `user.updated`. */
  unlinkExternalAccount(id: string, accountId: string): ExternalAccountRecord {
    const user = this.require(id);
    const account = (user.externalAccounts ?? []).find((known) => known.id === accountId && known.strategy.startsWith('oauth_'));
    if (!account) throw notFound('external account');
    return this.core.change((emit) => {
      user.externalAccounts = (user.externalAccounts ?? []).filter((known) => known.id !== accountId);
      user.updatedAt = this.core.now();
      emit({ type: 'user.updated', user });
      return account;
    });
  }

  primaryEmail(user: UserRecord): string | null {
    return user.emailAddresses.find((address) => address.id === user.primaryEmailAddressId)?.emailAddress ?? null;
  }

  create(input: NewUser): UserRecord {
    const emails = [...new Set(input.emailAddresses.map(normalizeEmail))];
    for (const email of emails) {
      if (this.findByEmail(email)) throw identifierExists();
    }
    return this.core.change((emit) => {
      const now = this.core.now();
      const emailAddresses = emails.map((emailAddress) => ({ id: newId('idn'), emailAddress, createdAt: now }));
      const user: UserRecord = {
        id: newId('user'),
        emailAddresses,
        externalAccounts: (input.externalAccounts ?? []).map((account) => ({ ...account, id: newId('eac'), createdAt: now })),
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
      this.core.state.users[user.id] = user;
      emit({ type: 'user.created', user });
      return user;
    });
  }

  update(id: string, patch: UserPatch): UserRecord {
    const user = this.require(id);
    const primary = patch.primaryEmailAddressId
      ? user.emailAddresses.find((address) => address.id === patch.primaryEmailAddressId)
      : undefined;
    if (patch.primaryEmailAddressId && !(primary && isVerified(primary))) {
      throw invalidParam(
        'primary_email_address_id',
        'form_param_value_invalid',
        'is invalid',
        "The primary email address must be one of the user's verified addresses.",
      );
    }
    return this.core.change((emit) => {
      Object.assign(user, patch, { updatedAt: this.core.now() });
      emit({ type: 'user.updated', user });
      return user;
    });
  }

  /** Sign-in bookkeeping: Clerk announces no webhook for it. */
  recordSignIn(id: string) {
    this.core.change(() => {
      const user = this.require(id);
      user.lastSignInAt = user.lastActiveAt = Date.now();
    });
  }

  /** Deletes the user with their memberships (announced first) and revokes their sessions. */
  delete(id: string): UserRecord {
    const user = this.require(id);
    return this.core.change((emit) => {
      for (const membership of this.store.memberships.list({ userId: id })) {
        delete this.core.state.memberships[membership.id];
        emit({ type: 'organizationMembership.deleted', membership });
      }
      for (const session of this.store.sessions.list()) {
        if (session.userId === id && session.status === 'active') emit(this.store.sessions.close(session, 'revoked'));
      }
      delete this.core.state.users[id];
      emit({ type: 'user.deleted', user });
      return user;
    });
  }
}

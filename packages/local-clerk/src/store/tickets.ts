import { ClerkApiError, invalidParam, notFound } from '../errors';
import { newId, randomBase62 } from '../ids';
import type { StoreParts } from './types';
import type { InvitationRecord, SignInTokenRecord, TestingTokenRecord } from './records';

/** Clerk's default lifetime of a sign-in token. */
const SIGN_IN_TOKEN_LIFETIME = 30 * 24 * 60 * 60 * 1000;
const TESTING_TOKEN_LIFETIME = 60 * 60 * 1000;

/** The codes clerk-js has messages for (`ticket_invalid_code`, `ticket_expired_code`), on the `ticket` field. */
export const ticketInvalid = () =>
  invalidParam(
    'ticket',
    'ticket_invalid_code',
    'This link is no longer valid or has already been used.',
    'The ticket is unknown, revoked or already used.',
  );
export const ticketExpired = () =>
  invalidParam('ticket', 'ticket_expired_code', 'This link has expired.', 'The ticket has expired. Ask for a new one.');

/** Tickets (sign-in tokens and invitation links) and testing tokens. */
export class Tickets {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  createSignInToken(userId: string, expiresInSeconds?: number): SignInTokenRecord {
    this.store.users.require(userId);
    return this.core.change(() => {
      const now = this.core.now();
      const record: SignInTokenRecord = {
        id: newId('sitkn'),
        userId,
        token: randomBase62(48),
        status: 'pending',
        expiresAt: now + (expiresInSeconds === undefined ? SIGN_IN_TOKEN_LIFETIME : expiresInSeconds * 1000),
        createdAt: now,
        updatedAt: now,
      };
      this.core.state.signInTokens[record.id] = record;
      return record;
    });
  }

  revokeSignInToken(id: string): SignInTokenRecord {
    const record = this.core.state.signInTokens[id];
    if (!record) throw notFound('sign in token');
    if (record.status !== 'pending')
      throw new ClerkApiError(
        400,
        'sign_in_token_cannot_be_revoked',
        'Sign in token cannot be revoked',
        `The sign in token is ${record.status}.`,
      );
    return this.core.change(() => Object.assign(record, { status: 'revoked', updatedAt: this.core.now() }));
  }

  /** The user a pending, unexpired sign-in token signs in; the token is then used up. */
  redeemSignInToken(token: string): string {
    const record = Object.values(this.core.state.signInTokens).find((candidate) => candidate.token === token);
    if (!record || record.status !== 'pending' || !this.store.users.get(record.userId)) throw ticketInvalid();
    if (record.expiresAt <= Date.now()) throw ticketExpired();
    this.core.change(() => Object.assign(record, { status: 'accepted', updatedAt: this.core.now() }));
    return record.userId;
  }

  /** The pending invitation a ticket is the link of. */
  redeemInvitation(token: string): InvitationRecord {
    const invitation = Object.values(this.core.state.invitations).find((candidate) => candidate.ticket === token);
    if (!invitation || invitation.status !== 'pending') throw ticketInvalid();
    if (invitation.expiresAt <= Date.now()) throw ticketExpired();
    return invitation;
  }

  isInvitationTicket(token: string): boolean {
    return Object.values(this.core.state.invitations).some((invitation) => invitation.ticket === token);
  }

  createTestingToken(): TestingTokenRecord {
    return this.core.change(() => {
      const now = this.core.now();
      for (const [token, stale] of Object.entries(this.core.state.testingTokens))
        if (stale.expiresAt <= now) delete this.core.state.testingTokens[token];
      const record: TestingTokenRecord = { token: randomBase62(48), expiresAt: now + TESTING_TOKEN_LIFETIME };
      this.core.state.testingTokens[record.token] = record;
      return record;
    });
  }

  isValidTestingToken(token: string): boolean {
    const record = this.core.state.testingTokens[token];
    return Boolean(record && record.expiresAt > Date.now());
  }
}

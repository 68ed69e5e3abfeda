import { ClerkApiError, notFound } from '../errors';
import { newId, randomBase62 } from '../ids';
import { ticketExpired, ticketInvalid } from './tickets';
import type { ActorTokenRecord } from './records';
import type { StoreParts } from './types';

/** Clerk's defaults: the token lasts an hour, the session it creates 30 minutes. */
const ACTOR_TOKEN_LIFETIME_SECONDS = 60 * 60;
const ACTOR_SESSION_MAX_DURATION_SECONDS = 30 * 60;

export interface NewActorToken {
  userId: string;
  actor: { sub: string } & Record<string, unknown>;
  expiresInSeconds?: number;
  sessionMaxDurationInSeconds?: number;
}

/** Impersonation tickets: `actor.sub` signs in as `userId`, once. */
export class ActorTokens {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  create(input: NewActorToken): ActorTokenRecord {
    this.store.users.require(input.userId);
    this.store.users.require(input.actor.sub);
    return this.core.change(() => {
      const now = this.core.now();
      const record: ActorTokenRecord = {
        id: newId('act'),
        userId: input.userId,
        actor: input.actor,
        token: randomBase62(48),
        status: 'pending',
        expiresAt: now + (input.expiresInSeconds ?? ACTOR_TOKEN_LIFETIME_SECONDS) * 1000,
        sessionMaxDurationSeconds: input.sessionMaxDurationInSeconds ?? ACTOR_SESSION_MAX_DURATION_SECONDS,
        createdAt: now,
        updatedAt: now,
      };
      this.core.state.actorTokens[record.id] = record;
      return record;
    });
  }

  revoke(id: string): ActorTokenRecord {
    const record = this.core.state.actorTokens[id];
    if (!record) throw notFound('actor token');
    if (record.status !== 'pending')
      throw new ClerkApiError(
        400,
        'actor_token_cannot_be_revoked',
        'Actor token cannot be revoked',
        `The actor token is ${record.status}.`,
      );
    return this.core.change(() => Object.assign(record, { status: 'revoked', updatedAt: this.core.now() }));
  }

  isActorTicket(token: string): boolean {
    return Object.values(this.core.state.actorTokens).some((record) => record.token === token);
  }

  /** The pending, unexpired actor token of a ticket; it is then used up. */
  redeem(token: string): ActorTokenRecord {
    const record = Object.values(this.core.state.actorTokens).find((candidate) => candidate.token === token);
    if (!record || record.status !== 'pending' || !this.store.users.get(record.userId)) throw ticketInvalid();
    if (record.expiresAt <= Date.now()) throw ticketExpired();
    return this.core.change(() => Object.assign(record, { status: 'accepted', updatedAt: this.core.now() }));
  }
}

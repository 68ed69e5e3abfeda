/**
 * Clerk's side of the stand-in: users, organizations, memberships, invitations,
 * clients, sessions, sign-in/sign-up attempts, tickets and billing, persisted as one JSON file.
 * Each resource has its own file; every change Clerk would announce is
 * published to listeners (the webhook outbox).
 */
import { Instance } from '../instance';
import { ActorTokens } from './actor-tokens';
import { ApiKeys } from './api-keys';
import { Attempts } from './attempts';
import { Billing } from './billing';
import { StoreCore } from './core';
import { Invitations } from './invitations';
import { Memberships } from './memberships';
import { Organizations } from './organizations';
import type { StoreEvent } from './records';
import { Clients, Sessions } from './sessions';
import { Tickets } from './tickets';
import type { StoreParts } from './types';
import { Users } from './users';

export * from './records';
export type { NewUser, UserPatch } from './users';
export { isVerified } from './users';
export type { NewOrganization, OrganizationPatch } from './organizations';
export type { MembershipPatch } from './memberships';
export type { NewInvitation } from './invitations';
export type { NewApiKey } from './api-keys';
export { isExpired as isApiKeyExpired } from './api-keys';
export type {
  BillingEvent,
  CheckoutRecord,
  Payer,
  PayerType,
  PaymentAttemptRecord,
  SubscriptionItemRecord,
  SubscriptionRecord,
} from './billing-records';

export class LocalClerkStore implements StoreParts {
  // Typed explicitly: each part is given `this` as StoreParts, whose check needs these types first.
  readonly users: Users = new Users(this);
  readonly organizations: Organizations = new Organizations(this);
  readonly memberships: Memberships = new Memberships(this);
  readonly invitations: Invitations = new Invitations(this);
  readonly clients: Clients = new Clients(this);
  readonly sessions: Sessions = new Sessions(this);
  readonly attempts: Attempts = new Attempts(this);
  readonly tickets: Tickets = new Tickets(this);
  readonly billing: Billing = new Billing(this);
  readonly apiKeys: ApiKeys = new ApiKeys(this);
  readonly actorTokens: ActorTokens = new ActorTokens(this);

  private constructor(
    readonly core: StoreCore,
    /** The instance's configuration: organization roles and their defaults. */
    readonly instance: Instance,
  ) {}

  /** Opens the store persisted at `file` (created on first change), or an in-memory one with `null`. */
  static open(file: string | null, instance = new Instance()): LocalClerkStore {
    return new LocalClerkStore(StoreCore.open(file), instance);
  }

  /** True when nothing was persisted before: the first run. */
  get isNew(): boolean {
    return this.core.isNew;
  }

  subscribe(listener: (event: StoreEvent) => void): () => void {
    return this.core.subscribe(listener);
  }
}

import { notFound } from '../errors';
import { newId } from '../ids';
import type { StoreState } from './core';
import type { StoreParts } from './types';
import type { SignInRecord, SignUpRecord } from './records';

const ATTEMPT_LIFETIME = 24 * 60 * 60 * 1000;

/** Sign-in and sign-up attempts: one of each per client, as in Clerk. */
export class Attempts {
  constructor(private readonly store: StoreParts) {}

  private get core() {
    return this.store.core;
  }

  getSignIn(id: string): SignInRecord | undefined {
    return this.core.state.signIns[id];
  }

  getSignUp(id: string): SignUpRecord | undefined {
    return this.core.state.signUps[id];
  }

  /** The social sign-in or sign-up whose consent page carries this `state`. */
  findByOAuthState(state: string): { signIn: SignInRecord } | { signUp: SignUpRecord } | undefined {
    const signIn = Object.values(this.core.state.signIns).find((attempt) => attempt.oauth?.state === state);
    if (signIn) return { signIn };
    const signUp = Object.values(this.core.state.signUps).find((attempt) => attempt.oauth?.state === state);
    return signUp ? { signUp } : undefined;
  }

  createSignIn(clientId: string): SignInRecord {
    return this.core.change(() => {
      const now = this.core.now();
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
      this.replace('signIns', 'signInId', clientId, signIn);
      return signIn;
    });
  }

  createSignUp(clientId: string): SignUpRecord {
    return this.core.change(() => {
      const now = this.core.now();
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
      this.replace('signUps', 'signUpId', clientId, signUp);
      return signUp;
    });
  }

  /** The client's new attempt replaces its previous one; abandoned attempts of any client are dropped. */
  private replace<K extends 'signIns' | 'signUps'>(
    table: K,
    pointer: 'signInId' | 'signUpId',
    clientId: string,
    attempt: StoreState[K][string],
  ) {
    const client = this.store.clients.get(clientId);
    if (!client) throw notFound('client');
    const records = this.core.state[table] as Record<string, SignInRecord | SignUpRecord>;
    const previous = client[pointer];
    if (previous) delete records[previous];
    for (const stale of Object.values(records)) if (stale.abandonAt < attempt.createdAt) delete records[stale.id];
    records[attempt.id] = attempt;
    client[pointer] = attempt.id;
  }

  /** Persists changes made to a sign-in or sign-up record in place. */
  save(attempt: SignInRecord | SignUpRecord) {
    this.core.change(() => attempt);
  }

  /** A completed attempt leaves the client (Clerk's client then shows `sign_in: null`) but stays readable by id. */
  finish(attempt: SignInRecord | SignUpRecord) {
    this.core.change(() => {
      const client = this.store.clients.get(attempt.clientId);
      if (client?.signInId === attempt.id) client.signInId = null;
      if (client?.signUpId === attempt.id) client.signUpId = null;
    });
  }
}

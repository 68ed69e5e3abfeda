/** The Frontend API's client: the browser's sessions and its sign-in and sign-up in progress. */
import type { ClientJSON, SessionJSON } from '@clerk/shared/types';
import type { ClientRecord, LocalClerkStore, SessionRecord } from '../store';
import { frontendSignInJSON, type SignInWire } from './sign-in';
import { frontendSignUpJSON, type SignUpWire } from './sign-up';

/** The client with its sign-in and sign-up as Clerk's servers name them (see `SignInWire`). */
type ClientWire = Omit<ClientJSON, 'sign_in' | 'sign_up'> & { sign_in: SignInWire | null; sign_up: SignUpWire | null };

/** `sessionJSON` serializes each active session with its token, which the Frontend API mints per request. */
export function frontendClientJSON(
  store: LocalClerkStore,
  client: ClientRecord,
  sessionJSON: (session: SessionRecord) => SessionJSON,
): ClientWire {
  const signIn = client.signInId ? store.attempts.getSignIn(client.signInId) : undefined;
  const signUp = client.signUpId ? store.attempts.getSignUp(client.signUpId) : undefined;
  return {
    object: 'client',
    id: client.id,
    sessions: store.sessions.activeOf(client.id).map(sessionJSON),
    sign_in: signIn ? frontendSignInJSON(store, signIn) : null,
    sign_up: signUp ? frontendSignUpJSON(signUp) : null,
    last_active_session_id: client.lastActiveSessionId,
    last_authentication_strategy: null,
    cookie_expires_at: null,
    captcha_bypass: true,
    created_at: client.createdAt,
    updated_at: client.updatedAt,
  };
}

/** Sign-in tokens (Backend API). */
import type * as Backend from '@clerk/backend';
import type { LocalClerkStore, SignInTokenRecord } from '../store';

/** `url` signs its user in on the app's sign-in page (Clerk's points at its own ticket endpoint, which redirects there). */
export const backendSignInTokenJSON = (store: LocalClerkStore, record: SignInTokenRecord): Backend.SignInTokenJSON => ({
  object: 'sign_in_token',
  id: record.id,
  user_id: record.userId,
  token: record.token,
  status: record.status,
  url: store.instance.ticketUrl('sign_in', record.token),
  created_at: record.createdAt,
  updated_at: record.updatedAt,
});

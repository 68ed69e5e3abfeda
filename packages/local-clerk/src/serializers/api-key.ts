/** API keys (both APIs answer the same object) and actor tokens (Backend API). */
import type * as Backend from '@clerk/backend';
import type { ApiKeyJSON } from '@clerk/shared/types';
import { isApiKeyExpired, type ActorTokenRecord, type ApiKeyRecord, type LocalClerkStore } from '../store';

/** The secret only when it was just created (Clerk shows it once; `GET /v1/api_keys/<id>/secret` reads it again). */
export const apiKeyJSON = (record: ApiKeyRecord, { withSecret = false } = {}): ApiKeyJSON & { object: 'api_key' } => ({
  object: 'api_key',
  id: record.id,
  type: 'api_key',
  subject: record.subject,
  name: record.name,
  description: record.description,
  claims: record.claims,
  scopes: record.scopes,
  ...(withSecret && { secret: record.secret }),
  revoked: record.revoked,
  revocation_reason: record.revocationReason,
  expired: isApiKeyExpired(record),
  expiration: record.expiration,
  created_by: record.createdBy,
  last_used_at: record.lastUsedAt,
  created_at: record.createdAt,
  updated_at: record.updatedAt,
});

/** `url` signs the actor in as the user on the app's sign-in page, as a sign-in token's does. */
export const actorTokenJSON = (store: LocalClerkStore, record: ActorTokenRecord): Backend.ActorTokenJSON => ({
  object: 'actor_token',
  id: record.id,
  status: record.status,
  user_id: record.userId,
  actor: record.actor,
  token: record.token,
  url: store.instance.ticketUrl('sign_in', record.token),
  created_at: record.createdAt,
  updated_at: record.updatedAt,
});

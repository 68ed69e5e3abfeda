/**
 * API keys (list, create, get, secret, revoke, verify) and actor tokens (create, revoke: impersonation).
 * `clerkClient.apiKeys` calls `/api_keys` without the `/v1` prefix (@clerk/backend's `skipApiVersionInUrl`).
 */
import { z } from 'zod';
import { parseInput } from '../errors';
import { Routes } from '../http';
import { actorTokenJSON, apiKeyJSON } from '../serializers/api-key';
import { ok, page, type BapiContext } from './context';

/** The spec's patterns: ids of 27 characters after the prefix. */
const subject = z.string().regex(/^(user|org)_\w{27}$/);

const createBody = z.strictObject({
  type: z.literal('api_key').optional(),
  name: z
    .string()
    .min(3)
    .regex(/^(\S(.*\S)?)?$/),
  description: z.string().max(255).nullable().optional(),
  subject,
  claims: z.record(z.string(), z.unknown()).nullable().optional(),
  scopes: z.array(z.string()).optional(),
  created_by: z
    .string()
    .regex(/^user_\w{27}$/)
    .nullable()
    .optional(),
  seconds_until_expiration: z.number().positive().nullable().optional(),
});

/** `@clerk/backend` sends `revocationReason` as is (camelCase), Clerk's spec `revocation_reason`: both are read. */
const revokeBody = z.object({ revocation_reason: z.string().nullable().optional(), revocationReason: z.string().nullable().optional() });

const actorTokenBody = z.strictObject({
  user_id: z.string(),
  actor: z.looseObject({ sub: z.string() }),
  expires_in_seconds: z.number().int().positive().optional(),
  session_max_duration_in_seconds: z.number().int().positive().optional(),
});

export const apiKeyRoutes = new Routes<BapiContext>('bapi/api-keys.ts')
  .on('GET', '/api_keys', ({ store, query }) => {
    const owner = parseInput(subject, query.get('subject'));
    const keys = store.apiKeys.list({
      subject: owner,
      includeInvalid: query.get('include_invalid') === 'true',
      query: query.get('query') ?? undefined,
    });
    return page(query, keys, (key) => apiKeyJSON(key));
  })
  .on('POST', '/api_keys', ({ store, body }) => {
    const input = parseInput(createBody, body);
    const key = store.apiKeys.create({
      subject: input.subject,
      name: input.name,
      description: input.description,
      scopes: input.scopes,
      claims: input.claims,
      createdBy: input.created_by,
      secondsUntilExpiration: input.seconds_until_expiration,
    });
    return ok(apiKeyJSON(key, { withSecret: true }));
  })
  .on('POST', '/api_keys/verify', ({ store, body }) => {
    const { secret } = parseInput(z.object({ secret: z.string().min(1) }), body);
    return ok(apiKeyJSON(store.apiKeys.verify(secret)));
  })
  .on('GET', '/api_keys/:id', ({ store }, { id }) => ok(apiKeyJSON(store.apiKeys.require(id!))))
  .on('GET', '/api_keys/:id/secret', ({ store }, { id }) => ok({ secret: store.apiKeys.require(id!).secret }))
  .on('POST', '/api_keys/:id/revoke', ({ store, body }, { id }) => {
    const input = parseInput(revokeBody, body);
    return ok(apiKeyJSON(store.apiKeys.revoke(id!, input.revocation_reason ?? input.revocationReason ?? null)));
  })
  .on('POST', '/v1/actor_tokens', ({ store, body }) => {
    const input = parseInput(actorTokenBody, body);
    const token = store.actorTokens.create({
      userId: input.user_id,
      actor: input.actor,
      expiresInSeconds: input.expires_in_seconds,
      sessionMaxDurationInSeconds: input.session_max_duration_in_seconds,
    });
    return ok(actorTokenJSON(store, token));
  })
  .on('POST', '/v1/actor_tokens/:id/revoke', ({ store }, { id }) => ok(actorTokenJSON(store, store.actorTokens.revoke(id!))));

/**
 * Sign-in tokens (create, revoke; `url` is the app's sign-in page with `__clerk_ticket`) and
 * testing tokens (for `@clerk/testing`'s `clerkSetup()`).
 */
import { z } from 'zod';
import { parseInput } from '../errors';
import { Routes } from '../http';
import { backendSignInTokenJSON } from '../serializers/sign-in-token';
import { backendTestingTokenJSON } from '../serializers/testing-token';
import { ok, type BapiContext } from './context';

const signInTokenBody = z.object({ user_id: z.string(), expires_in_seconds: z.number().int().positive().optional() });

export const tokenRoutes = new Routes<BapiContext>('bapi/tokens.ts')
  .on('POST', '/v1/sign_in_tokens', ({ store, body }) => {
    const input = parseInput(signInTokenBody, body);
    return ok(backendSignInTokenJSON(store, store.tickets.createSignInToken(input.user_id, input.expires_in_seconds)));
  })
  .on('POST', '/v1/sign_in_tokens/:id/revoke', ({ store }, { id }) =>
    ok(backendSignInTokenJSON(store, store.tickets.revokeSignInToken(id!))),
  )
  .on('POST', '/v1/testing_tokens', ({ store }) => ok(backendTestingTokenJSON(store.tickets.createTestingToken())));

/**
 * The Backend API stand-in: what @clerk/backend's `clerkClient` calls. JSON in and out,
 * snake_case, bearer-authenticated with the local secret key. One file per resource;
 * this router lists them in the order their routes match.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ClerkApiError } from '../errors';
import { errorResponse, isLoopbackAddress, parseBody, readBody, Router, sendJson, type JsonResponse } from '../http';
import { apiKeyRoutes } from './api-keys';
import { billingRoutes } from './billing';
import type { BackendApiDeps, BapiContext } from './context';
import { invitationRoutes } from './invitations';
import { jwksRoutes } from './jwks';
import { membershipRoutes } from './memberships';
import { organizationRoutes } from './organizations';
import { sessionRoutes } from './sessions';
import { tokenRoutes } from './tokens';
import { userRoutes } from './users';

export type { BackendApiDeps } from './context';

export const backendRoutes = new Router<BapiContext>([
  jwksRoutes,
  userRoutes,
  organizationRoutes,
  membershipRoutes,
  invitationRoutes,
  sessionRoutes,
  tokenRoutes,
  billingRoutes,
  apiKeyRoutes,
]);

function authorized(req: IncomingMessage, secretKey: string): boolean {
  const presented = Buffer.from(req.headers.authorization ?? '');
  const expected = Buffer.from(`Bearer ${secretKey}`);
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

export function createBackendApiHandler({ store, keys, log }: BackendApiDeps) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    let response: JsonResponse;
    try {
      if (!isLoopbackAddress(req.socket.remoteAddress)) {
        throw new ClerkApiError(403, 'forbidden', 'Local mode answers loopback requests only');
      }
      if (!authorized(req, keys.secretKey)) {
        throw new ClerkApiError(
          401,
          'authentication_invalid',
          'Unauthorized request',
          'The secret key is missing or is not the local secret key.',
        );
      }
      const url = new URL(req.url ?? '/', 'http://local-clerk.invalid');
      const method = req.method ?? 'GET';
      const route = backendRoutes.match(method, url.pathname);
      if (!route) {
        log(`Backend API: ${method} ${url.pathname} is not part of local mode; answered 404`);
        throw new ClerkApiError(
          404,
          'local_mode_unsupported',
          'Not available in local mode',
          `${method} ${url.pathname} is not part of local mode's Clerk stand-in.`,
        );
      }
      const body = await parseBody(await readBody(req), req.headers['content-type'] ?? 'application/json');
      response = await route.handler({ store, keys, query: url.searchParams, body }, route.params);
    } catch (error) {
      response = errorResponse(error, log);
    }
    sendJson(res, response);
  };
}

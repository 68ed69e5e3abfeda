import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { reverificationError } from '@clerk/nextjs/server';
import { authenticateApiKey } from '@/lib/api-keys/authenticate';
import { apiKeySessions } from '@/lib/auth/api-key-session';
import { apiKeyOf } from '@/lib/auth/bearer';
import { SENSITIVE_REVERIFICATION } from '@/lib/auth/guards';
import { db } from '@/lib/db';
import { AppError } from '@/lib/errors';
import { reportError, reportRequestError } from '@/lib/observability/report';
import { clientIp } from '@/lib/rate-limit';
import { readRateLimitConfig } from '@/lib/rate-limit/config';

export const jsonError = (status: number, error: string, message: string, extra: Record<string, unknown> = {}) =>
  NextResponse.json({ error, message, ...extra }, { status });

/** Maps anything a handler throws to the same JSON shape everywhere: an AppError's status (lib/errors.ts), 400 for bad input, else 500. */
export function errorResponse(error: unknown, request?: Request): NextResponse {
  if (error instanceof AppError) {
    // Also Clerk's hint (`clerk_error`), which useReverification() answers with its modal.
    const extra =
      error.code === 'reverification_required'
        ? reverificationError(SENSITIVE_REVERIFICATION)
        : error.detail
          ? { detail: error.detail }
          : {};
    return jsonError(error.status, error.code, error.message, extra);
  }
  if (error instanceof z.ZodError) {
    return jsonError(400, 'invalid_request', 'The request is not valid.', { issues: z.flattenError(error).fieldErrors });
  }
  // Caught here, so Next's onRequestError never sees it: reported the same way (one JSON line, Sentry when set).
  void (request
    ? reportRequestError(error, request, { route: new URL(request.url).pathname, kind: 'route' })
    : reportError(error, { kind: 'route' }));
  return jsonError(500, 'internal_error', 'Something went wrong on our side. Try again.');
}

type RouteContext<P> = { params: Promise<P> };

/** Clerk's names for what may authenticate a request (`auth({ acceptsToken })`). */
export type AcceptedToken = 'session_token' | 'api_key';
/** Routes an organization's integrations call: a signed-in session or an API key (docs/api-keys.md). */
export const SESSION_OR_API_KEY: readonly AcceptedToken[] = ['session_token', 'api_key'];

interface HandlerSpec<S, B extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  /** The guard: returns the session (or whatever the handler needs) or throws an AppError. */
  guard: () => Promise<S>;
  /** Default `['session_token']`. With `'api_key'`, an `Authorization: Bearer ak_…` request is the key's (lib/api-keys). */
  accepts?: readonly AcceptedToken[];
  body?: B;
  params?: P;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * One wrapper for route handlers: guard, then zod-parse params and JSON body,
 * then run. Every failure maps through `errorResponse`. A request bearing an API key
 * (`Authorization: Bearer ak_…`) is authenticated first, and only where `accepts` names it.
 */
export function handler<S, B extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  spec: HandlerSpec<S, B, P>,
  run: (input: { session: S; body: Infer<B>; params: Infer<P>; request: Request }) => Promise<Response | unknown>,
) {
  const serve = async (request: Request, context: RouteContext<unknown>): Promise<Response> => {
    try {
      const session = await spec.guard();
      const params = (spec.params ? spec.params.parse(await context?.params) : undefined) as Infer<P>;
      const body = (spec.body ? spec.body.parse(await request.json().catch(() => undefined)) : undefined) as Infer<B>;
      const result = await run({ session, body, params, request });
      return result instanceof Response ? result : NextResponse.json(result);
    } catch (error) {
      return errorResponse(error, request);
    }
  };
  const acceptsApiKey = spec.accepts?.includes('api_key') ?? false;
  return async (request: Request, context: RouteContext<unknown>): Promise<Response> => {
    const secret = apiKeyOf(request.headers);
    if (!secret) return serve(request, context);
    try {
      if (!acceptsApiKey) throw new AppError('api_key_not_accepted', 'This route takes a signed-in session, not an API key.');
      const session = await authenticateApiKey(db, secret, clientIp(request.headers, readRateLimitConfig().trustedProxy));
      // The guard and the handler see the key's session: the same guards and `can()` decide.
      return await apiKeySessions.run(session, () => serve(request, context));
    } catch (error) {
      return errorResponse(error, request);
    }
  };
}

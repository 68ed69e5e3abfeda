import 'server-only';
import { NextResponse } from 'next/server';
import { z } from 'zod';
import { reverificationError } from '@clerk/nextjs/server';
import { SENSITIVE_REVERIFICATION } from '@/lib/auth/guards';
import { AppError } from '@/lib/errors';
import { reportError, reportRequestError } from '@/lib/observability/report';

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

interface HandlerSpec<S, B extends z.ZodType | undefined, P extends z.ZodType | undefined> {
  /** The guard: returns the session (or whatever the handler needs) or throws an AppError. */
  guard: () => Promise<S>;
  body?: B;
  params?: P;
}

type Infer<T> = T extends z.ZodType ? z.infer<T> : undefined;

/**
 * One wrapper for route handlers: guard, then zod-parse params and JSON body,
 * then run. Every failure maps through `errorResponse`.
 */
export function handler<S, B extends z.ZodType | undefined = undefined, P extends z.ZodType | undefined = undefined>(
  spec: HandlerSpec<S, B, P>,
  run: (input: { session: S; body: Infer<B>; params: Infer<P>; request: Request }) => Promise<Response | unknown>,
) {
  return async (request: Request, context: RouteContext<unknown>): Promise<Response> => {
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
}

import { clerkMiddleware } from '@clerk/nextjs/server';
import { NextResponse, type NextFetchEvent, type NextRequest } from 'next/server';
import { decideAccess, type AccessDecision, type EdgeAuthState } from '@/lib/auth/access';
import { apiKeyOf } from '@/lib/auth/bearer';
import { clerkServerOptions } from '@/lib/auth/clerk-options';
import { currentSessionTask } from '@/lib/auth/session-tasks';
import { rateLimit, rateLimitHeaders, tooManyRequests } from '@/lib/rate-limit';

const respond = async (decision: AccessDecision, request: NextRequest, sessionId: string | null): Promise<NextResponse> => {
  switch (decision.kind) {
    case 'allow':
      return NextResponse.next();
    case 'json': {
      const { error, message, tasksUrl } = decision;
      // A pending session's API call is told which task blocks it, and where to finish it.
      const task = tasksUrl && sessionId ? { task: await currentSessionTask(sessionId), tasks_url: tasksUrl } : {};
      return NextResponse.json({ error, message, ...task }, { status: decision.status });
    }
    case 'redirect':
      return NextResponse.redirect(new URL(decision.to, request.url));
    case 'load-as-document':
      // Not a Flight payload: Next's router loads the URL as a document instead (a prefetch is dropped).
      return new NextResponse(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  }
};

async function decide(request: NextRequest, state: EdgeAuthState): Promise<NextResponse> {
  // APIs are limited before the access decision, so signed-out callers are limited too (by address).
  const limit = await rateLimit(request, state.userId);
  if (limit && !limit.success) return tooManyRequests(limit);

  const response = await respond(decideAccess(request, state), request, state.sessionId ?? null);
  if (limit) for (const [name, value] of Object.entries(rateLimitHeaders(limit))) response.headers.set(name, value);
  return response;
}

// Pending sessions (a session task to finish) are signed in here, so decideAccess can send them to the task.
const withClerk = clerkMiddleware(
  async (auth, request) => decide(request, await auth({ treatPendingAsSignedOut: false })),
  clerkServerOptions,
);

/**
 * A request bearing an API key skips Clerk's middleware, which would verify the key on every request
 * (a billed Backend API call, before any rate limit): it is counted, then the route handler verifies
 * it, with a cache (lib/api-keys). It carries no session.
 */
export default function middleware(request: NextRequest, event: NextFetchEvent) {
  return apiKeyOf(request.headers) ? decide(request, { userId: null }) : withClerk(request, event);
}

export const config = {
  matcher: [
    // Everything but Next internals, static files and local mode's Frontend API proxy.
    '/((?!_next|clerk-fapi|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest|txt)).*)',
    '/(api|trpc)(.*)',
    // Clerk's Frontend API proxy, which clerkMiddleware itself answers (auto-enabled on *.vercel.app with a
    // production key): clerk-js and @clerk/ui load through it, so its .js files must reach the middleware too.
    '/__clerk/:path*',
  ],
};

import { clerkMiddleware } from '@clerk/nextjs/server';
import { NextResponse } from 'next/server';
import { decideAccess } from '@/lib/auth/access';
import { clerkServerOptions } from '@/lib/auth/clerk-options';

export default clerkMiddleware(async (auth, request) => {
  const decision = decideAccess(request, await auth());
  switch (decision.kind) {
    case 'allow':
      return NextResponse.next();
    case 'json':
      return NextResponse.json({ error: decision.error, message: decision.message }, { status: decision.status });
    case 'redirect':
      return NextResponse.redirect(new URL(decision.to, request.url));
  }
}, clerkServerOptions);

export const config = {
  matcher: [
    // Everything but Next internals, static files and local mode's Frontend API proxy.
    '/((?!_next|clerk-fapi|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest|txt)).*)',
    '/(api|trpc)(.*)',
  ],
};

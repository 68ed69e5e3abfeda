import 'server-only';
import { auth, currentUser } from '@clerk/nextjs/server';
import { trace } from '@opentelemetry/api';
import { cache } from 'react';
import { appRoleFromClaims } from './access';
import { apiKeySessions } from './api-key-session';
import { entitlementsFromClaims } from './claims';
import { isOrgRole, type AppRole, type OrgRole, type Subject } from './permissions';
import type { Actor } from './scope';
import { type Entitlements } from '@/lib/billing/plans';

export interface SessionContext extends Subject {
  userId: string;
  role: AppRole | null;
  orgId: string | null;
  orgSlug: string | null;
  orgRole: OrgRole | null;
  /** The user's and the active organization's plans and features (`pla`/`fea`; default plans when absent). */
  entitlements: Entitlements;
  /** Clerk's `has()`, for reverification and anything else the token carries. */
  has: Awaited<ReturnType<typeof auth>>['has'];
  /** Someone acting for the user (an API key, an impersonating admin); null when it is the user. */
  actor: Actor | null;
}

/**
 * The verified session from the middleware, shaped for `can()`, or on an API key request the key's
 * (lib/http/handler.ts runs the guard inside `apiKeySessions`). Null when signed out. Once per
 * request (React `cache()`): a layout and its page both guard themselves.
 */
export const getSession = cache(async (): Promise<SessionContext | null> => {
  const key = apiKeySessions.getStore();
  if (key) return key;
  const state = await auth();
  if (!state.userId) return null;
  // Who the request's span belongs to: Clerk ids only (never an email, a name or the token). A no-op without a collector.
  trace.getActiveSpan()?.setAttributes({ 'enduser.id': state.userId, ...(state.orgId ? { 'organization.id': state.orgId } : {}) });
  return {
    userId: state.userId,
    role: appRoleFromClaims(state.sessionClaims),
    orgId: state.orgId ?? null,
    orgSlug: state.orgSlug ?? null,
    orgRole: isOrgRole(state.orgRole) ? state.orgRole : null,
    entitlements: entitlementsFromClaims(state.sessionClaims, Boolean(state.orgId)),
    has: state.has,
    // Clerk's `act` claim: an actor token's session (impersonation), `sub` being the admin.
    actor: state.actor?.sub ? { type: 'impersonator', userId: state.actor.sub } : null,
  };
});

/**
 * The signed-in user's full profile from Clerk's Backend API: one network round
 * trip, so at most once per request (React `cache()`), and only where profile
 * data is shown. Id, role and organization come from the session (`getSession()`),
 * everything else the app lists from its database.
 */
export const getCurrentUser = cache(() => currentUser());

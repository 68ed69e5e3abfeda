import 'server-only';
import { auth, currentUser } from '@clerk/nextjs/server';
import { trace } from '@opentelemetry/api';
import { cache } from 'react';
import { appRoleFromClaims } from './access';
import { entitlementsFromClaims } from './claims';
import { isOrgRole, type AppRole, type OrgRole, type Subject } from './permissions';
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
}

/**
 * The verified session from the middleware, shaped for `can()`. Null when signed out. Once per
 * request (React `cache()`): a layout and its page both guard themselves.
 */
export const getSession = cache(async (): Promise<SessionContext | null> => {
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
  };
});

/**
 * The signed-in user's full profile from Clerk's Backend API: one network round
 * trip, so at most once per request (React `cache()`), and only where profile
 * data is shown. Id, role and organization come from the session (`getSession()`),
 * everything else the app lists from its database.
 */
export const getCurrentUser = cache(() => currentUser());

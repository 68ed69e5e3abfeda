import 'server-only';
import { auth } from '@clerk/nextjs/server';
import { redirect } from 'next/navigation';
import { PLANS, UPGRADE_PLAN, can, hasEntitlement, type Action, type AppRole, type Feature, type Resource } from './permissions';
import { PRICING_PATH, SIGN_IN_PATH, UNAUTHORIZED_PATH, safeReturnPath, selectOrgPath } from './routes';
import { getSession, type SessionContext } from './session';

export type AuthErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'no_active_organization'
  | 'reverification_required'
  | 'upgrade_required';

const STATUS = {
  unauthenticated: 401,
  forbidden: 403,
  no_active_organization: 403,
  reverification_required: 403,
  // Payment Required: the role allows it, the plan does not.
  upgrade_required: 402,
} as const satisfies Record<AuthErrorCode, number>;
type AuthErrorStatus = (typeof STATUS)[AuthErrorCode];

/** Thrown by guards; route handlers map it to 401/403 JSON, pages to redirects. */
export class AuthError extends Error {
  readonly status: AuthErrorStatus;
  constructor(readonly code: AuthErrorCode, message: string) {
    super(message);
    this.name = 'AuthError';
    this.status = STATUS[code];
  }
}

export interface OrgSessionContext extends SessionContext {
  orgId: string;
  orgSlug: string;
}

export async function requireUser(): Promise<SessionContext> {
  const session = await getSession();
  if (!session) throw new AuthError('unauthenticated', 'Sign in to continue.');
  return session;
}

export async function requireRole(role: AppRole): Promise<SessionContext> {
  const session = await requireUser();
  if (session.role !== role) throw new AuthError('forbidden', `This needs the ${role} role.`);
  return session;
}

export async function requirePermission(resource: Resource, action: Action): Promise<SessionContext> {
  const session = await requireUser();
  if (!can(session, resource, action)) throw new AuthError('forbidden', `Your role may not ${action} ${resource}.`);
  return session;
}

/** A session with an active organization: tenant data is always scoped by `orgId` from here. */
export async function requireOrg(): Promise<OrgSessionContext> {
  const session = await requireUser();
  if (!session.orgId || !session.orgSlug) {
    throw new AuthError('no_active_organization', 'Choose an organization first (no active organization in this session).');
  }
  return session as OrgSessionContext;
}

export async function requireOrgPermission(resource: Resource, action: Action): Promise<OrgSessionContext> {
  const session = await requireOrg();
  if (!can(session, resource, action)) throw new AuthError('forbidden', `Your role may not ${action} ${resource} in this organization.`);
  return session;
}

/** The refusal for a feature the plan lacks: the UI turns `upgrade_required` into an upgrade prompt. */
export const upgradeRequired = (message: string) => new AuthError('upgrade_required', `${message} Upgrade to ${PLANS[UPGRADE_PLAN].name} to lift it.`);

/** Like `requireOrgPermission`, for a plan's feature: the user's or the active organization's. */
export async function requireFeature(feature: Feature): Promise<SessionContext> {
  const session = await requireUser();
  if (!hasEntitlement(session, { feature })) throw upgradeRequired(`Your plan does not include ${feature}.`);
  return session;
}

export async function requireOrgAdmin(): Promise<OrgSessionContext> {
  const session = await requireOrg();
  if (session.orgRole !== 'org:admin') throw new AuthError('forbidden', 'Only organization admins can do this.');
  return session;
}

/**
 * Clerk's reverification for sensitive operations (changing roles, deleting an
 * organization): Clerk's `strict_mfa` preset. A user with a second factor must have
 * verified both their password and it within the last 10 minutes (Clerk's modal asks
 * for each); a user without one (the session token's `fva[1]` is -1) only their password.
 */
export const SENSITIVE_REVERIFICATION = { level: 'multi_factor', afterMinutes: 10 } as const;

/**
 * After the guard that identified the user: Clerk checks the session's `fva`
 * claim. Refusals answer with Clerk's `reverificationError` (lib/http/handler.ts,
 * lib/actions/action.ts), which `useReverification()` turns into Clerk's modal.
 */
export async function requireReverification(): Promise<void> {
  const { has } = await auth();
  if (!has({ reverification: SENSITIVE_REVERIFICATION })) {
    throw new AuthError('reverification_required', 'Confirm it is you (your password or second factor), then try again.');
  }
}

/** `requireOrgAdmin` plus Clerk's reverification: changing a member's role, deleting the organization. */
export async function requireOrgAdminReverified(): Promise<OrgSessionContext> {
  const session = await requireOrgAdmin();
  await requireReverification();
  return session;
}

/** `requirePermission` plus Clerk's reverification, for sensitive operations (changing roles). */
export async function requireSensitivePermission(resource: Resource, action: Action) {
  const session = await requirePermission(resource, action);
  await requireReverification();
  return session;
}

const PAGE_REDIRECTS: Record<AuthErrorCode, (returnTo: string) => string> = {
  unauthenticated: (returnTo) => `${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(safeReturnPath(returnTo))}`,
  no_active_organization: () => selectOrgPath('no-active-organization'),
  forbidden: () => UNAUTHORIZED_PATH,
  reverification_required: () => UNAUTHORIZED_PATH,
  upgrade_required: () => PRICING_PATH,
};

/**
 * Runs a guard for a page (server component): an AuthError becomes the same
 * redirect the middleware would answer with; anything else propagates.
 * `returnTo` is where signing in should bring the user back.
 */
export async function guardPage<T>(guard: () => Promise<T>, returnTo: string): Promise<T> {
  try {
    return await guard();
  } catch (error) {
    if (error instanceof AuthError) redirect(PAGE_REDIRECTS[error.code](returnTo));
    throw error;
  }
}

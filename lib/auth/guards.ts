import 'server-only';
import { auth } from '@clerk/nextjs/server';
import { hasEntitlement, upgradeRequired, type Feature } from '@/lib/billing/plans';
import { AppError } from '@/lib/errors';
import { can, isSensitive, type Action, type AppRole, type Resource } from './permissions';
import { getSession, type SessionContext } from './session';

export interface OrgSessionContext extends SessionContext {
  orgId: string;
  orgSlug: string;
}

export async function requireUser(): Promise<SessionContext> {
  const session = await getSession();
  if (!session) throw new AppError('unauthenticated', 'Sign in to continue.');
  return session;
}

export async function requireRole(role: AppRole): Promise<SessionContext> {
  const session = await requireUser();
  // An API key acts through the matrix and its scopes only, never as its creator's app role.
  if (session.role !== role || session.actor?.type === 'api_key') throw new AppError('forbidden', `This needs the ${role} role.`);
  return session;
}

/** An admin impersonating the user may look and act, but not do what `isSensitive` names (role changes, deletions, billing, API keys). */
function refuseWhileImpersonating(session: SessionContext, resource: Resource, action: Action) {
  if (session.actor?.type === 'impersonator' && isSensitive(resource, action)) {
    throw new AppError('impersonation_refused', `Not while impersonating: ${action} ${resource} is for the user in person.`);
  }
}

export async function requirePermission(resource: Resource, action: Action): Promise<SessionContext> {
  const session = await requireUser();
  if (!can(session, resource, action)) throw new AppError('forbidden', `Your role may not ${action} ${resource}.`);
  refuseWhileImpersonating(session, resource, action);
  return session;
}

/** A session with an active organization: tenant data is always scoped by `orgId` from here. */
export async function requireOrg(): Promise<OrgSessionContext> {
  const session = await requireUser();
  if (!session.orgId || !session.orgSlug) {
    throw new AppError('no_active_organization', 'Choose an organization first (no active organization in this session).');
  }
  return session as OrgSessionContext;
}

export async function requireOrgPermission(resource: Resource, action: Action): Promise<OrgSessionContext> {
  const session = await requireOrg();
  if (!can(session, resource, action)) {
    throw new AppError('forbidden', `${session.scopes ? 'This API key' : 'Your role'} may not ${action} ${resource} in this organization.`);
  }
  refuseWhileImpersonating(session, resource, action);
  return session;
}

/** Like `requireOrgPermission`, for a plan's feature: the user's or the active organization's. */
export async function requireFeature(feature: Feature): Promise<SessionContext> {
  const session = await requireUser();
  if (!hasEntitlement(session, { feature })) throw upgradeRequired(`Your plan does not include ${feature}.`);
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
export async function requireReverification(session?: Pick<SessionContext, 'has'>): Promise<void> {
  // The guarded session's own check: an API key's session has none to pass, whatever cookie rides along.
  const { has } = session ?? (await auth());
  if (!has({ reverification: SENSITIVE_REVERIFICATION })) {
    throw new AppError('reverification_required', 'Confirm it is you (your password or second factor), then try again.');
  }
}

/** `requireOrgPermission` plus Clerk's reverification: changing a member's role, deleting the organization. */
export async function requireSensitiveOrgPermission(resource: Resource, action: Action): Promise<OrgSessionContext> {
  const session = await requireOrgPermission(resource, action);
  await requireReverification(session);
  return session;
}

/** `requirePermission` plus Clerk's reverification, for sensitive operations (changing roles). */
export async function requireSensitivePermission(resource: Resource, action: Action) {
  const session = await requirePermission(resource, action);
  await requireReverification(session);
  return session;
}

import 'server-only';
import { can, type Action, type AppRole, type Resource } from './permissions';
import { getSession, type SessionContext } from './session';

export type AuthErrorCode =
  | 'unauthenticated'
  | 'forbidden'
  | 'no_active_organization'
  | 'reverification_required';

const STATUS: Record<AuthErrorCode, 401 | 403> = {
  unauthenticated: 401,
  forbidden: 403,
  no_active_organization: 403,
  reverification_required: 403,
};

/** Thrown by guards; route handlers map it to 401/403 JSON, pages to redirects. */
export class AuthError extends Error {
  readonly status: 401 | 403;
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

export async function requireOrgAdmin(): Promise<OrgSessionContext> {
  const session = await requireOrg();
  if (session.orgRole !== 'org:admin') throw new AuthError('forbidden', 'Only organization admins can do this.');
  return session;
}

/**
 * Step-up for sensitive operations: when the session says a second factor was
 * verified within `maxAgeMinutes` (`fva`), pass; otherwise ask for reverification.
 */
export function requireRecentSecondFactor(session: SessionContext, maxAgeMinutes = 10): void {
  if (!session.has({ reverification: { level: 'second_factor', afterMinutes: maxAgeMinutes } })) {
    throw new AuthError('reverification_required', 'Confirm it is you with your second factor, then try again.');
  }
}

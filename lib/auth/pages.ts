import 'server-only';
import { redirect } from 'next/navigation';
import { AppError, type ErrorCode } from '@/lib/errors';
import { requireOrg, requireOrgPermission, type OrgSessionContext } from './guards';
import {
  ORG_SECTIONS,
  PRICING_PATH,
  SIGN_IN_PATH,
  UNAUTHORIZED_PATH,
  orgPath,
  safeReturnPath,
  selectOrgPath,
  type OrgSection,
} from './routes';

/** Where a page sends a refused visitor: the same places the middleware would. */
function refusalPath(code: ErrorCode, returnTo: string): string {
  switch (code) {
    case 'unauthenticated':
      return `${SIGN_IN_PATH}?redirect_url=${encodeURIComponent(safeReturnPath(returnTo))}`;
    case 'no_active_organization':
      return selectOrgPath('no-active-organization');
    case 'upgrade_required':
      return PRICING_PATH;
    default:
      return UNAUTHORIZED_PATH;
  }
}

/**
 * The guard of a page (server component): runs a guard from ./guards, and turns
 * its refusal into a redirect. `returnTo` is the page's own path, where signing
 * in brings the user back.
 */
export async function guardPage<T>(guard: () => Promise<T>, returnTo: string): Promise<T> {
  try {
    return await guard();
  } catch (error) {
    if (error instanceof AppError) redirect(refusalPath(error.code, returnTo));
    throw error;
  }
}

/**
 * The guard of every /org/[slug] layout and page (they render in parallel, so
 * each one checks): the URL's slug must be the session's active organization,
 * else /select-org; a section's permission (ORG_SECTIONS) else /unauthorized.
 */
export async function guardOrgPage(slug: string, section?: OrgSection): Promise<OrgSessionContext> {
  const needs = section ? ORG_SECTIONS[section] : null;
  const session = await guardPage(needs ? () => requireOrgPermission(needs[0], needs[1]) : requireOrg, orgPath(slug, section));
  if (session.orgSlug !== slug) redirect(selectOrgPath('not-a-member', slug));
  return session;
}

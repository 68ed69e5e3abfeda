import { Info } from 'lucide-react';
import type { Metadata } from 'next';
import { OrganizationChooser } from '@/components/org/organization-chooser';
import { requireUser } from '@/lib/auth/guards';
import { guardPage } from '@/lib/auth/pages';
import { SELECT_ORG_PATH, SELECT_ORG_REASONS, type SelectOrgReason } from '@/lib/auth/routes';
import { db } from '@/lib/db';
import { listOrganizationsForUser } from '@/lib/organizations/reads';

export const metadata: Metadata = { title: 'Choose an organization' };

const REASONS: Record<SelectOrgReason, (slug: string | undefined) => string> = {
  'not-a-member': (slug) =>
    slug
      ? `You are not a member of the organization “${slug}”, or it does not exist.`
      : 'You are not a member of that organization, or it does not exist.',
  'no-active-organization': () => 'That page works inside an organization, and none is active.',
};

/**
 * Where the app sends a session without a matching active organization, with
 * the reason in `?reason=` (and `slug=`). Choosing, joining or creating one
 * makes it active and opens it.
 */
export default async function SelectOrganizationPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { userId } = await guardPage(requireUser, SELECT_ORG_PATH);
  const { reason, slug } = await searchParams;
  const known = SELECT_ORG_REASONS.find((candidate) => candidate === reason);
  const organizations = await listOrganizationsForUser(db, userId);

  return (
    <div className="mx-auto grid max-w-xl justify-items-center gap-6">
      <div className="text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Choose an organization</h1>
        {known && (
          <p role="status" className="mt-3 inline-flex items-start gap-2 rounded-md border bg-muted/50 px-3 py-2 text-left text-sm">
            <Info className="mt-0.5 size-4 shrink-0 text-primary" aria-hidden />
            {REASONS[known](typeof slug === 'string' ? slug : undefined)}
          </p>
        )}
        <p className="mt-3 text-muted-foreground">
          {organizations.length === 0
            ? 'You do not belong to an organization yet. Accept an invitation below, or create your own organization.'
            : 'Projects, members and settings belong to an organization. Pick one of yours, accept an invitation, or create a new one.'}
        </p>
      </div>
      <OrganizationChooser organizations={organizations} />
    </div>
  );
}

import { OrganizationList } from '@clerk/nextjs';
import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Choose an organization' };

/**
 * Where /org/* sends a session without a matching active organization.
 * Choosing or creating one makes it active and opens its dashboard.
 */
export default function SelectOrganizationPage() {
  return (
    <div className="mx-auto grid max-w-xl justify-items-center gap-6">
      <div className="text-center">
        <h1 className="text-2xl font-semibold tracking-tight">Choose an organization</h1>
        <p className="mt-2 text-muted-foreground">
          Projects, members and settings belong to an organization. Pick one of yours, accept an invitation, or create a new one.
        </p>
      </div>
      <OrganizationList
        hidePersonal
        afterSelectOrganizationUrl="/org/:slug"
        afterCreateOrganizationUrl="/org/:slug"
        // The page's own heading says it; Clerk's card would repeat it as a second <h1>.
        appearance={{ elements: { header: { display: 'none' } } }}
      />
    </div>
  );
}

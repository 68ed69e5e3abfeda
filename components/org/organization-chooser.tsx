'use client';

import { useClerk, useOrganizationList, useUser } from '@clerk/nextjs';
import { Building2, Check, Plus, X } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState, type MouseEvent } from 'react';
import { toast } from 'sonner';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { isOrgRole } from '@/lib/auth/permissions';
import { declineInvitationAction } from '@/lib/organizations/actions';
import { ORG_ROLE_LABELS } from '@/lib/organizations/rules';
import { orgPath } from '@/lib/auth/routes';

export interface ChooserOrganization {
  id: string;
  name: string;
  /** Null until Clerk's webhook delivers it (an organization without a slug has no page). */
  slug: string | null;
}

/**
 * The one screen that gets a user into an organization: their pending
 * invitations (accepting one opens it; declining revokes it, through the
 * server, since Clerk's Frontend API has no decline), their organizations
 * (from the server), and creating one (Clerk's <CreateOrganization>, in a modal).
 * An invitation accepted elsewhere (the switcher in the header) moves from
 * one list to the other here: both follow the user's memberships in clerk-js.
 */
export function OrganizationChooser({ organizations }: { organizations: ChooserOrganization[] }) {
  const clerk = useClerk();
  const router = useRouter();
  const { user } = useUser();
  const { isLoaded, userInvitations, setActive } = useOrganizationList({ userInvitations: { infinite: true, keepPreviousData: true } });
  const [busy, setBusy] = useState<{ id: string; answer: 'accept' | 'decline' } | null>(null);
  const [declined, setDeclined] = useState<ReadonlySet<string>>(new Set());
  const [error, setError] = useState<string | null>(null);

  const membershipIds = user ? user.organizationMemberships.map((membership) => membership.organization.id).join() : null;
  const { revalidate } = userInvitations;
  // Once per change of the user's memberships (not on first load): refetch the invitations and the server's list.
  const seen = useRef<string | null>(null);
  useEffect(() => {
    if (membershipIds === null || seen.current === membershipIds) return;
    const first = seen.current === null;
    seen.current = membershipIds;
    if (first) return;
    void revalidate?.();
  }, [membershipIds, revalidate]);

  const joined = new Set(membershipIds?.split(','));
  // The server's list (the database), plus memberships clerk-js knows of before their webhook arrives.
  const fromClerk = (user?.organizationMemberships ?? []).map(({ organization }) => ({
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
  }));
  const listed = [...organizations, ...fromClerk.filter((clerkOrg) => !organizations.some((org) => org.id === clerkOrg.id))].flatMap(
    ({ id, name, slug }) => (slug ? [{ id, name, slug }] : []),
  );
  const invitations = (userInvitations.data ?? []).filter(
    (invitation) => !joined.has(invitation.publicOrganizationData.id) && !declined.has(invitation.id),
  );

  async function accept(invitation: (typeof invitations)[number]) {
    setBusy({ id: invitation.id, answer: 'accept' });
    setError(null);
    try {
      await invitation.accept();
      await setActive?.({ organization: invitation.publicOrganizationData.id });
      router.push(invitation.publicOrganizationData.slug ? orgPath(invitation.publicOrganizationData.slug) : '/dashboard');
    } catch {
      setError(
        `The invitation to ${invitation.publicOrganizationData.name} could not be accepted. It may have been revoked; reload to see.`,
      );
      setBusy(null);
    }
  }

  async function decline(invitation: (typeof invitations)[number]) {
    const { id: organizationId, name } = invitation.publicOrganizationData;
    setBusy({ id: invitation.id, answer: 'decline' });
    setError(null);
    const result = await declineInvitationAction({ organizationId, invitationId: invitation.id }).catch(() => ({
      ok: false as const,
      error: 'Could not reach the server. Check your connection and try again.',
    }));
    setBusy(null);
    if (!result.ok) {
      setError(`The invitation to ${name} could not be declined: ${result.error}`);
      return;
    }
    setDeclined((previous) => new Set(previous).add(invitation.id));
    toast.success(`Declined the invitation to ${name}.`);
    void revalidate?.();
  }

  // Activating first, as Clerk's own lists do: a session token from before joining does not yet name the organization.
  async function open(event: MouseEvent<HTMLAnchorElement>, organization: { id: string; slug: string }) {
    event.preventDefault();
    await setActive?.({ organization: organization.id }).catch(() => undefined);
    router.push(orgPath(organization.slug));
  }

  const create = () =>
    clerk.openCreateOrganization({
      afterCreateOrganizationUrl: (organization) => orgPath(organization.slug ?? ''),
      skipInvitationScreen: true,
    });

  return (
    <div className="grid w-full max-w-xl gap-6">
      {invitations.length > 0 && (
        <section aria-labelledby="invitations-heading" className="grid gap-2">
          <h2 id="invitations-heading" className="text-sm font-semibold">
            Invitations for you
          </h2>
          <ul className="divide-y rounded-lg border" aria-label="Invitations">
            {invitations.map((invitation) => (
              <li key={invitation.id} className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
                <span className="flex min-w-0 items-center gap-2">
                  <Building2 className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                  <span className="break-words font-medium">{invitation.publicOrganizationData.name}</span>
                  {isOrgRole(invitation.role) && <Badge>{ORG_ROLE_LABELS[invitation.role]}</Badge>}
                </span>
                <span className="flex gap-2">
                  <Button
                    size="sm"
                    variant="outline"
                    onClick={() => decline(invitation)}
                    disabled={busy !== null}
                    aria-label={`Decline the invitation to ${invitation.publicOrganizationData.name}`}
                  >
                    <X className="size-4" aria-hidden />
                    {busy?.id === invitation.id && busy.answer === 'decline' ? 'Declining…' : 'Decline'}
                  </Button>
                  <Button
                    size="sm"
                    onClick={() => accept(invitation)}
                    disabled={busy !== null}
                    aria-label={`Accept the invitation to ${invitation.publicOrganizationData.name}`}
                  >
                    <Check className="size-4" aria-hidden />
                    {busy?.id === invitation.id && busy.answer === 'accept' ? 'Joining…' : 'Accept and open'}
                  </Button>
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p role="alert" className="text-sm text-destructive empty:hidden">
        {error}
      </p>

      {listed.length > 0 && (
        <section aria-labelledby="organizations-heading" className="grid gap-2">
          <h2 id="organizations-heading" className="text-sm font-semibold">
            Your organizations
          </h2>
          <ul className="divide-y rounded-lg border" aria-label="Your organizations">
            {listed.map((organization) => (
              <li key={organization.id}>
                <Link
                  href={orgPath(organization.slug)}
                  onClick={(event) => open(event, organization)}
                  className="flex items-center gap-2 px-4 py-3 font-medium hover:bg-muted"
                >
                  <Building2 className="size-4 shrink-0 text-muted-foreground" aria-hidden />
                  {organization.name}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <div className="grid justify-items-center gap-2 text-center">
        {!isLoaded && <p className="text-sm text-muted-foreground">Looking for invitations…</p>}
        <Button variant={invitations.length || listed.length ? 'outline' : 'default'} onClick={create}>
          <Plus className="size-4" aria-hidden />
          Create organization
        </Button>
      </div>
    </div>
  );
}

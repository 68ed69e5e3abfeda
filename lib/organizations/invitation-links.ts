import 'server-only';
import { clerkClient } from '@clerk/nextjs/server';
import { env } from '@/lib/env/server';

/**
 * Local mode sends no email, so the members page shows the link Clerk's
 * invitation email carries (the invitation's `url`: sign up or in, and join),
 * to copy and pass on. With a Clerk instance the invitee gets the email: none.
 */
export async function localInvitationLinks(organizationId: string): Promise<Record<string, string>> {
  if (!env.localMode) return {};
  const { data } = await (
    await clerkClient()
  ).organizations.getOrganizationInvitationList({ organizationId, status: ['pending'], limit: 100 });
  return Object.fromEntries(data.flatMap((invitation) => (invitation.url ? [[invitation.id, invitation.url]] : [])));
}

/** The payer (`commerce_payer`): the user, or the organization with the user who acted. */
import type { LocalClerkStore, Payer, SubscriptionRecord } from '../../store';
import { organizationImage, userImage } from '../images';
import { INSTANCE_ID } from './shared';

/** The payer: the user, or the organization (with the user who acted). */
export function payerJSON(store: LocalClerkStore, payer: Payer, payerId: string, actingUserId?: string) {
  const user = store.users.get(payer.type === 'user' ? payer.id : (actingUserId ?? ''));
  const organization = payer.type === 'org' ? store.organizations.get(payer.id) : undefined;
  return {
    object: 'commerce_payer' as const,
    id: payerId,
    instance_id: INSTANCE_ID,
    user_id: user?.id ?? null,
    first_name: user?.firstName ?? null,
    last_name: user?.lastName ?? null,
    email: user ? (store.users.primaryEmail(user) ?? null) : null,
    organization_id: organization?.id ?? null,
    organization_name: organization?.name ?? null,
    image_url: organization ? organizationImage(store, organization) : user ? userImage(store, user) : '',
  };
}

export const lastActorOf = (store: LocalClerkStore, subscription: SubscriptionRecord) =>
  subscription.payer.type === 'user' ? subscription.payer.id : store.billing.payments(subscription.payer)[0]?.userId;

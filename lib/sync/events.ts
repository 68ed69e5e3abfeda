import { z } from 'zod';
import { toMillis } from './time';

/**
 * Clerk webhook payloads, as far as the sync reads them: only the fields it
 * uses are required. Names follow @clerk/backend's `*JSON` interfaces and its
 * `WebhookEvent` union; objects are loose, so fields Clerk adds never fail a delivery.
 */

const id = z.string().min(1);
/** A Clerk stamp, in seconds or milliseconds; read as milliseconds (see ./time). */
const millis = z.number().nonnegative().transform(toMillis);
const optionalText = z.string().nullish();

const userJSON = z.looseObject({
  id,
  email_addresses: z.array(z.looseObject({ id, email_address: z.string() })),
  primary_email_address_id: optionalText,
  first_name: optionalText,
  last_name: optionalText,
  image_url: optionalText,
  public_metadata: z.looseObject({ role: z.unknown().optional() }).nullish(),
  updated_at: millis,
  last_sign_in_at: millis.nullish(),
  last_active_at: millis.nullish(),
});

const organizationJSON = z.looseObject({
  id,
  name: z.string(),
  slug: optionalText,
  image_url: optionalText,
  updated_at: millis,
});

const membershipJSON = z.looseObject({
  id,
  role: z.string().min(1),
  /** Orders memberships of one organization and user: a rejoin is a new membership, created later. */
  created_at: millis,
  updated_at: millis,
  organization: z.looseObject({ id }),
  public_user_data: z.looseObject({ user_id: id }),
});

const invitationJSON = z.looseObject({
  id,
  email_address: z.string(),
  role: z.string().min(1),
  status: z.string().optional(),
  organization_id: id,
  updated_at: millis,
});

const sessionJSON = z.looseObject({
  id,
  user_id: id,
  status: z.string(),
  last_active_at: millis,
  created_at: millis,
});

/**
 * Clerk Billing's payer: a user, or an organization (`organization_id` set; an
 * empty string for a user's own subscription in Clerk's examples).
 */
const payerJSON = z.looseObject({ user_id: optionalText, organization_id: optionalText });

const billingPlanJSON = z.looseObject({ id, slug: z.string().min(1), name: z.string() });

/** A subscription item; inside `subscription.*` it has no payer of its own (the subscription's applies). */
const subscriptionItemJSON = z.looseObject({
  id,
  status: z.string().min(1),
  is_free_trial: z.boolean().optional(),
  updated_at: millis,
  period_start: millis.nullish(),
  period_end: millis.nullish(),
  canceled_at: millis.nullish(),
  interval: optionalText,
  plan_id: optionalText,
  plan: billingPlanJSON.nullish(),
  payer: payerJSON.optional(),
  subscription_id: optionalText,
});

const subscriptionJSON = z.looseObject({
  id,
  status: z.string().min(1),
  active_at: millis.nullish(),
  canceled_at: millis.nullish(),
  ended_at: millis.nullish(),
  past_due_at: millis.nullish(),
  updated_at: millis,
  payer: payerJSON,
  items: z.array(subscriptionItemJSON),
});

const paymentAttemptJSON = z.looseObject({
  id,
  payment_id: optionalText,
  status: z.string().min(1),
  charge_type: optionalText,
  updated_at: millis,
  billing_date: millis.nullish(),
  paid_at: millis.nullish(),
  failed_at: millis.nullish(),
  failed_reason: z.looseObject({ code: z.string() }).nullish(),
  payer: payerJSON,
  totals: z.looseObject({ grand_total: z.looseObject({ amount: z.number(), currency: z.string() }) }).nullish(),
});

/** `user.deleted` / `organization.deleted` carry only the id: Clerk's `DeletedObjectJSON`. */
const deletedJSON = z.looseObject({ id, deleted: z.literal(true), object: z.string().optional() });

/** Clerk's envelope. `timestamp` (in seconds in Clerk's OpenAPI examples; either unit is read) dates deletions. */
const event = <const T extends readonly [string, ...string[]], D extends z.ZodType>(types: T, data: D) =>
  z.looseObject({ type: z.enum(types), data, timestamp: millis });

export const clerkEventSchema = z.discriminatedUnion('type', [
  event(['user.created', 'user.updated'], userJSON),
  event(['user.deleted'], deletedJSON),
  event(['organization.created', 'organization.updated'], organizationJSON),
  event(['organization.deleted'], deletedJSON),
  event(['organizationMembership.created', 'organizationMembership.updated', 'organizationMembership.deleted'], membershipJSON),
  event(['organizationInvitation.created', 'organizationInvitation.accepted', 'organizationInvitation.revoked'], invitationJSON),
  event(['session.created', 'session.ended', 'session.removed', 'session.revoked'], sessionJSON),
  event(['subscription.created', 'subscription.updated', 'subscription.active', 'subscription.pastDue'], subscriptionJSON),
  event(
    [
      'subscriptionItem.updated',
      'subscriptionItem.active',
      'subscriptionItem.canceled',
      'subscriptionItem.upcoming',
      'subscriptionItem.ended',
      'subscriptionItem.abandoned',
      'subscriptionItem.incomplete',
      'subscriptionItem.pastDue',
      'subscriptionItem.freeTrialEnding',
    ],
    subscriptionItemJSON.extend({ payer: payerJSON }),
  ),
  event(['paymentAttempt.created', 'paymentAttempt.updated'], paymentAttemptJSON),
]);

export type ClerkEvent = z.infer<typeof clerkEventSchema>;
export type ClerkEventType = ClerkEvent['type'];
/** The event for one type, with `type` narrowed to it (several types share a payload schema). */
export type EventOf<T extends ClerkEventType> = ClerkEvent extends infer E
  ? E extends { type: infer U }
    ? [T] extends [U]
      ? E & { type: T }
      : never
    : never
  : never;
export type UserJSON = z.infer<typeof userJSON>;
export type OrganizationJSON = z.infer<typeof organizationJSON>;
export type MembershipJSON = z.infer<typeof membershipJSON>;
export type InvitationJSON = z.infer<typeof invitationJSON>;
export type BillingPayerJSON = z.infer<typeof payerJSON>;
export type SubscriptionJSON = z.infer<typeof subscriptionJSON>;
export type SubscriptionItemJSON = z.infer<typeof subscriptionItemJSON>;
export type PaymentAttemptJSON = z.infer<typeof paymentAttemptJSON>;

/**
 * Every type the sync applies. Anything else (including `email.created` and
 * `sms.created`, which Clerk sends when it delivers a message) is acknowledged
 * and recorded as ignored: Clerk retries non-2xx answers, so refusing an event
 * we do not mirror would only make it retry forever.
 */
export const HANDLED_EVENT_TYPES: ReadonlySet<string> = new Set(clerkEventSchema.options.flatMap((option) => option.shape.type.options));

export type ParsedDelivery =
  | { kind: 'event'; type: ClerkEventType; event: ClerkEvent }
  | { kind: 'ignored'; type: string }
  | { kind: 'invalid'; type: string; error: string };

const typeOf = (payload: unknown): string | null => {
  const type = (payload as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' && type ? type : null;
};

export function parseClerkEvent(payload: unknown): ParsedDelivery {
  const type = typeOf(payload);
  if (type === null) return { kind: 'invalid', type: '(none)', error: 'the payload is not a Clerk event: it has no `type`' };
  if (!HANDLED_EVENT_TYPES.has(type)) return { kind: 'ignored', type };
  const result = clerkEventSchema.safeParse(payload);
  if (result.success) return { kind: 'event', type: result.data.type, event: result.data };
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  return { kind: 'invalid', type, error: `unexpected ${type} payload: ${issues.join('; ')}` };
}

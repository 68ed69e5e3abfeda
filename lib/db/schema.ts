import { bigint, bigserial, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The app's copy of Clerk's data, kept in sync by the webhook (lib/sync).
 * Clerk ids are primary keys. `clerkUpdatedAt` (Clerk's `updated_at`, ms) orders
 * events; `deletedAt` is a tombstone so a late event cannot resurrect a row.
 */
const timestamps = {
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};
const clerkVersion = {
  clerkUpdatedAt: bigint('clerk_updated_at', { mode: 'number' }).notNull().default(0),
  deletedAt: timestamp('deleted_at', { withTimezone: true }),
};

export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email'),
    firstName: text('first_name'),
    lastName: text('last_name'),
    imageUrl: text('image_url'),
    /** App role from Clerk `publicMetadata.role` (admin | manager | member). */
    role: text('role').notNull().default('member'),
    lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
    lastActiveAt: timestamp('last_active_at', { withTimezone: true }),
    ...clerkVersion,
    ...timestamps,
  },
  (t) => [index('users_email_idx').on(t.email), index('users_role_idx').on(t.role)],
);

export const organizations = pgTable(
  'organizations',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull().default(''),
    /** Not unique here: Clerk enforces uniqueness, and out-of-order events may briefly overlap. */
    slug: text('slug'),
    imageUrl: text('image_url'),
    ...clerkVersion,
    ...timestamps,
  },
  (t) => [index('organizations_slug_idx').on(t.slug)],
);

export const memberships = pgTable(
  'memberships',
  {
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Clerk's membership id (orgmem_...); changes when a member leaves and rejoins. */
    clerkId: text('clerk_id'),
    /** Clerk's `created_at` of that membership (ms): a rejoin is a later membership and replaces the row. */
    clerkCreatedAt: bigint('clerk_created_at', { mode: 'number' }).notNull().default(0),
    /** Clerk organization role, e.g. `org:admin`, `org:member`. */
    role: text('role').notNull().default('org:member'),
    /** When Clerk deleted this membership itself (final for its id); `deletedAt` also counts its organization's and user's deletion. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    ...clerkVersion,
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.organizationId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role').notNull(),
    /** pending | accepted | revoked | expired */
    status: text('status').notNull(),
    ...clerkVersion,
    ...timestamps,
  },
  (t) => [index('invitations_org_status_idx').on(t.organizationId, t.status)],
);

/** The example tenant resource: every row belongs to exactly one organization. */
export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: text('organization_id')
      .notNull()
      .references(() => organizations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: text('created_by').references(() => users.id, { onDelete: 'set null' }),
    ...timestamps,
  },
  (t) => [index('projects_org_created_idx').on(t.organizationId, t.createdAt)],
);

/*
 * Clerk Billing's subscriptions, mirrored from the `subscription.*`,
 * `subscriptionItem.*` and `paymentAttempt.*` webhooks (lib/sync/billing.ts),
 * so the app reads plans without calling Clerk. A payer is a user or an
 * organization (`payerType`; an organization's payer also names the user who
 * acted). No foreign keys: billing
 * events may arrive before the user or organization they name. Rows are never
 * deleted by Clerk (items end); the newest `clerkUpdatedAt` wins.
 */
const billingPayer = {
  payerType: text('payer_type').$type<'user' | 'org'>().notNull(),
  /** The user who pays for themselves, or who acted for the organization. */
  userId: text('user_id'),
  /** Set when the organization pays. */
  organizationId: text('organization_id'),
};
const billingVersion = {
  /** Clerk's `updated_at` (ms): a write applies only when strictly newer. */
  clerkUpdatedAt: bigint('clerk_updated_at', { mode: 'number' }).notNull().default(0),
  ...timestamps,
};
const clerkTime = (name: string) => timestamp(name, { withTimezone: true });

/** A payer's subscription (`csub_...`): the container of its items. */
export const billingSubscriptions = pgTable(
  'billing_subscriptions',
  {
    id: text('id').primaryKey(),
    ...billingPayer,
    /** active | past_due | canceled | ended | abandoned | incomplete */
    status: text('status').notNull(),
    activeAt: clerkTime('active_at'),
    canceledAt: clerkTime('canceled_at'),
    endedAt: clerkTime('ended_at'),
    pastDueAt: clerkTime('past_due_at'),
    ...billingVersion,
  },
  (t) => [index('billing_subscriptions_org_idx').on(t.organizationId), index('billing_subscriptions_user_idx').on(t.userId)],
);

/** One plan of a subscription over time (`csub_item_...`): what the payer has, had or will have. */
export const billingSubscriptionItems = pgTable(
  'billing_subscription_items',
  {
    id: text('id').primaryKey(),
    subscriptionId: text('subscription_id'),
    ...billingPayer,
    planId: text('plan_id'),
    /** The plan's slug as in Clerk's Dashboard (`free_org`, `pro`): what `has({ plan })` names. */
    planSlug: text('plan_slug'),
    planName: text('plan_name'),
    /** active | canceled (ends at `periodEnd`) | ended | upcoming | past_due | incomplete | abandoned */
    status: text('status').notNull(),
    /** month | annual */
    interval: text('interval'),
    isFreeTrial: boolean('is_free_trial').notNull().default(false),
    periodStart: clerkTime('period_start'),
    /** Null for free plans: they never end by themselves. */
    periodEnd: clerkTime('period_end'),
    canceledAt: clerkTime('canceled_at'),
    ...billingVersion,
  },
  (t) => [
    index('billing_items_org_status_idx').on(t.organizationId, t.status),
    index('billing_items_user_status_idx').on(t.userId, t.status),
    index('billing_items_subscription_idx').on(t.subscriptionId),
  ],
);

/** A charge (`paymentAttempt.*`): checkout or recurring, pending, paid or failed. */
export const billingPaymentAttempts = pgTable(
  'billing_payment_attempts',
  {
    id: text('id').primaryKey(),
    paymentId: text('payment_id'),
    ...billingPayer,
    /** pending | paid | failed */
    status: text('status').notNull(),
    /** checkout | recurring */
    chargeType: text('charge_type'),
    /** The grand total in the currency's smallest unit. */
    amount: bigint('amount', { mode: 'number' }),
    currency: text('currency'),
    billingDate: clerkTime('billing_date'),
    paidAt: clerkTime('paid_at'),
    failedAt: clerkTime('failed_at'),
    failedReason: text('failed_reason'),
    ...billingVersion,
  },
  (t) => [index('billing_payments_org_idx').on(t.organizationId), index('billing_payments_user_idx').on(t.userId)],
);

/**
 * A delivery's recorded outcome: `applied`; `stale` (applied, but the mirror
 * already held this state or a later one, so nothing changed); `ignored` (a
 * type the sync does not mirror); `failed` (signed but not applicable, kept
 * with its payload and claimed again by a retry).
 */

/**
 * `npm run clerk:backfill`'s checkpoint (lib/sync/backfill.ts): for each of Clerk's lists, where
 * the next page starts. Written in the transaction that writes the page before it, so a
 * backfill killed at any point resumes after the last page it wrote, and never past one it
 * did not. It lives beside the rows it describes: pointed at another database, a backfill
 * starts over. Emptied when a backfill completes.
 */
export const clerkBackfillCheckpoints = pgTable('clerk_backfill_checkpoints', {
  /** `users`, `organizations`, `memberships` or `billing`. */
  list: text('list').primaryKey(),
  /** The last user listed (Clerk's `starting_after` cursor); the offset paging of the other lists uses `offset`. */
  cursor: text('cursor'),
  offset: integer('offset').notNull().default(0),
  done: boolean('done').notNull().default(false),
  ...timestamps,
});

/** What the running backfill has listed (`users`, `organizations`, `memberships` as `org:user`): live rows it did not list are checked with Clerk once it is done. */
export const clerkBackfillListed = pgTable('clerk_backfill_listed', { list: text('list').notNull(), id: text('id').notNull() }, (t) => [
  primaryKey({ columns: [t.list, t.id] }),
]);

export type WebhookEventStatus = 'applied' | 'stale' | 'ignored' | 'failed';

/** One row per svix message: the idempotency key and the delivery's outcome. */
export const webhookEvents = pgTable(
  'webhook_events',
  {
    svixId: text('svix_id').primaryKey(),
    type: text('type').notNull(),
    status: text('status').$type<WebhookEventStatus>().notNull(),
    attempts: integer('attempts').notNull().default(1),
    /** Deliveries of this message after it was recorded, answered `duplicate` (svix retries, replays). */
    duplicates: integer('duplicates').notNull().default(0),
    error: text('error'),
    payload: jsonb('payload'),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    processedAt: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [index('webhook_events_status_idx').on(t.status, t.receivedAt)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** Clerk user id of whoever acted; null for Clerk-originated events. */
    actorId: text('actor_id'),
    organizationId: text('organization_id'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id').notNull(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_org_created_idx').on(t.organizationId, t.createdAt), index('audit_log_target_idx').on(t.targetType, t.targetId)],
);

export type User = typeof users.$inferSelect;
export type Organization = typeof organizations.$inferSelect;
export type Membership = typeof memberships.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type Project = typeof projects.$inferSelect;
export type WebhookEvent = typeof webhookEvents.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type BillingSubscription = typeof billingSubscriptions.$inferSelect;
export type BillingSubscriptionItem = typeof billingSubscriptionItems.$inferSelect;
export type BillingPaymentAttempt = typeof billingPaymentAttempts.$inferSelect;

CREATE TABLE "billing_payment_attempts" (
	"id" text PRIMARY KEY NOT NULL,
	"payment_id" text,
	"payer_type" text NOT NULL,
	"user_id" text,
	"organization_id" text,
	"status" text NOT NULL,
	"charge_type" text,
	"amount" bigint,
	"currency" text,
	"billing_date" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"failed_reason" text,
	"clerk_updated_at" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_subscription_items" (
	"id" text PRIMARY KEY NOT NULL,
	"subscription_id" text,
	"payer_type" text NOT NULL,
	"user_id" text,
	"organization_id" text,
	"plan_id" text,
	"plan_slug" text,
	"plan_name" text,
	"status" text NOT NULL,
	"interval" text,
	"is_free_trial" boolean DEFAULT false NOT NULL,
	"period_start" timestamp with time zone,
	"period_end" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"clerk_updated_at" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_subscriptions" (
	"id" text PRIMARY KEY NOT NULL,
	"payer_type" text NOT NULL,
	"user_id" text,
	"organization_id" text,
	"status" text NOT NULL,
	"active_at" timestamp with time zone,
	"canceled_at" timestamp with time zone,
	"ended_at" timestamp with time zone,
	"past_due_at" timestamp with time zone,
	"clerk_updated_at" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "billing_payments_org_idx" ON "billing_payment_attempts" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "billing_payments_user_idx" ON "billing_payment_attempts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "billing_items_org_status_idx" ON "billing_subscription_items" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "billing_items_user_status_idx" ON "billing_subscription_items" USING btree ("user_id","status");--> statement-breakpoint
CREATE INDEX "billing_items_subscription_idx" ON "billing_subscription_items" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "billing_subscriptions_org_idx" ON "billing_subscriptions" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "billing_subscriptions_user_idx" ON "billing_subscriptions" USING btree ("user_id");
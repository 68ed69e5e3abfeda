ALTER TABLE "memberships" ADD COLUMN "clerk_created_at" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "memberships" ADD COLUMN "ended_at" timestamp with time zone;--> statement-breakpoint
-- Tombstones written before ended_at existed do not say whether the membership's own deletion or a parent's made them: keep them ended for their membership id (a rejoin is a later membership and still replaces the row).
UPDATE "memberships" SET "ended_at" = "deleted_at" WHERE "deleted_at" IS NOT NULL;

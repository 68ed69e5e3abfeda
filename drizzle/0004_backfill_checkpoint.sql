CREATE TABLE "clerk_backfill_checkpoints" (
	"list" text PRIMARY KEY NOT NULL,
	"cursor" text,
	"offset" integer DEFAULT 0 NOT NULL,
	"done" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "clerk_backfill_listed" (
	"list" text NOT NULL,
	"id" text NOT NULL,
	CONSTRAINT "clerk_backfill_listed_list_id_pk" PRIMARY KEY("list","id")
);

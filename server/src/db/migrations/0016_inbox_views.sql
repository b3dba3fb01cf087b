ALTER TABLE "conversations" ADD COLUMN "custom_status_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "hashtags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
CREATE TABLE "conversation_statuses" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"base_status" text NOT NULL,
	"name_de" text NOT NULL,
	"name_en" text NOT NULL,
	"color" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_statuses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_labels" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"color" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_labels_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbox_views" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"owner_id" uuid,
	"name" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "inbox_views_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "conversations_labels" ON "conversations" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "conversations_hashtags" ON "conversations" USING gin ("hashtags");--> statement-breakpoint
CREATE INDEX "conversations_recent" ON "conversations" USING btree ("workspace_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_priority" ON "conversations" USING btree ("workspace_id",(CASE "priority" WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END),"last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_snoozed" ON "conversations" USING btree ("workspace_id","snoozed_until") WHERE "conversations"."snoozed_until" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "conversation_statuses_position" ON "conversation_statuses" USING btree ("workspace_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_labels_name" ON "inbox_labels" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "inbox_views_owner" ON "inbox_views" USING btree ("workspace_id","owner_id","position");

CREATE TABLE "comments" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"author_id" uuid,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"mention_user_ids" uuid[] DEFAULT '{}' NOT NULL,
	"mention_team_ids" uuid[] DEFAULT '{}' NOT NULL,
	"hashtags" text[] DEFAULT '{}' NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "comments_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "hashtag_uses" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"tag" text NOT NULL,
	"display_tag" text NOT NULL,
	"source_kind" text NOT NULL,
	"source_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"team_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "hashtag_uses_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "comments_record" ON "comments" USING btree ("workspace_id","record_type","record_id","created_at");--> statement-breakpoint
CREATE INDEX "comments_hashtags" ON "comments" USING gin ("hashtags");--> statement-breakpoint
CREATE UNIQUE INDEX "hashtag_uses_source" ON "hashtag_uses" USING btree ("workspace_id","source_kind","source_id","tag");--> statement-breakpoint
CREATE INDEX "hashtag_uses_tag" ON "hashtag_uses" USING btree ("workspace_id","tag","created_at");

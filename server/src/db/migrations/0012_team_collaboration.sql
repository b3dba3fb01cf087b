CREATE TABLE "activities" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"actor_id" uuid,
	"verb" text NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"team_id" uuid,
	"hashtags" text[] DEFAULT '{}' NOT NULL,
	"summary" jsonb NOT NULL,
	CONSTRAINT "activities_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
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
CREATE TABLE "document_versions" (
	"workspace_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"storage_key" text NOT NULL,
	"size" integer NOT NULL,
	"content_type" text NOT NULL,
	"uploaded_by" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "document_versions_workspace_id_document_id_version_pk" PRIMARY KEY("workspace_id","document_id","version")
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"name" text NOT NULL,
	"current_version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "follows" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"record_type" text NOT NULL,
	"record_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "follows_workspace_id_user_id_record_type_record_id_pk" PRIMARY KEY("workspace_id","user_id","record_type","record_id")
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
CREATE TABLE "notification_preferences" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"in_app" boolean DEFAULT true NOT NULL,
	"email" text DEFAULT 'off' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_preferences_workspace_id_user_id_kind_pk" PRIMARY KEY("workspace_id","user_id","kind")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"actor_id" uuid,
	"subject_type" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"link" text NOT NULL,
	"excerpt" text DEFAULT '' NOT NULL,
	"group_key" text NOT NULL,
	"event_id" uuid NOT NULL,
	"read_at" timestamp with time zone,
	"emailed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notifications_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "room_members" (
	"workspace_id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text DEFAULT 'member' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_members_workspace_id_room_id_user_id_pk" PRIMARY KEY("workspace_id","room_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "room_note_revisions" (
	"workspace_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"author_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_note_revisions_workspace_id_note_id_version_pk" PRIMARY KEY("workspace_id","note_id","version")
);
--> statement-breakpoint
CREATE TABLE "room_notes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_notes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "room_posts" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"room_id" uuid NOT NULL,
	"author_id" uuid,
	"parent_id" uuid,
	"body" text NOT NULL,
	"body_html" text NOT NULL,
	"mentions" jsonb DEFAULT '{"userIds":[],"teamIds":[]}'::jsonb NOT NULL,
	"hashtags" text[] DEFAULT '{}' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"edited_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	CONSTRAINT "room_posts_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "rooms" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"team_id" uuid,
	"visibility" text DEFAULT 'public' NOT NULL,
	"archived" boolean DEFAULT false NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rooms_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE INDEX "activities_record" ON "activities" USING btree ("workspace_id","record_type","record_id","id");--> statement-breakpoint
CREATE INDEX "activities_team" ON "activities" USING btree ("workspace_id","team_id","id");--> statement-breakpoint
CREATE INDEX "activities_actor" ON "activities" USING btree ("workspace_id","actor_id","id");--> statement-breakpoint
CREATE INDEX "activities_hashtags" ON "activities" USING gin ("hashtags");--> statement-breakpoint
CREATE INDEX "comments_record" ON "comments" USING btree ("workspace_id","record_type","record_id","created_at");--> statement-breakpoint
CREATE INDEX "comments_hashtags" ON "comments" USING gin ("hashtags");--> statement-breakpoint
CREATE INDEX "documents_room" ON "documents" USING btree ("workspace_id","room_id");--> statement-breakpoint
CREATE INDEX "follows_record" ON "follows" USING btree ("workspace_id","record_type","record_id");--> statement-breakpoint
CREATE UNIQUE INDEX "hashtag_uses_source" ON "hashtag_uses" USING btree ("workspace_id","source_kind","source_id","tag");--> statement-breakpoint
CREATE INDEX "hashtag_uses_tag" ON "hashtag_uses" USING btree ("workspace_id","tag","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user" ON "notifications" USING btree ("workspace_id","user_id","read_at","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_user" ON "notifications" USING btree ("workspace_id","event_id","user_id","kind");--> statement-breakpoint
CREATE INDEX "room_members_user" ON "room_members" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE INDEX "room_notes_room" ON "room_notes" USING btree ("workspace_id","room_id");--> statement-breakpoint
CREATE INDEX "room_posts_feed" ON "room_posts" USING btree ("workspace_id","room_id","created_at");--> statement-breakpoint
CREATE INDEX "room_posts_thread" ON "room_posts" USING btree ("workspace_id","parent_id");
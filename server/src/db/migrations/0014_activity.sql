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
CREATE INDEX "follows_record" ON "follows" USING btree ("workspace_id","record_type","record_id");--> statement-breakpoint
CREATE INDEX "activities_record" ON "activities" USING btree ("workspace_id","record_type","record_id","id");--> statement-breakpoint
CREATE INDEX "activities_team" ON "activities" USING btree ("workspace_id","team_id","id");--> statement-breakpoint
CREATE INDEX "activities_actor" ON "activities" USING btree ("workspace_id","actor_id","id");--> statement-breakpoint
CREATE INDEX "activities_hashtags" ON "activities" USING gin ("hashtags");

CREATE TABLE "business_calendars" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"timezone" text NOT NULL,
	"weekly" jsonb NOT NULL,
	"holidays" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_calendars_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"team_id" uuid,
	"calendar_id" uuid,
	"first_response_minutes" integer,
	"next_response_minutes" integer,
	"resolution_minutes" integer,
	"priority_targets" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"warn_before_minutes" integer,
	"warn_percent" integer,
	"escalate_to_team_id" uuid,
	"notify_managers" boolean DEFAULT false NOT NULL,
	"notify_by_mail" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sla_policies_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversation_slas" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"state" text DEFAULT 'ok' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"first_response_due_at" timestamp with time zone,
	"first_response_warn_at" timestamp with time zone,
	"first_responded_at" timestamp with time zone,
	"next_response_started_at" timestamp with time zone,
	"next_response_due_at" timestamp with time zone,
	"next_response_warn_at" timestamp with time zone,
	"last_responded_at" timestamp with time zone,
	"resolution_started_at" timestamp with time zone,
	"resolution_due_at" timestamp with time zone,
	"resolution_warn_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"paused_at" timestamp with time zone,
	"next_due_at" timestamp with time zone,
	"next_due_kind" text,
	"next_check_at" timestamp with time zone,
	"notified" text[] DEFAULT '{}' NOT NULL,
	"breached" text[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_slas_workspace_id_conversation_id_pk" PRIMARY KEY("workspace_id","conversation_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_name" ON "business_calendars" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_default" ON "business_calendars" USING btree ("workspace_id") WHERE "business_calendars"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_team" ON "sla_policies" USING btree ("workspace_id","team_id") WHERE "sla_policies"."team_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_default" ON "sla_policies" USING btree ("workspace_id") WHERE "sla_policies"."team_id" IS NULL;--> statement-breakpoint
CREATE INDEX "conversation_slas_due" ON "conversation_slas" USING btree ("workspace_id","next_due_at") WHERE "conversation_slas"."next_due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "conversation_slas_check" ON "conversation_slas" USING btree ("workspace_id","next_check_at") WHERE "conversation_slas"."next_check_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "conversation_slas_policy" ON "conversation_slas" USING btree ("workspace_id","policy_id");

CREATE TABLE "agent_profiles" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"capacity" integer DEFAULT 10 NOT NULL,
	"skills" text[] DEFAULT '{}' NOT NULL,
	"languages" text[] DEFAULT '{}' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agent_profiles_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "approval_agents" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_agents_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "approval_rules" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"conditions" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
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
CREATE TABLE "canned_replies" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"shortcut" text NOT NULL,
	"team_id" uuid,
	"texts" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"usage_count" integer DEFAULT 0 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "canned_replies_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "consult_settings" (
	"workspace_id" uuid NOT NULL,
	"default_ola_minutes" integer DEFAULT 120 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consult_settings_workspace_id_pk" PRIMARY KEY("workspace_id")
);
--> statement-breakpoint
CREATE TABLE "consults" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"asked_by" uuid,
	"expert_user_id" uuid,
	"expert_team_id" uuid,
	"question" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"ola_minutes" integer NOT NULL,
	"ola_due_at" timestamp with time zone NOT NULL,
	"answered_at" timestamp with time zone,
	"answered_by" uuid,
	"overdue" boolean DEFAULT false NOT NULL,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consults_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversation_notes" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"consult_id" uuid,
	"author_id" uuid,
	"kind" text DEFAULT 'note' NOT NULL,
	"text" text NOT NULL,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"suggestion_status" text,
	"used_by" uuid,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_notes_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversation_routing" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"routed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"auto_reply_message_id" uuid,
	CONSTRAINT "conversation_routing_workspace_id_conversation_id_pk" PRIMARY KEY("workspace_id","conversation_id")
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
CREATE TABLE "conversation_tasks" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_tasks_workspace_id_conversation_id_task_id_pk" PRIMARY KEY("workspace_id","conversation_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "conversation_viewers" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"since" timestamp with time zone DEFAULT now() NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"typing_at" timestamp with time zone,
	CONSTRAINT "conversation_viewers_workspace_id_conversation_id_user_id_pk" PRIMARY KEY("workspace_id","conversation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "csat_surveys" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"resolution_event_id" uuid NOT NULL,
	"message_id" uuid,
	"contact_id" uuid,
	"language" text NOT NULL,
	"score" integer,
	"comment" text,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	"answered_at" timestamp with time zone,
	CONSTRAINT "csat_surveys_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
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
CREATE TABLE "reply_approvals" (
	"workspace_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"author_user_id" uuid,
	"status" text DEFAULT 'pending' NOT NULL,
	"reasons" text[] DEFAULT '{}' NOT NULL,
	"original_text" text NOT NULL,
	"edited_text" text,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"reject_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reply_approvals_workspace_id_message_id_pk" PRIMARY KEY("workspace_id","message_id")
);
--> statement-breakpoint
CREATE TABLE "reply_drafts" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"text" text NOT NULL,
	"private" boolean DEFAULT false NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reply_drafts_workspace_id_conversation_id_user_id_pk" PRIMARY KEY("workspace_id","conversation_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "reply_settings" (
	"workspace_id" uuid NOT NULL,
	"csat_enabled" boolean DEFAULT false NOT NULL,
	"csat_link_days" integer DEFAULT 14 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reply_settings_workspace_id_pk" PRIMARY KEY("workspace_id")
);
--> statement-breakpoint
CREATE TABLE "routing_rules" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"match" text DEFAULT 'all' NOT NULL,
	"conditions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"actions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stop" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "routing_rules_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
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
CREATE TABLE "team_routing" (
	"workspace_id" uuid NOT NULL,
	"team_id" uuid NOT NULL,
	"policy" text DEFAULT 'manual' NOT NULL,
	"respect_skills" boolean DEFAULT false NOT NULL,
	"cursor_user_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_routing_workspace_id_team_id_pk" PRIMARY KEY("workspace_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "user_presence" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text DEFAULT 'online' NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_presence_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "custom_status_id" uuid;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "hashtags" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "conversations" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_name" ON "business_calendars" USING btree ("workspace_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "business_calendars_default" ON "business_calendars" USING btree ("workspace_id") WHERE "business_calendars"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "canned_replies_shortcut" ON "canned_replies" USING btree ("workspace_id","shortcut");--> statement-breakpoint
CREATE INDEX "consults_conversation" ON "consults" USING btree ("workspace_id","conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "consults_expert_user" ON "consults" USING btree ("workspace_id","expert_user_id","status");--> statement-breakpoint
CREATE INDEX "consults_expert_team" ON "consults" USING btree ("workspace_id","expert_team_id","status");--> statement-breakpoint
CREATE INDEX "consults_asked_by" ON "consults" USING btree ("workspace_id","asked_by","status");--> statement-breakpoint
CREATE INDEX "consults_ola" ON "consults" USING btree ("workspace_id","status","overdue","ola_due_at");--> statement-breakpoint
CREATE INDEX "conversation_notes_conversation" ON "conversation_notes" USING btree ("workspace_id","conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_notes_consult" ON "conversation_notes" USING btree ("workspace_id","consult_id");--> statement-breakpoint
CREATE INDEX "conversation_slas_due" ON "conversation_slas" USING btree ("workspace_id","next_due_at") WHERE "conversation_slas"."next_due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "conversation_slas_check" ON "conversation_slas" USING btree ("workspace_id","next_check_at") WHERE "conversation_slas"."next_check_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "conversation_slas_policy" ON "conversation_slas" USING btree ("workspace_id","policy_id");--> statement-breakpoint
CREATE INDEX "conversation_statuses_position" ON "conversation_statuses" USING btree ("workspace_id","position");--> statement-breakpoint
CREATE INDEX "conversation_tasks_task" ON "conversation_tasks" USING btree ("workspace_id","task_id");--> statement-breakpoint
CREATE INDEX "conversation_viewers_user" ON "conversation_viewers" USING btree ("workspace_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "csat_surveys_resolution" ON "csat_surveys" USING btree ("workspace_id","resolution_event_id");--> statement-breakpoint
CREATE INDEX "csat_surveys_conversation" ON "csat_surveys" USING btree ("workspace_id","conversation_id","sent_at");--> statement-breakpoint
CREATE INDEX "csat_surveys_answered" ON "csat_surveys" USING btree ("workspace_id","answered_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbox_labels_name" ON "inbox_labels" USING btree ("workspace_id",lower("name"));--> statement-breakpoint
CREATE INDEX "inbox_views_owner" ON "inbox_views" USING btree ("workspace_id","owner_id","position");--> statement-breakpoint
CREATE INDEX "reply_approvals_status" ON "reply_approvals" USING btree ("workspace_id","status","created_at");--> statement-breakpoint
CREATE INDEX "reply_approvals_conversation" ON "reply_approvals" USING btree ("workspace_id","conversation_id");--> statement-breakpoint
CREATE INDEX "routing_rules_position" ON "routing_rules" USING btree ("workspace_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_team" ON "sla_policies" USING btree ("workspace_id","team_id") WHERE "sla_policies"."team_id" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "sla_policies_default" ON "sla_policies" USING btree ("workspace_id") WHERE "sla_policies"."team_id" IS NULL;--> statement-breakpoint
CREATE INDEX "conversations_labels" ON "conversations" USING gin ("labels");--> statement-breakpoint
CREATE INDEX "conversations_hashtags" ON "conversations" USING gin ("hashtags");--> statement-breakpoint
CREATE INDEX "conversations_snoozed" ON "conversations" USING btree ("workspace_id","snoozed_until") WHERE "conversations"."snoozed_until" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "conversations_recent" ON "conversations" USING btree ("workspace_id","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_priority" ON "conversations" USING btree ("workspace_id",(CASE "priority" WHEN 'urgent' THEN 3 WHEN 'high' THEN 2 WHEN 'normal' THEN 1 ELSE 0 END),"last_message_at","id");--> statement-breakpoint
-- custom: every domain event written to the outbox is also a NOTIFY on channel parley_realtime (server/src/realtime/).
-- pg_notify inside the writer's transaction is delivered only after COMMIT and dropped on ROLLBACK; as a trigger it
-- covers every writer of `events` (emit(), batched ingestion) with no extra round trip. Ids and type only (< 8000 bytes).
CREATE FUNCTION "parley_notify_event"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('parley_realtime', json_build_object(
		'kind', 'event', 'workspaceId', NEW.workspace_id, 'id', NEW.id, 'type', NEW.type, 'actorId', NEW.actor_id,
		'subjectType', NEW.subject_type, 'subjectId', NEW.subject_id,
		'conversationId', COALESCE(NEW.payload->>'conversationId', CASE WHEN NEW.subject_type = 'conversation' THEN NEW.subject_id::text END)
	)::text);
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "events_notify_realtime" AFTER INSERT ON "events" FOR EACH ROW EXECUTE FUNCTION "parley_notify_event"();

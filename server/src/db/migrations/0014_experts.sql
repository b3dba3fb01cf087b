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
CREATE TABLE "conversation_tasks" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversation_tasks_workspace_id_conversation_id_task_id_pk" PRIMARY KEY("workspace_id","conversation_id","task_id")
);
--> statement-breakpoint
CREATE TABLE "consult_settings" (
	"workspace_id" uuid NOT NULL,
	"default_ola_minutes" integer DEFAULT 120 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "consult_settings_workspace_id_pk" PRIMARY KEY("workspace_id")
);
--> statement-breakpoint
CREATE INDEX "consults_conversation" ON "consults" USING btree ("workspace_id","conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "consults_expert_user" ON "consults" USING btree ("workspace_id","expert_user_id","status");--> statement-breakpoint
CREATE INDEX "consults_expert_team" ON "consults" USING btree ("workspace_id","expert_team_id","status");--> statement-breakpoint
CREATE INDEX "consults_asked_by" ON "consults" USING btree ("workspace_id","asked_by","status");--> statement-breakpoint
CREATE INDEX "consults_ola" ON "consults" USING btree ("workspace_id","status","overdue","ola_due_at");--> statement-breakpoint
CREATE INDEX "conversation_notes_conversation" ON "conversation_notes" USING btree ("workspace_id","conversation_id","created_at");--> statement-breakpoint
CREATE INDEX "conversation_notes_consult" ON "conversation_notes" USING btree ("workspace_id","consult_id");--> statement-breakpoint
CREATE INDEX "conversation_tasks_task" ON "conversation_tasks" USING btree ("workspace_id","task_id");

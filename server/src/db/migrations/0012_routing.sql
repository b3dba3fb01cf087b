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
CREATE TABLE "conversation_routing" (
	"workspace_id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"routed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"auto_reply_message_id" uuid,
	CONSTRAINT "conversation_routing_workspace_id_conversation_id_pk" PRIMARY KEY("workspace_id","conversation_id")
);
--> statement-breakpoint
CREATE INDEX "routing_rules_position" ON "routing_rules" USING btree ("workspace_id","position");

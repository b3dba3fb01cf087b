CREATE TABLE "channels" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"network" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"credentials_enc" text,
	"status" text DEFAULT 'active' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "channels_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "conversations" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"thread_key" text NOT NULL,
	"identity_id" uuid,
	"contact_id" uuid,
	"status" text DEFAULT 'open' NOT NULL,
	"priority" text DEFAULT 'normal' NOT NULL,
	"team_id" uuid,
	"assignee_id" uuid,
	"subject" text,
	"preview" text,
	"language" text,
	"sentiment" text,
	"intent" text,
	"labels" text[] DEFAULT '{}' NOT NULL,
	"message_count" integer DEFAULT 0 NOT NULL,
	"last_message_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_inbound_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "conversations_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "inbound_deliveries" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"delivery_key" text NOT NULL,
	"body" text NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"events" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"processed_at" timestamp with time zone,
	CONSTRAINT "inbound_deliveries_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"workspace_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"conversation_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"external_id" text,
	"parent_external_id" text,
	"direction" text NOT NULL,
	"object_type" text,
	"identity_id" uuid,
	"author_user_id" uuid,
	"text" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"mentions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"language" text,
	"sentiment" text,
	"intent" text,
	"flags" text[] DEFAULT '{}' NOT NULL,
	"delivery_id" uuid,
	"send_status" text,
	"send_error" text,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "messages_workspace_id_id_pk" PRIMARY KEY("workspace_id","id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "channels_external" ON "channels" USING btree ("workspace_id","network","external_id");--> statement-breakpoint
CREATE UNIQUE INDEX "conversations_thread" ON "conversations" USING btree ("workspace_id","channel_id","kind","thread_key");--> statement-breakpoint
CREATE INDEX "conversations_inbox" ON "conversations" USING btree ("workspace_id","status","last_message_at","id");--> statement-breakpoint
CREATE INDEX "conversations_assignee" ON "conversations" USING btree ("workspace_id","assignee_id","status","last_message_at");--> statement-breakpoint
CREATE INDEX "conversations_contact" ON "conversations" USING btree ("workspace_id","contact_id","last_message_at");--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_deliveries_key" ON "inbound_deliveries" USING btree ("workspace_id","channel_id","delivery_key");--> statement-breakpoint
CREATE INDEX "inbound_deliveries_status" ON "inbound_deliveries" USING btree ("workspace_id","status","received_at");--> statement-breakpoint
CREATE UNIQUE INDEX "messages_external" ON "messages" USING btree ("workspace_id","channel_id","external_id");--> statement-breakpoint
CREATE INDEX "messages_conversation" ON "messages" USING btree ("workspace_id","conversation_id","occurred_at","id");--> statement-breakpoint
CREATE INDEX "messages_identity" ON "messages" USING btree ("workspace_id","identity_id");
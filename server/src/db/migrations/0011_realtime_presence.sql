CREATE TABLE "user_presence" (
	"workspace_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text DEFAULT 'online' NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "user_presence_workspace_id_user_id_pk" PRIMARY KEY("workspace_id","user_id")
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
CREATE INDEX "conversation_viewers_user" ON "conversation_viewers" USING btree ("workspace_id","user_id");
--> statement-breakpoint
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

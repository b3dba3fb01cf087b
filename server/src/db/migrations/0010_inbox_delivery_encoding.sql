ALTER TABLE "conversations" ADD COLUMN "linked_conversation_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_deliveries" ADD COLUMN "body_encoding" text DEFAULT 'utf8' NOT NULL;
-- The deliveries table is the ingestion queue: a delivery is due for ingestion at next_attempt_at (now when stored,
-- later after a failed attempt); processed and finally failed deliveries have none. Workers claim due deliveries with
-- FOR UPDATE SKIP LOCKED, so the webhook's acknowledgement is a single INSERT.
ALTER TABLE "inbound_deliveries" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
UPDATE "inbound_deliveries" SET "next_attempt_at" = NULL WHERE "status" <> 'received';--> statement-breakpoint
CREATE INDEX "inbound_deliveries_due" ON "inbound_deliveries" USING btree ("next_attempt_at") WHERE "next_attempt_at" IS NOT NULL;

ALTER TABLE "comments" ADD COLUMN "search_tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('german', translate(replace(body, 'ß', 'ss'), 'ÄÖÜäöüÀÁÂÃÅàáâãåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕØòóôõøÙÚÛùúûÝýÿ', 'AOUaouAAAAAaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUuuuYyy')) || to_tsvector('english', translate(replace(body, 'ß', 'ss'), 'ÄÖÜäöüÀÁÂÃÅàáâãåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕØòóôõøÙÚÛùúûÝýÿ', 'AOUaouAAAAAaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUuuuYyy'))) STORED;--> statement-breakpoint
ALTER TABLE "consults" ADD COLUMN "ola_calendar_id" uuid;--> statement-breakpoint
ALTER TABLE "inbound_deliveries" ADD COLUMN "next_attempt_at" timestamp with time zone DEFAULT now();--> statement-breakpoint
ALTER TABLE "room_posts" ADD COLUMN "search_tsv" "tsvector" GENERATED ALWAYS AS (to_tsvector('german', translate(replace(body, 'ß', 'ss'), 'ÄÖÜäöüÀÁÂÃÅàáâãåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕØòóôõøÙÚÛùúûÝýÿ', 'AOUaouAAAAAaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUuuuYyy')) || to_tsvector('english', translate(replace(body, 'ß', 'ss'), 'ÄÖÜäöüÀÁÂÃÅàáâãåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕØòóôõøÙÚÛùúûÝýÿ', 'AOUaouAAAAAaaaaaCcEEEEeeeeIIIIiiiiNnOOOOOoooooUUUuuuYyy'))) STORED;--> statement-breakpoint
CREATE INDEX "comments_search" ON "comments" USING gin ("search_tsv");--> statement-breakpoint
CREATE INDEX "documents_name_trgm" ON "documents" USING gin (lower("name") gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "inbound_deliveries_due" ON "inbound_deliveries" USING btree ("next_attempt_at") WHERE "inbound_deliveries"."next_attempt_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "room_posts_search" ON "room_posts" USING gin ("search_tsv");--> statement-breakpoint
-- custom: the deliveries table is the ingestion queue (domains/inbox/process.ts): rows stored before are due only
-- while they wait to be ingested.
UPDATE "inbound_deliveries" SET "next_attempt_at" = NULL WHERE "status" <> 'received';--> statement-breakpoint
-- custom: room posts count on the hashtag page (hashtag_uses, written by the hashtag-uses handler from now on): the
-- posts written before get their uses once (display spelling: the tag as stored; team: the author's first team).
INSERT INTO "hashtag_uses" ("workspace_id", "id", "tag", "display_tag", "source_kind", "source_id", "record_type", "record_id", "team_id", "created_at")
SELECT p."workspace_id", gen_random_uuid(), t.tag, t.tag, 'post', p."id", 'room', p."room_id",
  (SELECT m."team_id" FROM "team_members" m WHERE m."workspace_id" = p."workspace_id" AND m."user_id" = p."author_id" ORDER BY m."team_id" LIMIT 1),
  p."created_at"
FROM "room_posts" p, unnest(p."hashtags") AS t(tag)
WHERE p."deleted_at" IS NULL
ON CONFLICT DO NOTHING;

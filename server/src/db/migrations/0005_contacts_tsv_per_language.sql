ALTER TABLE "contacts" drop column "search_tsv";--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "search_tsv" "tsvector" GENERATED ALWAYS AS (CASE WHEN language = 'en' THEN to_tsvector('english', search_doc) ELSE to_tsvector('german', search_doc) END) STORED;--> statement-breakpoint
-- Dropping the column dropped its index: build it again on the new column.
CREATE INDEX "contacts_tsv" ON "contacts" USING gin ("search_tsv");

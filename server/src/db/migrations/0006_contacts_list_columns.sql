ALTER TABLE "contacts" ADD COLUMN "company_name" text;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "first_phone" text GENERATED ALWAYS AS (phones -> 0 ->> 'value') STORED;--> statement-breakpoint
ALTER TABLE "contacts" ADD COLUMN "city" text GENERATED ALWAYS AS (addresses -> 0 ->> 'city') STORED;--> statement-breakpoint
-- The names of the companies people are linked to, once; from now on the writes keep them in step.
UPDATE "contacts" c SET "company_name" = co."name" FROM "companies" co WHERE co."workspace_id" = c."workspace_id" AND co."id" = c."company_id";

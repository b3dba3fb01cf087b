ALTER TABLE "imports" ADD COLUMN "meta" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "imports" ADD COLUMN "committed_line" integer DEFAULT 0 NOT NULL;
DROP INDEX "name_words_trgm";--> statement-breakpoint
CREATE INDEX "name_words_trgm" ON "name_words" USING gist ("word" gist_trgm_ops);
CREATE TABLE "name_words" (
	"workspace_id" uuid NOT NULL,
	"word" text NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "name_words_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
DROP INDEX "contacts_trgm";--> statement-breakpoint
CREATE INDEX "name_words_trgm" ON "name_words" USING gist ("word" gist_trgm_ops);--> statement-breakpoint
-- Counts the words of people's search names into the dictionary: `deltas` +1 for a name taken on, -1 for a name given
-- up (a deleted person, the old name of a renamed one), each name's distinct words once. One upsert in (workspace,
-- word) order, so concurrent writers lock dictionary rows in the same order; words no one carries any more are
-- deleted (only rows this call has just locked).
CREATE FUNCTION "parley_name_words_apply"("ws" uuid[], "names" text[], "deltas" int[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE gone_ws uuid[]; gone_words text[];
BEGIN
  WITH counted AS (
    SELECT w, word, sum(d)::int AS n FROM (
      SELECT DISTINCT p.k, p.w, x.word, p.d FROM unnest(ws, names, deltas) WITH ORDINALITY AS p(w, name, d, k),
        unnest(string_to_array(p.name, ' ')) AS x(word) WHERE x.word <> ''
    ) e GROUP BY 1, 2 HAVING sum(d) <> 0
  ), upserted AS (
    INSERT INTO "name_words" AS d ("workspace_id", "word", "people")
    SELECT w, word, n FROM counted ORDER BY 1, 2
    ON CONFLICT ("workspace_id", "word") DO UPDATE SET "people" = d."people" + EXCLUDED."people"
    RETURNING d."workspace_id", d."word", d."people"
  )
  SELECT array_agg("workspace_id"), array_agg("word") INTO gone_ws, gone_words FROM upserted WHERE "people" <= 0;
  DELETE FROM "name_words" d USING unnest(gone_ws, gone_words) AS x(w, word) WHERE d."workspace_id" = x.w AND d."word" = x.word;
END $$;
--> statement-breakpoint
CREATE FUNCTION "parley_name_words_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "parley_name_words_apply"(array_agg("workspace_id"), array_agg("search_name"), array_agg(1)) FROM new_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "parley_name_words_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "parley_name_words_apply"(array_agg("workspace_id"), array_agg("search_name"), array_agg(-1)) FROM old_rows;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "parley_name_words_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Only people whose search name changed: the new name counts, the old one no more.
  PERFORM "parley_name_words_apply"(array_agg(n."workspace_id"), array_agg(v.name), array_agg(v.d))
  FROM new_rows n JOIN old_rows o ON o."workspace_id" = n."workspace_id" AND o."id" = n."id",
    LATERAL (VALUES (n."search_name", 1), (o."search_name", -1)) AS v(name, d)
  WHERE n."search_name" IS DISTINCT FROM o."search_name";
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "contacts_name_words_insert" AFTER INSERT ON "contacts" REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "parley_name_words_inserted"();
--> statement-breakpoint
CREATE TRIGGER "contacts_name_words_delete" AFTER DELETE ON "contacts" REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "parley_name_words_deleted"();
--> statement-breakpoint
CREATE TRIGGER "contacts_name_words_update" AFTER UPDATE ON "contacts" REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION "parley_name_words_updated"();
--> statement-breakpoint
-- The words of the people already stored.
SELECT "parley_name_words_apply"(array_agg("workspace_id"), array_agg("search_name"), array_agg(1)) FROM "contacts";

CREATE TABLE "name_words" (
	"workspace_id" uuid NOT NULL,
	"word" text NOT NULL,
	"people" integer NOT NULL,
	CONSTRAINT "name_words_workspace_id_word_pk" PRIMARY KEY("workspace_id","word")
);
--> statement-breakpoint
DROP INDEX "contacts_trgm";--> statement-breakpoint
CREATE INDEX "name_words_trgm" ON "name_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
-- Adds the words of the people in `added` and takes away those of `removed` (each person's distinct words once), in
-- one upsert in (workspace, word) order, so concurrent writers lock dictionary rows in the same order; words no one
-- carries any more are deleted (only rows this statement has just locked).
CREATE FUNCTION "parley_name_words_apply"("ws" uuid[], "words" text[], "deltas" int[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(array_length(words, 1), 0) = 0 THEN RETURN; END IF;
  INSERT INTO "name_words" AS d ("workspace_id", "word", "people")
  SELECT w, word, delta FROM unnest(ws, words, deltas) AS x(w, word, delta) ORDER BY 1, 2
  ON CONFLICT ("workspace_id", "word") DO UPDATE SET "people" = d."people" + EXCLUDED."people";
  DELETE FROM "name_words" d USING unnest(ws, words) AS x(w, word)
  WHERE d."workspace_id" = x.w AND d."word" = x.word AND d."people" <= 0;
END $$;
--> statement-breakpoint
CREATE FUNCTION "parley_name_words_inserted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ws uuid[]; words text[]; deltas int[];
BEGIN
  SELECT array_agg(w), array_agg(word), array_agg(n) INTO ws, words, deltas FROM (
    SELECT w, word, count(*)::int AS n FROM (
      SELECT DISTINCT r."workspace_id" AS w, r."id", x.word FROM new_rows r, unnest(string_to_array(r."search_name", ' ')) AS x(word) WHERE x.word <> ''
    ) p GROUP BY 1, 2) g;
  PERFORM "parley_name_words_apply"(ws, words, deltas);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "parley_name_words_deleted"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ws uuid[]; words text[]; deltas int[];
BEGIN
  SELECT array_agg(w), array_agg(word), array_agg(-n) INTO ws, words, deltas FROM (
    SELECT w, word, count(*)::int AS n FROM (
      SELECT DISTINCT r."workspace_id" AS w, r."id", x.word FROM old_rows r, unnest(string_to_array(r."search_name", ' ')) AS x(word) WHERE x.word <> ''
    ) p GROUP BY 1, 2) g;
  PERFORM "parley_name_words_apply"(ws, words, deltas);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE FUNCTION "parley_name_words_updated"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE ws uuid[]; words text[]; deltas int[];
BEGIN
  -- Only people whose search name changed: +1 for each word of the new name, -1 for each of the old.
  WITH changed AS (
    SELECT n."workspace_id" AS w, n."id", n."search_name" AS now_name, o."search_name" AS was_name FROM new_rows n
    JOIN old_rows o ON o."workspace_id" = n."workspace_id" AND o."id" = n."id" WHERE n."search_name" IS DISTINCT FROM o."search_name"
  )
  SELECT array_agg(w), array_agg(word), array_agg(n) INTO ws, words, deltas FROM (
    SELECT w, word, sum(d)::int AS n FROM (
      SELECT DISTINCT c.w, c."id", x.word, 1 AS d FROM changed c, unnest(string_to_array(c.now_name, ' ')) AS x(word) WHERE x.word <> ''
      UNION ALL
      SELECT DISTINCT c.w, c."id", x.word, -1 AS d FROM changed c, unnest(string_to_array(c.was_name, ' ')) AS x(word) WHERE x.word <> ''
    ) p GROUP BY 1, 2 HAVING sum(d) <> 0) g;
  PERFORM "parley_name_words_apply"(ws, words, deltas);
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
INSERT INTO "name_words" ("workspace_id", "word", "people")
SELECT w, word, count(*)::int FROM (
  SELECT DISTINCT c."workspace_id" AS w, c."id", x.word FROM "contacts" c, unnest(string_to_array(c."search_name", ' ')) AS x(word) WHERE x.word <> ''
) p GROUP BY 1, 2;

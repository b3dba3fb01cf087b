import { and, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { preparedRows, rows, type Database, type Executor } from '../../db/client.ts';
import { contacts, customFields, notes } from '../../db/schema.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { Validation } from '../../lib/errors.ts';
import { queryWordGroups } from '../../lib/text.ts';
import type { ContactItemRow } from './presenter.ts';
import { textSearch } from './search-sql.ts';

export type ContactRow = typeof contacts.$inferSelect;
export type ContactInsert = typeof contacts.$inferInsert;
export type CustomFieldRow = typeof customFields.$inferSelect;


export async function insertContacts(ex: Executor, values: ContactInsert[]): Promise<ContactRow[]> {
  if (!values.length) return [];
  return ex.insert(contacts).values(values).returning();
}

export async function findContact(ex: Executor, workspaceId: string, id: string): Promise<ContactRow | undefined> {
  const [r] = await ex.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
  return r;
}

/** Ids of live people whose primary e-mail (stored lower-case) is this one, the longest-known first. */
export async function liveIdsByEmail(ex: Executor, workspaceId: string, email: string, limit: number): Promise<string[]> {
  const rs = await ex.select({ id: contacts.id }).from(contacts)
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.email, email), isNull(contacts.mergedInto)))
    .orderBy(contacts.createdAt, contacts.id).limit(limit);
  return rs.map((r) => r.id);
}

/** Several people by id, with their company names. */
export async function findContacts(ex: Executor, workspaceId: string, ids: string[]): Promise<ContactRow[]> {
  if (!ids.length) return [];
  return ex.select().from(contacts).where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, ids)));
}

/**
 * Locks people's rows for the rest of the transaction, in id order: a write that reads several people before changing
 * them (merge, undo) sees no edit slip in between, and takes row locks before the name-words trigger takes any word.
 */
export async function lockContacts(ex: Executor, workspaceId: string, ids: string[]): Promise<void> {
  await ex.execute(sql`SELECT id FROM contacts WHERE workspace_id = ${workspaceId}::uuid AND id = ANY(${sql.param(ids)}::uuid[]) ORDER BY id FOR UPDATE`);
}

export async function updateContact(ex: Executor, workspaceId: string, id: string, set: Partial<ContactInsert>): Promise<ContactRow | undefined> {
  const [r] = await ex.update(contacts).set({ ...set, updatedAt: new Date() })
    .where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id))).returning();
  return r;
}

export async function deleteContact(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(notes).where(and(eq(notes.workspaceId, workspaceId), eq(notes.recordType, 'contact'), eq(notes.recordId, id)));
  await ex.delete(contacts).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.id, id)));
}

export async function listCustomFields(ex: Executor, workspaceId: string, entity?: 'contact' | 'company'): Promise<CustomFieldRow[]> {
  const where = entity ? and(eq(customFields.workspaceId, workspaceId), eq(customFields.entity, entity)) : eq(customFields.workspaceId, workspaceId);
  return ex.select().from(customFields).where(where).orderBy(customFields.position, customFields.key);
}

export interface ListFilter {
  q?: string;
  tags?: string[];
  ownerId?: string;
  lifecycleStage?: string[];
  companyId?: string;
  createdFrom?: string;
  createdTo?: string;
  updatedFrom?: string;
  updatedTo?: string;
  custom?: string[];
}

const SORT_COLUMNS = { name: 'c.sort_name', createdAt: 'c.created_at', updatedAt: 'c.updated_at' } as const;

// Every column but the generated search_tsv, which no caller reads (companies-repo leaves it out too): its text form is
// the costliest column to send, and a 50-row page without it costs PostgreSQL about a quarter less (bench/RESULTS.md).
const ROW_COLUMNS = sql.raw(`c.workspace_id, c.id, c.first_name, c.last_name, c.email, c.emails, c.phone, c.phones, c.addresses,
  c.job_title, c.company_id, c.company_name, c.first_phone, c.city, c.website, c.birthday, c.language, c.lifecycle_stage, c.owner_id, c.tags, c.custom, c.merged_into,
  c.sort_name, c.dedupe_keys, c.search_name, c.search_doc, c.created_at, c.updated_at`);

/** A page of people: the columns of their list items. */
export interface ContactItemPage { items: ContactItemRow[]; nextCursor: string | null }

// Only what a list item shows (presenter.ts ContactItemRow), from the person's row alone: the company name, first
// phone and city are columns of their own, so a page joins nothing and reads no JSONB list (each cost PostgreSQL
// 20-30 % of the page, bench/RESULTS.md), and moves ~3× fewer bytes than whole rows.
// Tags come as JSON and times as UTC text, which the driver reads several times faster than a text[] literal or a
// timestamptz it would make a Date of (that Date then written back as text: ~9 µs a row, half the Node time of a page).
const ITEM_COLUMNS = sql.raw(`c.id, c.first_name, c.last_name, c.email, c.phone, c.first_phone, c.company_id, c.company_name,
  c.job_title, c.city, c.lifecycle_stage, c.owner_id, array_to_json(c.tags) AS tags, c.custom,
  (c.created_at AT TIME ZONE 'UTC')::text AS created_at, (c.updated_at AT TIME ZONE 'UTC')::text AS updated_at`);

interface ItemRaw {
  id: string; first_name: string | null; last_name: string | null; email: string | null; phone: string | null; first_phone: string | null;
  company_id: string | null; company_name: string | null; job_title: string | null; city: string | null; lifecycle_stage: string | null;
  owner_id: string | null; tags: string[]; custom: Record<string, unknown>; created_at: string; updated_at: string;
}

function itemFromRaw(r: ItemRaw): ContactItemRow {
  return {
    id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email, phone: r.phone, firstPhone: r.first_phone,
    companyId: r.company_id, companyName: r.company_name, jobTitle: r.job_title, city: r.city, lifecycleStage: r.lifecycle_stage,
    ownerId: r.owner_id, tags: r.tags, custom: r.custom, createdAt: isoFromUtcText(r.created_at), updatedAt: isoFromUtcText(r.updated_at),
  };
}

/** "2026-11-23 19:15:00.123456" (a UTC timestamp as PostgreSQL writes it) → "2026-11-23T19:15:00.123Z". */
export function isoFromUtcText(t: string): string {
  // Whole seconds come without a fraction; a fraction has 1-6 digits.
  return `${t.slice(0, 10)}T${t.slice(11, 19)}.${(t.slice(20, 23) + '000').slice(0, 3)}Z`;
}

// At most this many matches of each kind (fuzzy name, full text) are ranked for a search; pages reach this deep.
export const SEARCH_DEPTH = 500;

/**
 * One page of people. A list is a named prepared statement (planning was most of its cost); a search is planned
 * afresh each time, because the best plan depends on what is searched and a cached generic plan made rare misspellings
 * take 10× longer (bench/RESULTS.md). Keyset pagination on (sort column, id) so page 1,000 costs what page 1 costs;
 * a search is ranked by relevance and paged by offset within its best hits.
 */
export async function listContacts(database: Database, workspaceId: string, f: ListFilter, sort: string | undefined, cursor: string | undefined, limit: number, defs: CustomFieldRow[]): Promise<ContactItemPage> {
  const where = contactWhere(workspaceId, f, defs);
  if (f.q) {
    const offset = cursor ? decodeOffset(cursor) : 0;
    // The page of ids first, then the columns of those 51 people only.
    const list = await preparedRows<ItemRaw>(database, sql`
      WITH page AS MATERIALIZED (
        SELECT h.id, h.score FROM (${searchHits(workspaceId, where, f.q)}) h ORDER BY h.score DESC, h.id LIMIT ${limit + 1} OFFSET ${offset})
      SELECT ${ITEM_COLUMNS} FROM page h
      JOIN contacts c ON c.workspace_id = ${workspaceId}::uuid AND c.id = h.id
      ORDER BY h.score DESC, h.id`, false);
    const more = list.length > limit && offset + limit < SEARCH_DEPTH;
    return { items: list.slice(0, limit).map(itemFromRaw), nextCursor: more ? encodeOffset(offset + limit) : null };
  }
  const key = (sort ?? 'name').replace(/^-/, '') as keyof typeof SORT_COLUMNS;
  const desc = sort?.startsWith('-') ?? false;
  const col = sql.raw(SORT_COLUMNS[key]);
  const isName = key === 'name';
  let keyset: SQL = sql`true`;
  if (cursor) {
    const [v, id] = decodeKeyset(cursor);
    const val = isName ? sql`${v}::text` : sql`${v}::timestamptz`;
    keyset = desc ? sql`(${col}, c.id) < (${val}, ${id}::uuid)` : sql`(${col}, c.id) > (${val}, ${id}::uuid)`;
  }
  const dir = sql.raw(desc ? 'DESC' : 'ASC');
  // The cursor keeps the full precision of a timestamp (microseconds), so no row is skipped or repeated.
  const keyText = isName ? col : sql.raw(`to_char(${SORT_COLUMNS[key]} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`);
  const list = await preparedRows<ItemRaw & { k: string }>(database, sql`
    SELECT ${ITEM_COLUMNS}, ${keyText} AS k FROM contacts c
    WHERE ${where} AND ${keyset}
    ORDER BY ${col} ${dir}, c.id ${dir}
    LIMIT ${limit + 1}`, !f.custom?.length);
  const last = list.length > limit ? list[limit - 1] : undefined;
  return { items: list.slice(0, limit).map(itemFromRaw), nextCursor: last ? encodeKeyset([last.k, last.id]) : null };
}

// When the full text finds at least this many people, the fuzzy name side is not asked (see searchHits).
export const FUZZY_BELOW = 25;
// How many dictionary words (name_words) a misspelled query word may stand for, of each kind of nearness.
export const FUZZY_WORDS = 5;
// pg_trgm's word_similarity_threshold, which `<%` applies: how much of the query a fuzzy name match must cover.
const NAME_SIMILARITY = 0.6;
// A dictionary word must share at least this much with a typed word to stand for it ("shcolz" → "scholz" 0.29); a
// typed word with nothing above it (a number, a house name) is left out of the lookup, as the bar allows.
const WORD_FLOOR = 0.25;

/**
 * The ids of the people matching a search, each with its score: full-text matches (whole words of the name, e-mail,
 * company, address, tags, in both umlaut spellings), an exact e-mail, and — only when the full text found fewer than
 * FUZZY_BELOW people — fuzzy name matches for misspellings and word beginnings. At most SEARCH_DEPTH of each kind are
 * ranked: a broad query ("Anna", a job title, a city) matches tens of thousands of people at 1M; ranking all of them
 * cost up to 1.4 s (bench/RESULTS.md). Each branch scores the rows it read, so no row is fetched twice.
 *
 * The fuzzy side looks each query word up in the workspace's dictionary of name words (name_words, a GiST trigram
 * index): its FUZZY_WORDS nearest words by trigram similarity (typos, transpositions) and as many by word similarity
 * (a word's beginning), of those only the ones that could make the whole query match; and finds the people carrying
 * one of those for every query word through the full-text index. The people found must still match the whole query
 * fuzzily (`<%` on search_name), as before. A trigram index over a million names took 40-250 ms for common trigrams;
 * a dictionary of their distinct words is some 100× smaller.
 */
export function searchHits(workspaceId: string, where: SQL, q: string): SQL {
  const email = q.trim().toLowerCase();
  const { name, fullText, rank } = textSearch(q, 'c');
  const score = sql`greatest(${rank}, (c.email = ${email})::int)`;
  const groups = queryWordGroups(q);
  const groupOf = groups.flatMap((alternatives, i) => alternatives.map(() => i));
  // A word of n letters has n + 1 trigrams (pg_trgm pads it); the whole query must match a name with word similarity
  // ≥ NAME_SIMILARITY (`<%`), so a dictionary word is worth asking only if, with every other query word matching in
  // full, it could get there: word_similarity(typed, word) ≥ 1 - (1 - NAME_SIMILARITY) · all trigrams / its trigrams.
  // For a one-word query that is `<%` itself; "Otto Brondt" may take "brandt" (0.57).
  const miss = 1 - NAME_SIMILARITY;
  return sql`
    WITH ft AS MATERIALIZED (SELECT c.id, ${score} AS score FROM contacts c WHERE ${where} AND ${fullText} LIMIT ${SEARCH_DEPTH}),
    typed AS (SELECT * FROM unnest(${sql.param(groupOf)}::int[], ${sql.param(groups.flat())}::text[]) AS v(g, w)),
    sizes AS (SELECT g, min(length(w)) + 1 AS t, sum(min(length(w)) + 1) OVER () AS total FROM typed GROUP BY g),
    words AS MATERIALIZED (
      SELECT DISTINCT v.g, x.word FROM typed v JOIN sizes z ON z.g = v.g
      CROSS JOIN LATERAL (
        (SELECT d.word FROM name_words d WHERE d.workspace_id = ${workspaceId}::uuid ORDER BY d.word <-> v.w LIMIT ${FUZZY_WORDS})
        UNION
        (SELECT d.word FROM name_words d WHERE d.workspace_id = ${workspaceId}::uuid ORDER BY v.w <<-> d.word LIMIT ${FUZZY_WORDS})) x
      WHERE word_similarity(v.w, x.word) >= greatest(${WORD_FLOOR}::float, 1 - ${miss}::float * z.total / z.t)),
    -- Gives up when the query words the dictionary has nothing for hold too many of its trigrams to reach the bar.
    fuzzy AS MATERIALIZED (
      SELECT CASE WHEN (SELECT coalesce(sum(t) FILTER (WHERE g NOT IN (SELECT g FROM words)), 0) FROM sizes) <= ${miss}::float * (SELECT max(total) FROM sizes)
        THEN to_tsquery('german', s) || to_tsquery('english', s) END AS tsq FROM (
        SELECT string_agg(alternatives, ' & ') AS s FROM (
          SELECT '(' || string_agg(quote_literal(word), ' | ') || ')' AS alternatives FROM words GROUP BY g) a) b)
    SELECT id, max(score) AS score FROM (
      SELECT id, score FROM ft
      UNION ALL (SELECT c.id, ${score} AS score FROM contacts c WHERE ${where} AND c.email = ${email} LIMIT 10)
      UNION ALL (SELECT c.id, ${score} AS score FROM contacts c
        WHERE (SELECT count(*) FROM ft) < ${FUZZY_BELOW} AND ${where} AND c.search_tsv @@ (SELECT tsq FROM fuzzy) AND ${name}
        LIMIT ${SEARCH_DEPTH})
    ) matches GROUP BY id`;
}

/**
 * Recounts the dictionary of name words (name_words) from the people's search names, for one workspace or all, and
 * returns how many words it holds. The triggers keep it exact on every write; a load that bypassed triggers
 * (`session_replication_role = replica`, `pg_restore --disable-triggers`) needs this afterwards. Writes to contacts
 * wait meanwhile (SHARE lock), reads do not.
 */
export async function rebuildNameWords(ex: Executor, workspaceId?: string): Promise<number> {
  const only = workspaceId ? sql`workspace_id = ${workspaceId}::uuid` : sql`true`;
  await ex.execute(sql`LOCK TABLE contacts IN SHARE MODE`);
  await ex.execute(sql`DELETE FROM name_words WHERE ${only}`);
  // The triggers' own counting (migration 0007), over every person at once.
  await ex.execute(sql`SELECT parley_name_words_apply(array_agg(workspace_id), array_agg(search_name), array_agg(1)) FROM contacts WHERE ${only}`);
  const [r] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM name_words WHERE ${only}`);
  return Number(r?.n ?? 0);
}

/**
 * Counts the people matching a filter, capped so a count never scans a million rows for a badge: at 10,000 for a
 * list, at SEARCH_DEPTH for a search (what a search can page through). `capped` says the true number is higher.
 */
export async function countContacts(database: Database, workspaceId: string, f: ListFilter, defs: CustomFieldRow[]): Promise<{ total: number; capped: boolean }> {
  const where = contactWhere(workspaceId, f, defs);
  const cap = f.q ? SEARCH_DEPTH : 10_000;
  const from = f.q ? sql`(${searchHits(workspaceId, where, f.q)}) c` : sql`contacts c WHERE ${where}`;
  const [r] = await preparedRows<{ n: number }>(database, sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM ${from} LIMIT ${cap}) x`, !f.q && !f.custom?.length);
  const total = Number(r?.n ?? 0);
  return { total, capped: total >= cap };
}

/** Streams every person matching a filter in id order, in batches (exports). */
export async function* iterateContacts(ex: Executor, workspaceId: string, f: ListFilter, defs: CustomFieldRow[], batch = 1000): AsyncGenerator<ContactRow[]> {
  const where = contactWhere(workspaceId, f, defs);
  // A search exports what its list shows: the same hits (searchHits).
  const search = f.q ? sql`AND c.id IN (SELECT id FROM (${searchHits(workspaceId, where, f.q)}) h)` : sql``;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const list = await rows<ContactRaw>(ex, sql`
      SELECT ${ROW_COLUMNS} FROM contacts c
      WHERE ${where} ${search} AND c.id > ${after} ORDER BY c.id LIMIT ${batch}`);
    if (!list.length) return;
    yield list.map(fromRaw);
    after = list[list.length - 1]!.id;
  }
}

export function contactWhere(workspaceId: string, f: ListFilter, defs: CustomFieldRow[]): SQL {
  const parts: SQL[] = [sql`c.workspace_id = ${workspaceId}::uuid`, sql`c.merged_into IS NULL`];
  if (f.tags?.length) parts.push(sql`c.tags @> ${sql.param(f.tags)}::text[]`);
  if (f.ownerId) parts.push(sql`c.owner_id = ${f.ownerId}::uuid`);
  if (f.lifecycleStage?.length) parts.push(sql`c.lifecycle_stage = ANY(${sql.param(f.lifecycleStage)}::text[])`);
  if (f.companyId) parts.push(sql`c.company_id = ${f.companyId}::uuid`);
  if (f.createdFrom) parts.push(sql`c.created_at >= ${new Date(f.createdFrom)}`);
  if (f.createdTo) parts.push(sql`c.created_at <= ${endOf(f.createdTo)}`);
  if (f.updatedFrom) parts.push(sql`c.updated_at >= ${new Date(f.updatedFrom)}`);
  if (f.updatedTo) parts.push(sql`c.updated_at <= ${endOf(f.updatedTo)}`);
  for (const cond of f.custom ?? []) parts.push(customCondition(cond, defs));
  return sql.join(parts, sql` AND `);
}

// A bare date as an upper bound means "until the end of that day".
function endOf(v: string): Date {
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(`${v}T23:59:59.999Z`) : new Date(v);
}

/** Parses `key=value`, `key!=value`, `key>=n`, `key<=n`, `key>n`, `key<n`, `key~text` into SQL on the custom JSONB. */
export function customCondition(cond: string, defs: CustomFieldRow[]): SQL {
  const m = /^([a-z][a-z0-9_]*)\s*(!=|>=|<=|=|>|<|~)\s*(.*)$/.exec(cond);
  if (!m) throw new Validation('invalid_custom_filter', `Custom filter "${cond}" is not of the form key=value`);
  const [, key, op, raw] = m as unknown as [string, string, string, string];
  const def = defs.find((d) => d.key === key && d.entity === 'contact');
  if (!def) throw new Validation('unknown_custom_field', `There is no custom field "${key}"`);
  const field = sql`c.custom -> ${key}`;
  const text = sql`c.custom ->> ${key}`;
  if (op === '~') return sql`${text} ILIKE ${`%${raw.replace(/[%_\\]/g, '\\$&')}%`}`;
  if (def.type === 'multi_select') {
    if (op === '=') return sql`c.custom @> ${JSON.stringify({ [key]: [raw] })}::jsonb`;
    if (op === '!=') return sql`NOT (c.custom @> ${JSON.stringify({ [key]: [raw] })}::jsonb)`;
  }
  if (op === '=' || op === '!=') {
    const value = def.type === 'number' ? Number(raw) : def.type === 'boolean' ? raw === 'true' : raw;
    if (def.type === 'number' && Number.isNaN(value)) throw new Validation('invalid_custom_filter', `"${raw}" is not a number`);
    const contains = sql`c.custom @> ${JSON.stringify({ [key]: value })}::jsonb`;
    return op === '=' ? contains : sql`NOT ${contains}`;
  }
  const sqlOp = sql.raw(op);
  if (def.type === 'number') {
    const n = Number(raw);
    if (Number.isNaN(n)) throw new Validation('invalid_custom_filter', `"${raw}" is not a number`);
    return sql`jsonb_typeof(${field}) = 'number' AND (${field})::numeric ${sqlOp} ${n}`;
  }
  if (def.type === 'date') return sql`${text} ${sqlOp} ${raw}`;
  throw new Validation('invalid_custom_filter', `The field "${key}" cannot be compared with ${op}`);
}

interface ContactRaw {
  workspace_id: string; id: string; first_name: string | null; last_name: string | null; email: string | null;
  emails: ContactRow['emails']; phone: string | null; phones: ContactRow['phones']; addresses: ContactRow['addresses'];
  job_title: string | null; company_id: string | null; company_name: string | null; first_phone: string | null; city: string | null; website: string | null; birthday: string | null; language: string | null;
  lifecycle_stage: string | null; owner_id: string | null; tags: string[]; custom: Record<string, unknown>; merged_into: string | null;
  sort_name: string; dedupe_keys: string[]; search_name: string; search_doc: string; created_at: Date | string; updated_at: Date | string;
}

function fromRaw(r: ContactRaw): ContactRow {
  return {
    workspaceId: r.workspace_id, id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email, emails: r.emails,
    phone: r.phone, phones: r.phones, addresses: r.addresses, jobTitle: r.job_title, companyId: r.company_id, companyName: r.company_name,
    firstPhone: r.first_phone, city: r.city, website: r.website,
    birthday: r.birthday, language: r.language, lifecycleStage: r.lifecycle_stage, ownerId: r.owner_id, tags: r.tags, custom: r.custom,
    mergedInto: r.merged_into, sortName: r.sort_name, dedupeKeys: r.dedupe_keys, searchName: r.search_name, searchDoc: r.search_doc, searchTsv: null,
    createdAt: new Date(r.created_at), updatedAt: new Date(r.updated_at),
  };
}

function encodeKeyset(v: [string, string]): string {
  return encodeCursor(v);
}
function decodeKeyset(c: string): [string, string] {
  const v = decodeCursor(c, 2) as [string, string];
  if (!/^[0-9a-f-]{36}$/.test(v[1])) throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
  return v;
}
function encodeOffset(n: number): string {
  return encodeKeyset([String(n), '00000000-0000-0000-0000-000000000000']);
}
function decodeOffset(c: string): number {
  const n = Number(decodeKeyset(c)[0]);
  if (!Number.isInteger(n) || n < 0 || n > SEARCH_DEPTH) throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
  return n;
}

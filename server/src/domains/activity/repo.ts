import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { preparedRows, rows, run, statement, type Database, type Executor } from '../../db/client.ts';
import { quoteSql } from '../../lib/quote.ts';
import { activities, companies, contacts, documents, follows, roomNotes, roomPosts, rooms, teamMembers, users } from '../../db/schema.ts';

export type ActivityRow = typeof activities.$inferInsert;
export type FollowRow = typeof follows.$inferInsert;
export interface StoredActivity {
  id: string; occurred_at: Date | string; actor_id: string | null; verb: string; record_type: string; record_id: string;
  team_id: string | null; hashtags: string[]; summary: Record<string, unknown>;
}

/**
 * What a reader may see: the record types, for experts only the conversations they were consulted on, and of rooms
 * and their documents either all (admins) or those the user reads (public rooms and their own private ones).
 */
export interface Scope { types: string[]; conversationIds: string[] | null; rooms?: RoomReader }
export type RoomReader = 'all' | { workspaceId: string; userId: string | null };
export interface Filters { type?: string | undefined; person?: string | undefined; hashtag?: string | undefined; cursor?: string | undefined; limit: number }

/** Inserts activities, one statement per 1,000; an event already turned into an activity is skipped. */
export async function insertActivities(ex: Executor, list: ActivityRow[]): Promise<void> {
  for (let i = 0; i < list.length; i += 1000) {
    const part = list.slice(i, i + 1000);
    const col = <T>(f: (a: ActivityRow) => T) => part.map(f);
    await run(ex, INSERT_ACTIVITIES, [col((a) => a.workspaceId), col((a) => a.id), col((a) => new Date(a.occurredAt).toISOString()), col((a) => a.actorId ?? null), col((a) => a.verb),
      col((a) => a.recordType), col((a) => a.recordId), col((a) => a.teamId ?? null), col((a) => JSON.stringify(a.hashtags ?? [])), col((a) => JSON.stringify(a.summary))]);
  }
}
// One prepared text for any number of rows (db/client.ts statement): the activity handler writes a job's lot at once.
const INSERT_ACTIVITIES = statement(`INSERT INTO activities (workspace_id, id, occurred_at, actor_id, verb, record_type, record_id, team_id, hashtags, summary)
  SELECT v.workspace_id, v.id, v.occurred_at, v.actor_id, v.verb, v.record_type, v.record_id, v.team_id, ARRAY(SELECT jsonb_array_elements_text(v.hashtags::jsonb)), v.summary::jsonb
  FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::uuid[], $9::text[], $10::text[])
    AS v(workspace_id, id, occurred_at, actor_id, verb, record_type, record_id, team_id, hashtags, summary)
  ON CONFLICT DO NOTHING`);

/** Inserts follows; an existing follow keeps its first reason. */
export async function insertFollows(ex: Executor, list: FollowRow[]): Promise<void> {
  for (let i = 0; i < list.length; i += 1000) await ex.insert(follows).values(list.slice(i, i + 1000)).onConflictDoNothing();
}

/** Deletes a gone record's activities and follows. */
export async function removeRecord(ex: Executor, workspaceId: string, recordType: string, recordId: string): Promise<void> {
  await ex.delete(activities).where(and(eq(activities.workspaceId, workspaceId), eq(activities.recordType, recordType), eq(activities.recordId, recordId)));
  await ex.delete(follows).where(and(eq(follows.workspaceId, workspaceId), eq(follows.recordType, recordType), eq(follows.recordId, recordId)));
}

/** Deletes one follow; true when there was one. */
export async function deleteFollow(ex: Executor, workspaceId: string, userId: string, recordType: string, recordId: string): Promise<boolean> {
  const gone = await ex.delete(follows).where(and(eq(follows.workspaceId, workspaceId), eq(follows.userId, userId), eq(follows.recordType, recordType), eq(follows.recordId, recordId))).returning();
  return gone.length > 0;
}

/** A user's follows, newest first. */
export async function listFollows(ex: Executor, workspaceId: string, userId: string) {
  return ex.select().from(follows).where(and(eq(follows.workspaceId, workspaceId), eq(follows.userId, userId))).orderBy(sql`${follows.createdAt} DESC`).limit(5000);
}

/** The user's follow of a record (or none) and how many follow it. */
export async function followState(ex: Executor, workspaceId: string, userId: string, recordType: string, recordId: string) {
  const list = await ex.select({ userId: follows.userId, reason: follows.reason }).from(follows)
    .where(and(eq(follows.workspaceId, workspaceId), eq(follows.recordType, recordType), eq(follows.recordId, recordId)));
  return { mine: list.find((f) => f.userId === userId) ?? null, followers: list.length };
}

/** The names of people and companies now, by id (titles of activities whose event does not carry one, e.g. a note). */
export async function recordTitles(ex: Executor, workspaceId: string, refs: { type: string; id: string }[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const people = [...new Set(refs.filter((r) => r.type === 'contact').map((r) => r.id))];
  const firms = [...new Set(refs.filter((r) => r.type === 'company').map((r) => r.id))];
  if (people.length) {
    const list = await ex.select({ id: contacts.id, first: contacts.firstName, last: contacts.lastName }).from(contacts)
      .where(and(eq(contacts.workspaceId, workspaceId), inArray(contacts.id, people)));
    for (const c of list) out.set(c.id, [c.first, c.last].filter(Boolean).join(' '));
  }
  if (firms.length) {
    const list = await ex.select({ id: companies.id, name: companies.name }).from(companies).where(and(eq(companies.workspaceId, workspaceId), inArray(companies.id, firms)));
    for (const c of list) out.set(c.id, c.name);
  }
  return out;
}

/** The team of each user (the first by id when in several): an activity without a team of its record is its actor's. */
export async function teamsOfUsers(ex: Executor, workspaceId: string, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const list = await ex.select({ userId: teamMembers.userId, teamId: teamMembers.teamId }).from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, workspaceId), inArray(teamMembers.userId, [...new Set(userIds)]))).orderBy(teamMembers.teamId);
  const out = new Map<string, string>();
  for (const m of list) if (!out.has(m.userId)) out.set(m.userId, m.teamId);
  return out;
}

/** Names of users by id. */
export async function userNames(ex: Executor, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const list = await ex.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids)));
  return new Map(list.map((u) => [u.id, u.name]));
}

function list(values: string[]): SQL {
  return sql.join(values.map((v) => sql`${v}`), sql`, `);
}

// The conditions every stream shares: the reader's scope, the filters, the cursor (keyset on the time-ordered id).
function conditions(a: string, scope: Scope, f: Filters): SQL {
  const t = sql.raw(a);
  const parts: SQL[] = [scope.types.length ? sql`${t}.record_type IN (${list(scope.types)})` : sql`false`];
  if (scope.conversationIds) {
    parts.push(scope.conversationIds.length
      ? sql`(${t}.record_type <> 'conversation' OR ${t}.record_id IN (${list(scope.conversationIds)}))`
      : sql`${t}.record_type <> 'conversation'`);
  }
  if (scope.rooms && scope.rooms !== 'all') parts.push(sql`(${t}.record_type NOT IN ('room', 'document') OR ${t}.record_id IN (${readableRoomRecords(scope.rooms)}))`);
  if (f.cursor) parts.push(sql`${t}.id < ${f.cursor}::uuid`);
  if (f.type) parts.push(sql`(${t}.verb = ${f.type} OR ${t}.verb LIKE ${`${f.type}.%`})`);
  if (f.person) parts.push(sql`${t}.actor_id = ${f.person}::uuid`);
  if (f.hashtag) parts.push(sql`${t}.hashtags @> ARRAY[${f.hashtag}]::text[]`);
  return sql.join(parts, sql` AND `);
}

// The rooms a user reads (the rule of domains/rooms/access.ts: public, or a member) and their documents. Not correlated
// with the activity row: PostgreSQL builds it once per query (a hashed subplan), and its text is the same for every
// user, so the personal stream stays a prepared statement.
function readableRoomRecords(r: { workspaceId: string; userId: string | null }): SQL {
  const readable = sql`r.workspace_id = ${r.workspaceId}::uuid AND (r.visibility = 'public'
    OR EXISTS (SELECT 1 FROM room_members m WHERE m.workspace_id = r.workspace_id AND m.room_id = r.id AND m.user_id = ${r.userId}::uuid))`;
  return sql`SELECT r.id FROM rooms r WHERE ${readable}
    UNION ALL SELECT d.id FROM documents d JOIN rooms r ON r.workspace_id = d.workspace_id AND r.id = d.room_id WHERE ${readable}`;
}

const COLUMNS = sql.raw('a.id, a.occurred_at, a.actor_id, a.verb, a.record_type, a.record_id, a.team_id, a.hashtags, a.summary');

/**
 * The personal stream: the newest activities of every followed record, in two steps. First the newest matching
 * activity of each followed record (one index probe each); only the `limit` records with the newest can hold the
 * page (a record ranked lower has `limit` newer activities ahead of its newest), so then the top `limit` of just those
 * records are read and merged. The cost grows with the number of follows, not of activities (bench/activity-stream.ts).
 */
export function personalStreamQuery(workspaceId: string, userId: string, scope: Scope, f: Filters): SQL {
  const n = f.limit + 1;
  return sql`WITH latest AS (
      SELECT fo.record_type, fo.record_id, x.id FROM follows fo CROSS JOIN LATERAL (
        SELECT a.id FROM activities a
        WHERE a.workspace_id = fo.workspace_id AND a.record_type = fo.record_type AND a.record_id = fo.record_id AND ${conditions('a', scope, f)}
        ORDER BY a.id DESC LIMIT 1
      ) x
      WHERE fo.workspace_id = ${workspaceId}::uuid AND fo.user_id = ${userId}::uuid
      ORDER BY x.id DESC LIMIT ${n}
    ), top AS (
      SELECT y.id FROM latest l CROSS JOIN LATERAL (
        SELECT a.id FROM activities a
        WHERE a.workspace_id = ${workspaceId}::uuid AND a.record_type = l.record_type AND a.record_id = l.record_id AND ${conditions('a', scope, f)}
        ORDER BY a.id DESC LIMIT ${n}
      ) y
      ORDER BY y.id DESC LIMIT ${n}
    )
    SELECT ${COLUMNS} FROM top JOIN activities a ON a.workspace_id = ${workspaceId}::uuid AND a.id = top.id
    ORDER BY a.id DESC`;
}

/** A page of the personal stream (limit + 1 rows: the extra one says there is a next page). */
export async function personalStream(database: Database, workspaceId: string, userId: string, scope: Scope, f: Filters): Promise<StoredActivity[]> {
  // Experts' scope lists ids: that text varies without bound, so it is not kept prepared.
  return preparedRows<StoredActivity>(database, personalStreamQuery(workspaceId, userId, scope, f), !scope.conversationIds);
}

/** A page of the stream of one record, of one team, or of the whole workspace. */
export async function stream(ex: Executor, workspaceId: string, where: { record?: { type: string; id: string }; teamId?: string }, scope: Scope, f: Filters): Promise<StoredActivity[]> {
  const parts: SQL[] = [sql`a.workspace_id = ${workspaceId}::uuid`, conditions('a', scope, f)];
  if (where.record) parts.push(sql`a.record_type = ${where.record.type} AND a.record_id = ${where.record.id}::uuid`);
  if (where.teamId) parts.push(sql`a.team_id = ${where.teamId}::uuid`);
  return rows<StoredActivity>(ex, sql`SELECT ${COLUMNS} FROM activities a WHERE ${sql.join(parts, sql` AND `)} ORDER BY a.id DESC LIMIT ${f.limit + 1}`);
}

/** Rooms' names and teams, posts' text and notes' titles by id (what room activities show; their events carry ids). */
export async function roomContext(ex: Executor, workspaceId: string, ids: { rooms: string[]; documents: string[]; posts: string[]; notes: string[] }) {
  const [roomList, documentList, postList, noteList] = await Promise.all([
    ids.rooms.length ? ex.select({ id: rooms.id, name: rooms.name, teamId: rooms.teamId }).from(rooms)
      .where(and(eq(rooms.workspaceId, workspaceId), inArray(rooms.id, [...new Set(ids.rooms)]))) : [],
    ids.documents.length ? ex.select({ id: documents.id, name: documents.name }).from(documents)
      .where(and(eq(documents.workspaceId, workspaceId), inArray(documents.id, [...new Set(ids.documents)]))) : [],
    ids.posts.length ? ex.select({ id: roomPosts.id, body: roomPosts.body, deletedAt: roomPosts.deletedAt }).from(roomPosts)
      .where(and(eq(roomPosts.workspaceId, workspaceId), inArray(roomPosts.id, [...new Set(ids.posts)]))) : [],
    ids.notes.length ? ex.select({ id: roomNotes.id, title: roomNotes.title }).from(roomNotes)
      .where(and(eq(roomNotes.workspaceId, workspaceId), inArray(roomNotes.id, [...new Set(ids.notes)]))) : [],
  ]);
  return {
    rooms: new Map(roomList.map((r) => [r.id, r])),
    documents: new Map(documentList.map((d) => [d.id, d.name])),
    posts: new Map(postList.map((p) => [p.id, p.deletedAt ? '' : p.body])),
    notes: new Map(noteList.map((n) => [n.id, n.title])),
  };
}

// The written things whose text an activity quotes, and their tables (fixed names: never from input).
const TEXT_SOURCES = { comment: 'comments', room_post: 'room_posts' } as const;
export type TextSource = keyof typeof TEXT_SOURCES;

/**
 * Makes every activity of the given comments (or room posts) quote their text as it is now: an edit changes the
 * excerpt and hashtags, a deletion removes both. One statement that reads the text and writes the activities, so
 * whichever handler runs last leaves the current text, in any order.
 */
export async function syncQuotedText(ex: Executor, workspaceId: string, source: TextSource, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const table = sql.raw(TEXT_SOURCES[source]);
  const res = await rows<{ id: string }>(ex, sql`
    WITH src AS (
      SELECT s.id, s.deleted_at IS NOT NULL AS gone, s.hashtags, ${quoteSql(sql`s.body`, DETAIL_MAX)} AS quote
      FROM ${table} s WHERE s.workspace_id = ${workspaceId}::uuid AND s.id = ANY(${sql.param(ids)}::uuid[])
    )
    UPDATE activities a SET
      summary = CASE WHEN src.gone OR src.quote = '' THEN a.summary - 'detail' ELSE jsonb_set(a.summary, '{detail}', to_jsonb(src.quote)) END,
      hashtags = CASE WHEN src.gone THEN '{}'::text[] ELSE src.hashtags END
    FROM events e JOIN src ON src.id = e.subject_id
    WHERE e.workspace_id = ${workspaceId}::uuid AND e.subject_type = ${source} AND e.subject_id = ANY(${sql.param(ids)}::uuid[])
      AND a.workspace_id = ${workspaceId}::uuid AND a.id = e.id
    RETURNING a.id`);
  return res.length;
}

/** The longest detail an activity quotes. */
export const DETAIL_MAX = 140;

/** Who follows any of the records (each user once). */
export async function followersOf(ex: Executor, workspaceId: string, records: { type: string; id: string }[]): Promise<string[]> {
  if (records.length === 0) return [];
  const list = await ex.selectDistinct({ userId: follows.userId }).from(follows).where(and(eq(follows.workspaceId, workspaceId),
    or(...records.map((r) => and(eq(follows.recordType, r.type), eq(follows.recordId, r.id))))));
  return list.map((f) => f.userId);
}

/** The active users among the ids, with their role and language (to ask what each may read). */
export async function activeUsers(ex: Executor, workspaceId: string, ids: string[]): Promise<{ id: string; role: string; language: string }[]> {
  if (ids.length === 0) return [];
  return ex.select({ id: users.id, role: users.role, language: users.language }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), inArray(users.id, ids), eq(users.status, 'active')));
}

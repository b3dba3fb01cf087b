import { and, asc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { rows, type Executor } from '../../db/client.ts';
import { tasks, users } from '../../db/schema.ts';
import { Validation } from '../../lib/errors.ts';

export type TaskRow = typeof tasks.$inferSelect;
export type TaskInsert = typeof tasks.$inferInsert;

/** A task with the names of its assignee and creator. */
export type TaskWithNames = TaskRow & { assigneeName: string | null; creatorName: string | null };

// The users table belongs to the workspace domain; tasks only read names and the active flag from it (as the
// contacts domain does for owners), so a list costs one query instead of one per user.
const assignee = alias(users, 'assignee');
const creator = alias(users, 'creator');

function selectWithNames(ex: Executor) {
  return ex.select({ task: tasks, assigneeName: assignee.name, creatorName: creator.name }).from(tasks)
    .leftJoin(assignee, and(eq(assignee.workspaceId, tasks.workspaceId), eq(assignee.id, tasks.assigneeId)))
    .leftJoin(creator, and(eq(creator.workspaceId, tasks.workspaceId), eq(creator.id, tasks.createdBy)));
}

function withNames(r: { task: TaskRow; assigneeName: string | null; creatorName: string | null }): TaskWithNames {
  return { ...r.task, assigneeName: r.assigneeName, creatorName: r.creatorName };
}

export async function findTask(ex: Executor, workspaceId: string, id: string): Promise<TaskWithNames | undefined> {
  const [r] = await selectWithNames(ex).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
  return r && withNames(r);
}

export async function insertTask(ex: Executor, values: TaskInsert): Promise<void> {
  await ex.insert(tasks).values(values);
}

export async function updateTask(ex: Executor, workspaceId: string, id: string, set: Partial<TaskInsert>): Promise<void> {
  await ex.update(tasks).set({ ...set, updatedAt: new Date() }).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
}

export async function deleteTask(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(tasks).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.id, id)));
}

/** The user when they are an active user of the workspace. */
export async function findActiveUser(ex: Executor, workspaceId: string, id: string): Promise<{ id: string; name: string } | undefined> {
  const [u] = await ex.select({ id: users.id, name: users.name }).from(users)
    .where(and(eq(users.workspaceId, workspaceId), eq(users.id, id), eq(users.status, 'active')));
  return u;
}

export interface TaskFilter {
  /** A user id, or null for unassigned tasks. */
  assigneeId?: string | null;
  status?: string;
  record?: { type: string; id: string };
  /** Due in [dueFrom, dueTo). */
  dueFrom?: Date;
  dueTo?: Date;
  /** Open and due before this instant. */
  overdueAt?: Date;
  /** Only tasks assigned to or created by this user (experts). */
  ownerId?: string;
}

function taskWhere(workspaceId: string, f: TaskFilter): SQL {
  const parts: (SQL | undefined)[] = [eq(tasks.workspaceId, workspaceId)];
  if (f.assigneeId !== undefined) parts.push(f.assigneeId === null ? isNull(tasks.assigneeId) : eq(tasks.assigneeId, f.assigneeId));
  if (f.status) parts.push(eq(tasks.status, f.status));
  if (f.record) parts.push(eq(tasks.recordType, f.record.type), eq(tasks.recordId, f.record.id));
  if (f.dueFrom) parts.push(gte(tasks.dueAt, f.dueFrom));
  if (f.dueTo) parts.push(lt(tasks.dueAt, f.dueTo));
  if (f.overdueAt) parts.push(lt(tasks.dueAt, f.overdueAt), eq(tasks.status, 'open'));
  if (f.ownerId) parts.push(or(eq(tasks.assigneeId, f.ownerId), eq(tasks.createdBy, f.ownerId)));
  return and(...parts)!;
}

/**
 * One page of tasks by due date, tasks without one last (PostgreSQL's ascending order puts NULL last). Keyset
 * pagination on (due_at, id): a page deep in the list costs what the first one costs.
 */
export async function listTasks(ex: Executor, workspaceId: string, f: TaskFilter, cursor: string | undefined, limit: number) {
  let keyset: SQL | undefined;
  if (cursor) {
    const [due, id] = decodeCursor(cursor);
    keyset = due === null
      ? and(isNull(tasks.dueAt), gt(tasks.id, id))
      : or(gt(tasks.dueAt, due), and(eq(tasks.dueAt, due), gt(tasks.id, id)), isNull(tasks.dueAt));
  }
  const list = (await selectWithNames(ex).where(and(taskWhere(workspaceId, f), keyset))
    .orderBy(asc(tasks.dueAt), asc(tasks.id)).limit(limit + 1)).map(withNames);
  const items = list.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: list.length > limit && last ? encodeCursor(last.dueAt, last.id) : null };
}

/** A user's open tasks: all, overdue at `now`, due in [dayFrom, dayTo). One index range (tasks_assignee). */
export async function countOpenTasks(ex: Executor, workspaceId: string, userId: string, now: Date, dayFrom: Date, dayTo: Date) {
  const [r] = await ex.select({
    open: sql<number>`count(*)::int`,
    overdue: sql<number>`(count(*) FILTER (WHERE ${tasks.dueAt} < ${now}))::int`,
    dueToday: sql<number>`(count(*) FILTER (WHERE ${tasks.dueAt} >= ${dayFrom} AND ${tasks.dueAt} < ${dayTo}))::int`,
  }).from(tasks).where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.assigneeId, userId), eq(tasks.status, 'open')));
  return { open: Number(r?.open ?? 0), overdue: Number(r?.overdue ?? 0), dueToday: Number(r?.dueToday ?? 0) };
}

/** A task found by the quick search. */
export interface TaskSearchRow { id: string; title: string; status: string; dueAt: Date | null; assigneeName: string | null; score: number }

// How many of the newest matching tasks the quick search ranks. A word found in thousands of titles ("Rückruf")
// would otherwise score every one of them: measured on PostgreSQL 15 (2-core dev machine, busy) with 25,000 tasks
// in a workspace, ranking all ~4,700 matches took 200-300 ms, the newest 200 12-20 ms; a rare word goes through
// the trigram index either way (~7 ms).
const SEARCH_CANDIDATES = 200;

/**
 * Tasks whose title matches any of the query spellings, best first (then open before done, newer before older),
 * with a score from 0 to 1. Uses the trigram index on lower(title): `<%` (word similarity, so one word of a long
 * title matches) and LIKE for a fragment inside a word ("heiz" in "Gasheizung").
 */
export async function searchTasks(ex: Executor, workspaceId: string, spellings: string[], fragment: string, ownerId: string | undefined, limit: number): Promise<TaskSearchRow[]> {
  const like = `%${fragment.replace(/[\\%_]/g, '\\$&')}%`;
  const match = sql.join([...spellings.map((s) => sql`${s} <% lower(t.title)`), sql`lower(t.title) LIKE ${like}`], sql` OR `);
  const similarity = sql.join(spellings.map((s) => sql`word_similarity(${s}, lower(c.title))`), sql`, `);
  const owner = ownerId ? sql`AND (t.assignee_id = ${ownerId} OR t.created_by = ${ownerId})` : sql``;
  const list = await rows<{ id: string; title: string; status: string; due_at: string | Date | null; assignee_name: string | null; score: number }>(ex, sql`
    WITH candidates AS (
      SELECT t.id, t.title, t.status, t.due_at, t.assignee_id FROM tasks t
      WHERE t.workspace_id = ${workspaceId} ${owner} AND (${match})
      ORDER BY t.id DESC
      LIMIT ${SEARCH_CANDIDATES}
    )
    SELECT c.id, c.title, c.status, c.due_at, u.name AS assignee_name,
      least(1, greatest(${similarity}, CASE WHEN lower(c.title) LIKE ${like} THEN 0.6 ELSE 0 END)) AS score
    FROM candidates c
    LEFT JOIN users u ON u.workspace_id = ${workspaceId} AND u.id = c.assignee_id
    ORDER BY score DESC, c.status = 'open' DESC, c.id DESC
    LIMIT ${limit}`);
  return list.map((r) => ({
    id: r.id, title: r.title, status: r.status, dueAt: r.due_at === null ? null : new Date(r.due_at), assigneeName: r.assignee_name, score: Number(r.score),
  }));
}

function encodeCursor(due: Date | null, id: string): string {
  return Buffer.from(JSON.stringify([due?.toISOString() ?? null, id])).toString('base64url');
}

function decodeCursor(c: string): [Date | null, string] {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown;
    if (Array.isArray(v) && v.length === 2 && (v[0] === null || typeof v[0] === 'string') && typeof v[1] === 'string' && /^[0-9a-f-]{36}$/.test(v[1])) {
      const due = v[0] === null ? null : new Date(v[0]);
      if (due === null || !Number.isNaN(due.getTime())) return [due, v[1]];
    }
  } catch { /* fall through */ }
  throw new Validation('invalid_cursor', 'The cursor is not valid; start from the first page');
}

/** How many tasks hang on a person. */
export async function countContactTasks(ex: Executor, workspaceId: string, contactId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(ex, sql`SELECT count(*)::int AS n FROM tasks WHERE workspace_id = ${workspaceId} AND record_type = 'contact' AND record_id = ${contactId}`);
  return Number(r?.n ?? 0);
}

/** Links every task of one person to another (a merge); returns the ids moved. */
export async function moveContactTasks(ex: Executor, workspaceId: string, fromId: string, toId: string): Promise<string[]> {
  const moved = await ex.update(tasks).set({ recordId: toId })
    .where(and(eq(tasks.workspaceId, workspaceId), eq(tasks.recordType, 'contact'), eq(tasks.recordId, fromId))).returning({ id: tasks.id });
  return moved.map((r) => r.id);
}

/** Links these tasks to a person again (an undone merge). */
export async function linkTasksToContact(ex: Executor, workspaceId: string, ids: string[], contactId: string): Promise<void> {
  await ex.update(tasks).set({ recordId: contactId }).where(and(eq(tasks.workspaceId, workspaceId), inArray(tasks.id, ids)));
}

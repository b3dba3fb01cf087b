import type { RecordRef } from '@parley/contracts/events';
import type { Task, TaskCounts, TaskInput, TaskPatch, TaskRecordType, TaskStatus } from '@parley/contracts/tasks';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { foldText, transliterateGerman } from '../../lib/text.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { canSeeTask, taskScope } from '../../policies/tasks.ts';
import * as contactsService from '../contacts/service.ts';
import { dueWindow, todayIn } from './due.ts';
import { presentTask } from './presenter.ts';
import * as repo from './repo.ts';
// Registers tasks linked to a person as their personal data (GDPR export and erasure).
import './personal-data.ts';

// How a link is checked, per record type: a type added to TASK_RECORD_TYPES does not compile until it has one.
const RECORD_CHECKS: Record<TaskRecordType, (deps: Deps, actor: Actor, id: string) => Promise<boolean>> = {
  contact: (deps, actor, id) => contactsService.recordExists(deps, actor, 'contact', id),
  company: (deps, actor, id) => contactsService.recordExists(deps, actor, 'company', id),
};

// A person's tasks go with them when people are merged, and come back when the merge is undone.
contactsService.registerLinkedRecordMover({
  kind: 'tasks',
  count: repo.countContactTasks,
  move: repo.moveContactTasks,
  moveBack: repo.linkTasksToContact,
});

export interface TaskListInput {
  assignee?: 'me' | string;
  status?: TaskStatus;
  due?: 'overdue' | 'today' | 'week';
  recordType?: TaskRecordType;
  recordId?: string;
  tz?: string;
  cursor?: string;
  limit: number;
}

/** Creates a task, assigned to the creator unless told otherwise; a task linked to a record shows on its timeline. */
export async function createTask(deps: Deps, actor: Actor, input: TaskInput): Promise<Task> {
  authorize(actor, 'tasks:write');
  // Checked before the transaction: the other domain reads through deps.db, which on PGlite (one connection)
  // would wait for the open transaction. A record deleted in between leaves a stale link, as a later delete does.
  if (input.recordType && input.recordId) await assertRecord(deps, actor, input.recordType, input.recordId);
  return deps.db.transaction(async (tx) => {
    const assigneeId = input.assigneeId === undefined ? actor.userId : input.assigneeId;
    if (assigneeId) await assertAssignee(tx, actor, assigneeId);
    const id = newId();
    const now = new Date();
    const status = input.status ?? 'open';
    await repo.insertTask(tx, {
      workspaceId: actor.workspaceId, id, title: input.title, description: input.description || null,
      dueAt: input.dueAt ? new Date(input.dueAt) : null, assigneeId, status,
      recordType: input.recordType ?? null, recordId: input.recordId ?? null, createdBy: actor.userId,
      createdAt: now, updatedAt: now, completedAt: status === 'done' ? now : null,
    });
    const task = presentTask((await repo.findTask(tx, actor.workspaceId, id))!);
    await emit(tx, deps.queue, actor, { type: 'task.created', subject: { type: 'task', id }, payload: { after: task, related: related(task) } });
    return task;
  });
}

/** A task by id (404 when not in the actor's workspace, or when an expert is neither its assignee nor its creator). */
export async function getTask(deps: Deps, actor: Actor, id: string): Promise<Task> {
  authorize(actor, 'tasks:read');
  return presentTask(await findVisible(deps.db, actor, id));
}

/** Changes the fields sent. Done sets completedAt, reopening clears it; a changed link updates both timelines. */
export async function updateTask(deps: Deps, actor: Actor, id: string, patch: TaskPatch): Promise<Task> {
  authorize(actor, 'tasks:write');
  if (patch.recordType && patch.recordId) await assertRecord(deps, actor, patch.recordType, patch.recordId);
  return deps.db.transaction(async (tx) => {
    const before = await findVisible(tx, actor, id);
    const set: Partial<repo.TaskInsert> = {};
    if (patch.title !== undefined) set.title = patch.title;
    if (patch.description !== undefined) set.description = patch.description || null;
    if (patch.dueAt !== undefined) set.dueAt = patch.dueAt === null ? null : new Date(patch.dueAt);
    if (patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeId) {
      if (patch.assigneeId) await assertAssignee(tx, actor, patch.assigneeId);
      set.assigneeId = patch.assigneeId;
    }
    if (patch.status !== undefined && patch.status !== before.status) {
      set.status = patch.status;
      set.completedAt = patch.status === 'done' ? new Date() : null;
    }
    if (patch.recordType !== undefined) {
      set.recordType = patch.recordType;
      set.recordId = patch.recordId ?? null;
    }
    const beforeView = presentTask(before);
    // A field sent with the value it has is no change: no write, no event, no timeline entry.
    for (const [k, v] of Object.entries(set) as [keyof typeof set, unknown][]) if (same(v, before[k as keyof repo.TaskRow])) delete set[k];
    if (Object.keys(set).length === 0) return beforeView;
    await repo.updateTask(tx, actor.workspaceId, id, set);
    const after = presentTask((await repo.findTask(tx, actor.workspaceId, id))!);
    await emit(tx, deps.queue, actor, {
      type: 'task.updated', subject: { type: 'task', id },
      payload: { before: beforeView, after, related: related(beforeView, after) },
    });
    return after;
  });
}

/** Deletes a task; the records it was linked to keep the entry on their timeline. */
export async function deleteTask(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'tasks:write');
  await deps.db.transaction(async (tx) => {
    const before = presentTask(await findVisible(tx, actor, id));
    await repo.deleteTask(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'task.deleted', subject: { type: 'task', id }, payload: { before, related: related(before) } });
  });
}

/** A page of tasks by due date; experts only get their own. */
export async function listTasks(deps: Deps, actor: Actor, q: TaskListInput): Promise<{ items: Task[]; nextCursor: string | null }> {
  authorize(actor, 'tasks:read');
  const filter: repo.TaskFilter = { ownerId: taskScope(actor)?.ownerId };
  // "me" for an actor without a user (the system) matches no assignee rather than every unassigned task.
  if (q.assignee) filter.assigneeId = q.assignee === 'me' ? actor.userId ?? NO_USER : q.assignee;
  if (q.status) filter.status = q.status;
  if (q.recordType && q.recordId) filter.record = { type: q.recordType, id: q.recordId };
  if (q.due) {
    const w = dueWindow(q.due, new Date(), q.tz);
    Object.assign(filter, { dueFrom: w.from, dueTo: w.to, overdueAt: w.overdueAt });
  }
  const page = await repo.listTasks(deps.db, actor.workspaceId, filter, q.cursor, q.limit);
  return { items: page.items.map(presentTask), nextCursor: page.nextCursor };
}

/** The actor's open tasks, overdue ones and those due today (in the time zone `tz`), for a badge. */
export async function countMyTasks(deps: Deps, actor: Actor, tz?: string): Promise<TaskCounts> {
  authorize(actor, 'tasks:read');
  if (!actor.userId) return { open: 0, overdue: 0, dueToday: 0 };
  const now = new Date();
  const today = todayIn(now, tz);
  return repo.countOpenTasks(deps.db, actor.workspaceId, actor.userId, now, today.from, today.to);
}

/** A task found by the quick search (Ctrl+K). */
export interface TaskSearchHit { id: string; title: string; status: TaskStatus; dueAt: Date | null; assigneeName: string | null; score: number }

/**
 * The tasks whose title best matches a quick search, best first, with a score from 0 to 1; experts only search
 * their own. Titles are indexed as written (lower(title)), so the query is sent in the spellings an umlaut may take:
 * as typed, without diacritics, transliterated and back ("Müller", "muller", "mueller"), and for a query typed
 * without umlauts, with one a/o/u made an umlaut ("Muller" → "müller"): each is one more trigram index lookup.
 */
export async function searchTasks(deps: Deps, actor: Actor, q: string, limit: number): Promise<TaskSearchHit[]> {
  authorize(actor, 'tasks:read');
  const typed = q.trim().toLowerCase();
  const folded = foldText(q);
  const spellings = [...new Set([typed, folded, transliterateGerman(q), umlautSpelling(typed), ...umlautGuesses(typed)])].filter(Boolean);
  if (!spellings.length) return [];
  const found = await repo.searchTasks(deps.db, actor.workspaceId, spellings, typed, taskScope(actor)?.ownerId, limit);
  return found.map((t) => ({ ...t, status: t.status as TaskStatus }));
}

const NO_USER = '00000000-0000-0000-0000-000000000000';

async function findVisible(ex: Executor, actor: Actor, id: string): Promise<repo.TaskWithNames> {
  const row = await repo.findTask(ex, actor.workspaceId, id);
  if (!row || !canSeeTask(actor, row)) throw new NotFound('task_not_found', 'No such task');
  return row;
}

async function assertRecord(deps: Deps, actor: Actor, type: TaskRecordType, id: string): Promise<void> {
  if (!(await RECORD_CHECKS[type](deps, actor, id))) {
    throw new Validation('record_not_found', `The linked ${type} does not exist`, { field: 'recordId' });
  }
}

async function assertAssignee(ex: Executor, actor: Actor, userId: string): Promise<void> {
  if (!(await repo.findActiveUser(ex, actor.workspaceId, userId))) {
    throw new Validation('assignee_not_found', 'The assignee is not an active user of this workspace', { field: 'assigneeId' });
  }
}

// The records whose timelines show the event: the linked record, before and after a change of link.
function related(...views: Task[]): RecordRef[] {
  const refs = new Map<string, RecordRef>();
  for (const v of views) if (v.record) refs.set(`${v.record.type}:${v.record.id}`, v.record);
  return [...refs.values()];
}

const UMLAUTS: Readonly<Record<string, string>> = { a: 'ä', o: 'ö', u: 'ü' };

// "muller" → ["müller"], "schroder" → ["schröder"]: at most three guesses, one umlaut each, and none when the
// query has an umlaut already (whoever types one types them all).
function umlautGuesses(typed: string): string[] {
  if (/[äöü]/.test(typed)) return [];
  const guesses: string[] = [];
  for (let i = 0; i < typed.length && guesses.length < 3; i++) {
    const u = UMLAUTS[typed[i]!];
    if (u) guesses.push(typed.slice(0, i) + u + typed.slice(i + 1));
  }
  return guesses;
}

function same(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

// The umlaut spelling of a transliterated query ("mueller" → "müller"), after a consonant or at a word's start,
// as collapseUmlautDigraphs decides in lib/text.ts.
function umlautSpelling(s: string): string {
  return s.replace(/(?<![aeiouyq])([aou])e/g, (_m, v: string) => ({ a: 'ä', o: 'ö', u: 'ü' })[v as 'a' | 'o' | 'u']);
}

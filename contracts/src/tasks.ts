import { z } from 'zod';
import { UserRef } from './common.ts';
import { LIMITS } from './limits.ts';

/** The records a task may be linked to. The column is an open string: a new domain (conversation, lead) adds its type here. */
export const TASK_RECORD_TYPES = ['contact', 'company'] as const;
export const TaskRecordType = z.enum(TASK_RECORD_TYPES);
export type TaskRecordType = z.infer<typeof TaskRecordType>;

export const TASK_STATUSES = ['open', 'done'] as const;
export const TaskStatus = z.enum(TASK_STATUSES);
export type TaskStatus = z.infer<typeof TaskStatus>;

/** Due windows of the task list: overdue (open and past due), due today, due within the next 7 days (today included). */
export const TASK_DUE_WINDOWS = ['overdue', 'today', 'week'] as const;

export const TASK_LIMITS = { title: 300, description: 10_000 } as const;

/** An IANA time zone ("Europe/Berlin"): where "today" starts and ends. */
export const TimeZone = z.string().max(64).refine((tz) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'not a known IANA time zone');

const dueAt = z.iso.datetime({ offset: true });

export const TaskInput = z.object({
  title: z.string().trim().min(1).max(TASK_LIMITS.title),
  description: z.string().trim().max(TASK_LIMITS.description).optional(),
  dueAt: dueAt.nullable().optional(),
  /** An active user of the workspace; the creator when left out, nobody when null. */
  assigneeId: z.uuid().nullable().optional(),
  status: TaskStatus.optional(),
  /** The record the task is about; recordType and recordId come together. */
  recordType: TaskRecordType.optional(),
  recordId: z.uuid().optional(),
}).refine((t) => (t.recordType === undefined) === (t.recordId === undefined), { message: 'recordType and recordId come together', path: ['recordId'] });
export type TaskInput = z.infer<typeof TaskInput>;

/** Partial update: only the fields sent change; null clears description, due date, assignee and the record link. */
export const TaskPatch = z.object({
  title: z.string().trim().min(1).max(TASK_LIMITS.title).optional(),
  description: z.string().trim().max(TASK_LIMITS.description).nullable().optional(),
  dueAt: dueAt.nullable().optional(),
  assigneeId: z.uuid().nullable().optional(),
  /** done sets completedAt; open clears it. */
  status: TaskStatus.optional(),
  recordType: TaskRecordType.nullable().optional(),
  recordId: z.uuid().nullable().optional(),
}).refine((t) => (t.recordType === undefined) === (t.recordId === undefined) && (t.recordType === null) === (t.recordId === null), {
  message: 'recordType and recordId come together (both null to unlink)', path: ['recordId'],
});
export type TaskPatch = z.infer<typeof TaskPatch>;

export const Task = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  dueAt: z.string().nullable(),
  status: TaskStatus,
  assignee: UserRef.nullable(),
  /** The linked record; `type` is an open string (older clients may meet types they do not know). */
  record: z.object({ type: z.string(), id: z.uuid() }).nullable(),
  createdBy: UserRef.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
});
export type Task = z.infer<typeof Task>;

/**
 * Filters of the task list, sorted by due date (tasks without one last). Experts only ever see tasks assigned to
 * them or created by them, whatever the filter.
 */
export const TaskListQuery = z.object({
  /** `me` or a user id. */
  assignee: z.union([z.literal('me'), z.uuid()]).optional(),
  status: TaskStatus.optional(),
  due: z.enum(TASK_DUE_WINDOWS).optional(),
  recordType: TaskRecordType.optional(),
  recordId: z.uuid().optional(),
  /** The time zone of "today" and "week"; UTC when left out. */
  tz: TimeZone.optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSizeMax).default(LIMITS.pageSizeDefault),
}).refine((q) => (q.recordType === undefined) === (q.recordId === undefined), { message: 'recordType and recordId come together', path: ['recordId'] });
export type TaskListQuery = z.input<typeof TaskListQuery>;

export const TaskPage = z.object({ items: z.array(Task), nextCursor: z.string().nullable() });

export const TaskCountsQuery = z.object({ tz: TimeZone.optional() });

/** The signed-in user's open tasks, for a badge; overdue and dueToday overlap (a task due this morning is both). */
export const TaskCounts = z.object({
  open: z.number().int(),
  overdue: z.number().int(),
  dueToday: z.number().int(),
});
export type TaskCounts = z.infer<typeof TaskCounts>;

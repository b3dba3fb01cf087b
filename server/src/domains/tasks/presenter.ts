import type { Task, TaskStatus } from '@parley/contracts/tasks';
import type { TaskWithNames } from './repo.ts';

/** Every field of a task that may leave the server. */
export function presentTask(t: TaskWithNames): Task {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    dueAt: t.dueAt?.toISOString() ?? null,
    status: t.status as TaskStatus,
    assignee: t.assigneeId ? { id: t.assigneeId, name: t.assigneeName ?? '—' } : null,
    record: t.recordType && t.recordId ? { type: t.recordType, id: t.recordId } : null,
    createdBy: t.createdBy ? { id: t.createdBy, name: t.creatorName ?? '—' } : null,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    completedAt: t.completedAt?.toISOString() ?? null,
  };
}

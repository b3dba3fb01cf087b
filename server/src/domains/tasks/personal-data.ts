import { and, asc, eq, inArray } from 'drizzle-orm';
import { tasks } from '../../db/schema.ts';
import { registerPersonalData } from '../../privacy/registry.ts';

// Tasks linked to a person are about them ("call Anna Müller back about her warranty"): exported with the person and
// deleted with them, not just unlinked, because their titles and descriptions name the person.

const tasksOf = (ws: string, ids: string[]) => and(eq(tasks.workspaceId, ws), eq(tasks.recordType, 'contact'), inArray(tasks.recordId, ids));

registerPersonalData({
  kind: 'tasks',
  async export(ex, ws, ids) {
    const list = await ex.select().from(tasks).where(tasksOf(ws, ids)).orderBy(asc(tasks.createdAt));
    return list.map((t) => ({
      id: t.id, title: t.title, description: t.description, status: t.status, dueAt: t.dueAt?.toISOString() ?? null,
      createdAt: t.createdAt.toISOString(), completedAt: t.completedAt?.toISOString() ?? null,
    }));
  },
  async erase(ex, ws, ids) {
    const gone = await ex.delete(tasks).where(tasksOf(ws, ids)).returning({ id: tasks.id });
    return { count: gone.length, subjects: gone.map((t) => t.id) };
  },
});

import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { notes } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { presentNote } from './presenter.ts';

export type NoteRow = typeof notes.$inferSelect;

/** Adds a note to a record inside the caller's transaction, with its event. */
export async function insertNote(tx: Executor, deps: Deps, actor: Actor, recordType: string, recordId: string, body: string): Promise<NoteRow> {
  const [row] = await tx.insert(notes).values({ workspaceId: actor.workspaceId, id: newId(), recordType, recordId, authorId: actor.userId, body }).returning();
  await emit(tx, deps.queue, actor, {
    type: 'note.created', subject: { type: 'note', id: row!.id },
    payload: { after: presentNote(row!), related: [{ type: recordType, id: recordId }] },
  });
  return row!;
}

export async function findNote(ex: Executor, workspaceId: string, id: string): Promise<NoteRow | undefined> {
  return (await ex.select().from(notes).where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, id))))[0];
}

export async function listNotes(ex: Executor, workspaceId: string, recordType: string, recordId: string): Promise<NoteRow[]> {
  return ex.select().from(notes)
    .where(and(eq(notes.workspaceId, workspaceId), eq(notes.recordType, recordType), eq(notes.recordId, recordId)))
    .orderBy(desc(notes.createdAt)).limit(500);
}

export async function updateNote(ex: Executor, workspaceId: string, id: string, body: string): Promise<NoteRow | undefined> {
  return (await ex.update(notes).set({ body, updatedAt: new Date() }).where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, id))).returning())[0];
}

export async function deleteNote(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(notes).where(and(eq(notes.workspaceId, workspaceId), eq(notes.id, id)));
}

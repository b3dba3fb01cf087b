import type { Note, TimelineEntry } from '@parley/contracts/contacts';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Forbidden, NotFound, Validation } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { findCompany } from './companies-repo.ts';
import * as notesRepo from './notes-repo.ts';
import { presentNote } from './presenter.ts';
import { findContact } from './repo.ts';
import { listTimeline } from './timeline.ts';

export type NotedRecord = 'contact' | 'company';

/** Throws 404 unless the record exists in the actor's workspace. */
export async function assertRecord(ex: Executor, actor: Actor, type: NotedRecord, id: string): Promise<void> {
  const found = type === 'contact' ? await findContact(ex, actor.workspaceId, id) : await findCompany(ex, actor.workspaceId, id);
  if (!found) throw new NotFound(`${type}_not_found`, `No such ${type === 'contact' ? 'person' : 'company'}`);
}

/** Adds a note to a person or company. */
export async function addNote(deps: Deps, actor: Actor, type: NotedRecord, id: string, body: string): Promise<Note> {
  authorize(actor, 'notes:write');
  return deps.db.transaction(async (tx) => {
    await assertRecord(tx, actor, type, id);
    return presentNote(await notesRepo.insertNote(tx, deps, actor, type, id, body));
  });
}

/** The notes of a record, newest first. */
export async function listNotes(deps: Deps, actor: Actor, type: NotedRecord, id: string): Promise<Note[]> {
  authorize(actor, type === 'contact' ? 'contacts:read' : 'companies:read');
  await assertRecord(deps.db, actor, type, id);
  return (await notesRepo.listNotes(deps.db, actor.workspaceId, type, id)).map(presentNote);
}

/** Edits a note; only its author, a manager or an admin may. */
export async function editNote(deps: Deps, actor: Actor, noteId: string, body: string): Promise<Note> {
  authorize(actor, 'notes:write');
  return deps.db.transaction(async (tx) => {
    const before = await notesRepo.findNote(tx, actor.workspaceId, noteId);
    if (!before) throw new NotFound('note_not_found', 'No such note');
    assertMayChangeNote(actor, before);
    const after = await notesRepo.updateNote(tx, actor.workspaceId, noteId, body);
    await emit(tx, deps.queue, actor, {
      type: 'note.updated', subject: { type: 'note', id: noteId },
      payload: { before: presentNote(before), after: presentNote(after!), related: [{ type: before.recordType, id: before.recordId }] },
    });
    return presentNote(after!);
  });
}

/** Deletes a note; only its author, a manager or an admin may. */
export async function removeNote(deps: Deps, actor: Actor, noteId: string): Promise<void> {
  authorize(actor, 'notes:write');
  await deps.db.transaction(async (tx) => {
    const before = await notesRepo.findNote(tx, actor.workspaceId, noteId);
    if (!before) throw new NotFound('note_not_found', 'No such note');
    assertMayChangeNote(actor, before);
    await notesRepo.deleteNote(tx, actor.workspaceId, noteId);
    await emit(tx, deps.queue, actor, {
      type: 'note.deleted', subject: { type: 'note', id: noteId },
      payload: { before: presentNote(before), related: [{ type: before.recordType, id: before.recordId }] },
    });
  });
}

/** A page of a record's timeline (every change and note), newest first. */
export async function timeline(deps: Deps, actor: Actor, type: NotedRecord, id: string, cursor: string | undefined, limit: number): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
  authorize(actor, type === 'contact' ? 'contacts:read' : 'companies:read');
  await assertRecord(deps.db, actor, type, id);
  let before: Date | undefined;
  if (cursor) {
    before = new Date(Buffer.from(cursor, 'base64url').toString());
    if (Number.isNaN(before.getTime())) throw new Validation('invalid_cursor', 'The cursor is not valid');
  }
  const list = await listTimeline(deps.db, actor.workspaceId, type, id, { before, limit: limit + 1 });
  const items = list.slice(0, limit);
  const last = items[items.length - 1];
  return {
    items: items.map((e) => ({ eventId: e.eventId, kind: e.kind, actorId: e.actorId, at: e.at.toISOString(), data: e.data })),
    nextCursor: list.length > limit && last ? Buffer.from(last.at.toISOString()).toString('base64url') : null,
  };
}

function assertMayChangeNote(actor: Actor, note: notesRepo.NoteRow): void {
  if (note.authorId !== actor.userId && actor.role !== 'admin' && actor.role !== 'manager' && actor.role !== 'system') {
    throw new Forbidden('not_note_author', 'Only the author, a manager or an admin may change this note');
  }
}

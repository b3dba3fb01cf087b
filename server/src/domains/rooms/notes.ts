import type { RoomNote, RoomNoteRevision, RoomNoteSummary } from '@parley/contracts/rooms';
import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { roomNoteRevisions, roomNotes } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import type { Actor } from '../../policies/actor.ts';
import { requireRoom } from './access.ts';
import { namesOf, refOf } from './posts.ts';

// Collaborative Markdown notes of a room. Every save is a revision; a save names the version it started from, and if
// someone saved in between it is refused with 409 and the current text, so the editor can merge instead of overwriting.

type NoteRow = typeof roomNotes.$inferSelect;

/** A room's notes, most recently changed first. */
export async function listNotes(deps: Deps, actor: Actor, roomId: string): Promise<{ items: RoomNoteSummary[] }> {
  await requireRoom(deps.db, actor, roomId);
  const rows = await deps.db.select().from(roomNotes).where(and(eq(roomNotes.workspaceId, actor.workspaceId), eq(roomNotes.roomId, roomId))).orderBy(desc(roomNotes.updatedAt));
  const names = await namesOf(deps, actor.workspaceId, rows.map((r) => r.updatedBy));
  return { items: rows.map((n) => summary(n, names)) };
}

/** Creates a note in a room (members); its first revision is version 1. */
export async function createNote(deps: Deps, actor: Actor, roomId: string, input: { title: string; body: string }): Promise<RoomNote> {
  await requireRoom(deps.db, actor, roomId, 'write');
  const id = newId();
  await deps.db.transaction(async (tx) => {
    await tx.insert(roomNotes).values({ workspaceId: actor.workspaceId, id, roomId, title: input.title, body: input.body, version: 1, updatedBy: actor.userId });
    await tx.insert(roomNoteRevisions).values({ workspaceId: actor.workspaceId, noteId: id, version: 1, title: input.title, body: input.body, authorId: actor.userId });
    await emit(tx, deps.queue, actor, { type: 'room_note.created', subject: { type: 'room_note', id }, payload: { roomId, version: 1, related: [{ type: 'room', id: roomId }] } });
  });
  return getNote(deps, actor, id);
}

/** A note with its text and its history (newest first). */
export async function getNote(deps: Deps, actor: Actor, noteId: string): Promise<RoomNote> {
  const n = await readable(deps, actor, noteId);
  const revs = await deps.db.select({ version: roomNoteRevisions.version, title: roomNoteRevisions.title, authorId: roomNoteRevisions.authorId, createdAt: roomNoteRevisions.createdAt })
    .from(roomNoteRevisions).where(and(eq(roomNoteRevisions.workspaceId, actor.workspaceId), eq(roomNoteRevisions.noteId, noteId))).orderBy(desc(roomNoteRevisions.version));
  const names = await namesOf(deps, actor.workspaceId, [n.updatedBy, ...revs.map((r) => r.authorId)]);
  return {
    ...summary(n, names), body: n.body, bodyHtml: renderMarkdown(n.body),
    history: revs.map((r) => ({ version: r.version, title: r.title, author: refOf(names, r.authorId), createdAt: r.createdAt.toISOString() })),
  };
}

/** Saves a note (members). Refused with 409 `room_note_conflict` and the current text when `baseVersion` is not current. */
export async function saveNote(deps: Deps, actor: Actor, noteId: string, input: { baseVersion: number; title?: string; body: string }): Promise<RoomNote> {
  const n = await readable(deps, actor, noteId);
  await requireRoom(deps.db, actor, n.roomId, 'write');
  await deps.db.transaction(async (tx) => {
    // Compare-and-set on the version: of two saves from the same base exactly one wins.
    const [cur] = await tx.update(roomNotes).set({ title: input.title ?? n.title, body: input.body, version: input.baseVersion + 1, updatedBy: actor.userId, updatedAt: new Date() })
      .where(and(eq(roomNotes.workspaceId, actor.workspaceId), eq(roomNotes.id, noteId), eq(roomNotes.version, input.baseVersion))).returning();
    if (!cur) {
      const [now] = await tx.select().from(roomNotes).where(and(eq(roomNotes.workspaceId, actor.workspaceId), eq(roomNotes.id, noteId)));
      throw new Conflict('room_note_conflict', 'Someone saved this note in the meantime', { version: now!.version, title: now!.title, body: now!.body });
    }
    await tx.insert(roomNoteRevisions).values({ workspaceId: actor.workspaceId, noteId, version: cur.version, title: cur.title, body: cur.body, authorId: actor.userId });
    await emit(tx, deps.queue, actor, { type: 'room_note.updated', subject: { type: 'room_note', id: noteId }, payload: { roomId: n.roomId, version: cur.version, related: [{ type: 'room', id: n.roomId }] } });
  });
  return getNote(deps, actor, noteId);
}

/** One revision of a note's history. */
export async function getRevision(deps: Deps, actor: Actor, noteId: string, version: number): Promise<RoomNoteRevision> {
  await readable(deps, actor, noteId);
  const [r] = await deps.db.select().from(roomNoteRevisions).where(and(eq(roomNoteRevisions.workspaceId, actor.workspaceId), eq(roomNoteRevisions.noteId, noteId), eq(roomNoteRevisions.version, version)));
  if (!r) throw new NotFound('room_note_revision_not_found', 'No such revision');
  const names = await namesOf(deps, actor.workspaceId, [r.authorId]);
  return { version: r.version, title: r.title, body: r.body, author: refOf(names, r.authorId), createdAt: r.createdAt.toISOString() };
}

async function readable(deps: Deps, actor: Actor, noteId: string): Promise<NoteRow> {
  const [n] = await deps.db.select().from(roomNotes).where(and(eq(roomNotes.workspaceId, actor.workspaceId), eq(roomNotes.id, noteId)));
  if (!n) throw new NotFound('room_note_not_found', 'No such note');
  await requireRoom(deps.db, actor, n.roomId).catch(() => { throw new NotFound('room_note_not_found', 'No such note'); });
  return n;
}

function summary(n: NoteRow, names: Map<string, string>): RoomNoteSummary {
  return { id: n.id, roomId: n.roomId, title: n.title, version: n.version, updatedBy: refOf(names, n.updatedBy), updatedAt: n.updatedAt.toISOString() };
}

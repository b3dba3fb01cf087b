import { DOCUMENT_TYPES, ROOM_LIMITS, type DocumentVersion, type RoomDocument } from '@parley/contracts/rooms';
import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { documents, documentVersions } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import type { Readable } from 'node:stream';
import { NotFound, PayloadTooLarge, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { FileNotFound, FileTooLarge, filesOf } from '../../lib/storage.ts';
import type { Actor } from '../../policies/actor.ts';
import { requireRoom } from './access.ts';
import { namesOf, refOf } from './posts.ts';

// Shared documents of a room: every upload is a new version kept in the file store (docs/rooms.md); the database holds
// names, versions and who uploaded what.

/** An upload as it arrives: its bytes are streamed into the file store, never held whole in memory. */
export interface Upload { filename: string; contentType: string; stream: Readable; note?: string | null }

/** Checks an upload's type against the allow-list (no HTML or scripts served from our origin); its size is checked as it is stored. */
export function checkUploadType(u: Upload): void {
  if (!(DOCUMENT_TYPES as readonly string[]).includes(u.contentType)) throw new Validation('document_type_not_allowed', `Files of type ${u.contentType} cannot be shared in rooms`);
}

// Streams the upload into the file store under a new key of the document: the room limit is enforced as the bytes
// arrive, and nothing is kept of a file too large or empty. Answers the key (below the workspace) and the size.
async function storeUpload(deps: Deps, actor: Actor, roomId: string, documentId: string, u: Upload): Promise<{ key: string; size: number }> {
  const key = `rooms/${roomId}/${documentId}/${newId()}`;
  const files = filesOf(deps.config);
  const { size } = await files.put(`${actor.workspaceId}/${key}`, u.stream, { contentType: u.contentType, maxBytes: ROOM_LIMITS.documentMaxBytes }).catch((err: unknown) => {
    throw err instanceof FileTooLarge ? new PayloadTooLarge('document_too_large', `A document may have at most ${ROOM_LIMITS.documentMaxBytes} bytes`) : err;
  });
  if (size === 0) {
    await files.delete(`${actor.workspaceId}/${key}`);
    throw new Validation('document_empty', 'The file is empty');
  }
  return { key, size };
}

// The stored file of a version that was not written (its transaction failed) goes again.
async function discard(deps: Deps, actor: Actor, key: string, err: unknown): Promise<never> {
  await filesOf(deps.config).delete(`${actor.workspaceId}/${key}`).catch((e: unknown) => deps.log.warn({ err: e, key }, 'could not remove the file of a failed upload'));
  throw err;
}

/** Uploads a new document to a room (members). */
export async function uploadDocument(deps: Deps, actor: Actor, roomId: string, u: Upload): Promise<RoomDocument> {
  await requireRoom(deps.db, actor, roomId, 'write');
  checkUploadType(u);
  const name = u.filename.replace(/[\\/]/g, '_').slice(0, 200) || 'document';
  const id = newId();
  const { key, size } = await storeUpload(deps, actor, roomId, id, u);
  await deps.db.transaction(async (tx) => {
    await tx.insert(documents).values({ workspaceId: actor.workspaceId, id, roomId, name, currentVersion: 1, createdBy: actor.userId });
    await tx.insert(documentVersions).values({ workspaceId: actor.workspaceId, documentId: id, version: 1, storageKey: key, size, contentType: u.contentType, uploadedBy: actor.userId, note: u.note ?? null });
    await emit(tx, deps.queue, actor, { type: 'document.uploaded', subject: { type: 'document', id }, payload: { roomId, name, version: 1, related: [{ type: 'room', id: roomId }] } });
  }).catch((err: unknown) => discard(deps, actor, key, err));
  return getDocument(deps, actor, id);
}

/** Adds a version to a document (members of its room); the earlier versions stay. */
export async function addVersion(deps: Deps, actor: Actor, documentId: string, u: Upload): Promise<RoomDocument> {
  const d = await readable(deps, actor, documentId);
  await requireRoom(deps.db, actor, d.roomId, 'write');
  checkUploadType(u);
  // Stored before the transaction under a key of its own: a slow upload holds no lock and no connection.
  const { key, size } = await storeUpload(deps, actor, d.roomId, documentId, u);
  await deps.db.transaction(async (tx) => {
    // The row lock serializes two uploads to the same document: each gets its own version number.
    const [cur] = await tx.select({ v: documents.currentVersion }).from(documents).where(and(eq(documents.workspaceId, actor.workspaceId), eq(documents.id, documentId))).for('update');
    const v = cur!.v + 1;
    await tx.insert(documentVersions).values({ workspaceId: actor.workspaceId, documentId, version: v, storageKey: key, size, contentType: u.contentType, uploadedBy: actor.userId, note: u.note ?? null });
    await tx.update(documents).set({ currentVersion: v, updatedAt: new Date() }).where(and(eq(documents.workspaceId, actor.workspaceId), eq(documents.id, documentId)));
    await emit(tx, deps.queue, actor, { type: 'document.version_added', subject: { type: 'document', id: documentId }, payload: { roomId: d.roomId, name: d.name, version: v, related: [{ type: 'room', id: d.roomId }] } });
    return v;
  }).catch((err: unknown) => discard(deps, actor, key, err));
  return getDocument(deps, actor, documentId);
}

/** A room's documents, most recently changed first. */
export async function listDocuments(deps: Deps, actor: Actor, roomId: string): Promise<{ items: RoomDocument[] }> {
  await requireRoom(deps.db, actor, roomId);
  const rows = await deps.db.select({ d: documents, v: documentVersions }).from(documents)
    .innerJoin(documentVersions, and(eq(documentVersions.workspaceId, documents.workspaceId), eq(documentVersions.documentId, documents.id), eq(documentVersions.version, documents.currentVersion)))
    .where(and(eq(documents.workspaceId, actor.workspaceId), eq(documents.roomId, roomId))).orderBy(desc(documents.updatedAt));
  const names = await namesOf(deps, actor.workspaceId, rows.map((r) => r.v.uploadedBy));
  return { items: rows.map((r) => presentDocument(r.d, r.v, names)) };
}

/** One document the actor may read. */
export async function getDocument(deps: Deps, actor: Actor, documentId: string): Promise<RoomDocument> {
  const d = await readable(deps, actor, documentId);
  const [v] = await deps.db.select().from(documentVersions).where(and(eq(documentVersions.workspaceId, actor.workspaceId), eq(documentVersions.documentId, documentId), eq(documentVersions.version, d.currentVersion)));
  return presentDocument(d, v!, await namesOf(deps, actor.workspaceId, [v!.uploadedBy]));
}

/** Every version of a document, newest first: who uploaded it, when, how big. */
export async function listVersions(deps: Deps, actor: Actor, documentId: string): Promise<{ items: DocumentVersion[] }> {
  await readable(deps, actor, documentId);
  const rows = await deps.db.select().from(documentVersions).where(and(eq(documentVersions.workspaceId, actor.workspaceId), eq(documentVersions.documentId, documentId))).orderBy(desc(documentVersions.version));
  const names = await namesOf(deps, actor.workspaceId, rows.map((r) => r.uploadedBy));
  return { items: rows.map((v) => ({ version: v.version, size: v.size, contentType: v.contentType, note: v.note, uploadedBy: refOf(names, v.uploadedBy), createdAt: v.createdAt.toISOString() })) };
}

/** The bytes of one version (the current one when no version is named) as a stream, with its name, type and size for the download. */
export async function downloadVersion(deps: Deps, actor: Actor, documentId: string, version?: number): Promise<{ name: string; contentType: string; size: number; stream: Readable }> {
  const d = await readable(deps, actor, documentId);
  const [v] = await deps.db.select().from(documentVersions)
    .where(and(eq(documentVersions.workspaceId, actor.workspaceId), eq(documentVersions.documentId, documentId), eq(documentVersions.version, version ?? d.currentVersion)));
  if (!v) throw new NotFound('document_version_not_found', 'No such version');
  const file = await filesOf(deps.config).get(`${actor.workspaceId}/${v.storageKey}`).catch((err: unknown) => {
    throw err instanceof FileNotFound ? new NotFound('document_file_missing', 'The file of this version is missing') : err;
  });
  return { name: d.name, contentType: v.contentType, size: file.size, stream: file.stream };
}

async function readable(deps: Deps, actor: Actor, documentId: string) {
  const [d] = await deps.db.select().from(documents).where(and(eq(documents.workspaceId, actor.workspaceId), eq(documents.id, documentId)));
  if (!d) throw new NotFound('document_not_found', 'No such document');
  await requireRoom(deps.db, actor, d.roomId).catch(() => { throw new NotFound('document_not_found', 'No such document'); });
  return d;
}

function presentDocument(d: typeof documents.$inferSelect, v: typeof documentVersions.$inferSelect, names: Map<string, string>): RoomDocument {
  return { id: d.id, roomId: d.roomId, name: d.name, currentVersion: d.currentVersion, size: v.size, contentType: v.contentType, updatedBy: refOf(names, v.uploadedBy), updatedAt: v.createdAt.toISOString() };
}


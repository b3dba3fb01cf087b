import { DOCUMENT_TYPES, ROOM_LIMITS, type DocumentVersion, type RoomDocument } from '@parley/contracts/rooms';
import { and, desc, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { documents, documentVersions } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { NotFound, PayloadTooLarge, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { fileStore, type FileStore } from '../../lib/storage.ts';
import type { Actor } from '../../policies/actor.ts';
import { requireRoom } from './access.ts';
import { namesOf, refOf } from './posts.ts';

// Shared documents of a room: every upload is a new version kept in the file store (docs/rooms.md); the database holds
// names, versions and who uploaded what.

export interface Upload { filename: string; contentType: string; data: Buffer; truncated: boolean; note?: string | null }

const stores = new Map<string, FileStore>();
function storeOf(deps: Deps): FileStore {
  let s = stores.get(deps.config.dataDir);
  if (!s) stores.set(deps.config.dataDir, (s = fileStore({ dataDir: deps.config.dataDir })));
  return s;
}

/** Checks an upload against the room limits: size and an allow-listed type (no HTML or scripts served from our origin). */
export function checkUpload(u: Upload): void {
  if (u.truncated || u.data.length > ROOM_LIMITS.documentMaxBytes) throw new PayloadTooLarge('document_too_large', `A document may have at most ${ROOM_LIMITS.documentMaxBytes} bytes`);
  if (u.data.length === 0) throw new Validation('document_empty', 'The file is empty');
  if (!(DOCUMENT_TYPES as readonly string[]).includes(u.contentType)) throw new Validation('document_type_not_allowed', `Files of type ${u.contentType} cannot be shared in rooms`);
}

/** Uploads a new document to a room (members). */
export async function uploadDocument(deps: Deps, actor: Actor, roomId: string, u: Upload): Promise<RoomDocument> {
  await requireRoom(deps.db, actor, roomId, 'write');
  checkUpload(u);
  const name = u.filename.replace(/[\\/]/g, '_').slice(0, 200) || 'document';
  const id = newId();
  const key = `rooms/${roomId}/${id}/v1`;
  await storeOf(deps).put(`${actor.workspaceId}/${key}`, u.data, u.contentType);
  await deps.db.transaction(async (tx) => {
    await tx.insert(documents).values({ workspaceId: actor.workspaceId, id, roomId, name, currentVersion: 1, createdBy: actor.userId });
    await tx.insert(documentVersions).values({ workspaceId: actor.workspaceId, documentId: id, version: 1, storageKey: key, size: u.data.length, contentType: u.contentType, uploadedBy: actor.userId, note: u.note ?? null });
    await emit(tx, deps.queue, actor, { type: 'document.uploaded', subject: { type: 'document', id }, payload: { roomId, name, version: 1, related: [{ type: 'room', id: roomId }] } });
  });
  return getDocument(deps, actor, id);
}

/** Adds a version to a document (members of its room); the earlier versions stay. */
export async function addVersion(deps: Deps, actor: Actor, documentId: string, u: Upload): Promise<RoomDocument> {
  const d = await readable(deps, actor, documentId);
  await requireRoom(deps.db, actor, d.roomId, 'write');
  checkUpload(u);
  await deps.db.transaction(async (tx) => {
    // The row lock serializes two uploads to the same document: each gets its own version number.
    const [cur] = await tx.select({ v: documents.currentVersion }).from(documents).where(and(eq(documents.workspaceId, actor.workspaceId), eq(documents.id, documentId))).for('update');
    const v = cur!.v + 1;
    const key = `rooms/${d.roomId}/${documentId}/v${v}`;
    await storeOf(deps).put(`${actor.workspaceId}/${key}`, u.data, u.contentType);
    await tx.insert(documentVersions).values({ workspaceId: actor.workspaceId, documentId, version: v, storageKey: key, size: u.data.length, contentType: u.contentType, uploadedBy: actor.userId, note: u.note ?? null });
    await tx.update(documents).set({ currentVersion: v, updatedAt: new Date() }).where(and(eq(documents.workspaceId, actor.workspaceId), eq(documents.id, documentId)));
    await emit(tx, deps.queue, actor, { type: 'document.version_added', subject: { type: 'document', id: documentId }, payload: { roomId: d.roomId, name: d.name, version: v, related: [{ type: 'room', id: d.roomId }] } });
    return v;
  });
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

/** The bytes of one version (the current one when no version is named), with its name and type for the download. */
export async function downloadVersion(deps: Deps, actor: Actor, documentId: string, version?: number): Promise<{ name: string; contentType: string; data: Buffer }> {
  const d = await readable(deps, actor, documentId);
  const [v] = await deps.db.select().from(documentVersions)
    .where(and(eq(documentVersions.workspaceId, actor.workspaceId), eq(documentVersions.documentId, documentId), eq(documentVersions.version, version ?? d.currentVersion)));
  if (!v) throw new NotFound('document_version_not_found', 'No such version');
  const file = await storeOf(deps).get(`${actor.workspaceId}/${v.storageKey}`);
  if (!file) throw new NotFound('document_file_missing', 'The file of this version is missing');
  return { name: d.name, contentType: v.contentType, data: file.data };
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


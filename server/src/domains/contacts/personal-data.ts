import { rm } from 'node:fs/promises';
import type { Contact } from '@parley/contracts/contacts';
import path from 'node:path';
import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { contacts, dedupeDismissals, imports, merges, notes, timelineEntries } from '../../db/schema.ts';
import { registerPersonalData, registerRetention } from '../../privacy/registry.ts';
import { presentContact } from './presenter.ts';
import * as repo from './repo.ts';

// What the contacts domain holds about a person, for the GDPR export and erasure (privacy/registry.ts): the person's
// row and the rows of records merged into them, notes on them, their timeline, merge snapshots, dedupe decisions.
// Import errors name only lines and column headers, never values, so they are not personal data of anyone.

const inContacts = (ids: string[]) => inArray(contacts.id, ids);

registerPersonalData({
  kind: 'contact',
  async export(ex, ws, ids) {
    const list = await ex.select().from(contacts).where(and(eq(contacts.workspaceId, ws), inContacts(ids)));
    const byId = new Map(list.map((c) => [c.id, presentContact(c)]));
    const [person, ...merged] = ids.map((id) => byId.get(id)).filter((c) => c !== undefined);
    return { ...person, mergedRecords: merged };
  },
  async erase(ex, ws, ids) {
    // Deleted, not kept as a tombstone: nothing needs the id (events and audit entries keep it as a plain value),
    // and the name-words dictionary drops the person's rare name words by its trigger (migration 0007).
    const gone = await ex.delete(contacts).where(and(eq(contacts.workspaceId, ws), inContacts(ids))).returning({ id: contacts.id });
    return { count: gone.length, subjects: [] };
  },
});

const notesOf = (ws: string, ids: string[]) => and(eq(notes.workspaceId, ws), eq(notes.recordType, 'contact'), inArray(notes.recordId, ids));

registerPersonalData({
  kind: 'notes',
  async export(ex, ws, ids) {
    const list = await ex.select().from(notes).where(notesOf(ws, ids)).orderBy(asc(notes.createdAt));
    return list.map((n) => ({ id: n.id, body: n.body, createdAt: n.createdAt.toISOString(), updatedAt: n.updatedAt.toISOString() }));
  },
  async erase(ex, ws, ids) {
    const gone = await ex.delete(notes).where(notesOf(ws, ids)).returning({ id: notes.id });
    return { count: gone.length, subjects: gone.map((n) => n.id) };
  },
});

const timelineOf = (ws: string, ids: string[]) =>
  and(eq(timelineEntries.workspaceId, ws), eq(timelineEntries.recordType, 'contact'), inArray(timelineEntries.recordId, ids));

registerPersonalData({
  kind: 'timeline',
  async export(ex, ws, ids) {
    const list = await ex.select().from(timelineEntries).where(timelineOf(ws, ids)).orderBy(asc(timelineEntries.at));
    return list.map((e) => ({ kind: e.kind, at: e.at.toISOString(), data: e.data }));
  },
  async erase(ex, ws, ids) {
    const gone = await ex.delete(timelineEntries).where(timelineOf(ws, ids)).returning({ id: timelineEntries.eventId });
    return { count: gone.length, subjects: [] };
  },
});

const mergesOf = (ws: string, ids: string[]) => and(eq(merges.workspaceId, ws), or(inArray(merges.survivorId, ids), inArray(merges.loserId, ids)));
// The person's data in a merge snapshot (the survivor as it was before): the fields a person has, not search internals.
const SNAPSHOT_FIELDS = ['firstName', 'lastName', 'emails', 'phones', 'addresses', 'jobTitle', 'companyName', 'website', 'birthday', 'language', 'tags', 'custom'];

registerPersonalData({
  kind: 'merges',
  async export(ex, ws, ids) {
    const list = await ex.select().from(merges).where(mergesOf(ws, ids)).orderBy(asc(merges.createdAt));
    return list.map((m) => ({
      id: m.id, at: m.createdAt.toISOString(), undoneAt: m.undoneAt?.toISOString() ?? null, mergedRecordId: m.loserId,
      before: Object.fromEntries(SNAPSHOT_FIELDS.filter((k) => k in m.survivorBefore).map((k) => [k, m.survivorBefore[k]])),
    }));
  },
  async erase(ex, ws, ids) {
    const gone = await ex.delete(merges).where(mergesOf(ws, ids)).returning({ id: merges.id });
    return { count: gone.length, subjects: gone.map((m) => m.id) };
  },
});

// "These two are not the same person" concerns the other person too: erased, not exported.
registerPersonalData({
  kind: 'dedupe_dismissals',
  async erase(ex, ws, ids) {
    const gone = await ex.delete(dedupeDismissals)
      .where(and(eq(dedupeDismissals.workspaceId, ws), or(inArray(dedupeDismissals.aId, ids), inArray(dedupeDismissals.bId, ids))))
      .returning({ a: dedupeDismissals.aId });
    return { count: gone.length, subjects: [] };
  },
});

/**
 * Uploaded import files (PARLEY_DATA_DIR/imports/<workspace>/<import id>) hold every row of the file as uploaded,
 * so they are kept only for the retention period after the import ended (or, never started, after the upload). The
 * import's record and its error list stay; an import whose file is gone can no longer be started, so one that was
 * never run for real is marked failed.
 */
registerRetention({
  kind: 'import_files',
  async apply({ ex, workspaceId, dataDir }, cutoff) {
    const due = await ex.select().from(imports).where(and(
      eq(imports.workspaceId, workspaceId),
      inArray(imports.status, ['uploaded', 'finished', 'failed']),
      sql`coalesce(${imports.finishedAt}, ${imports.createdAt}) < ${cutoff.toISOString()}::timestamptz`,
      sql`NOT (${imports.meta} ? 'fileRemovedAt')`)).limit(10_000);
    const root = path.resolve(dataDir, 'imports', workspaceId) + path.sep;
    for (const imp of due) {
      // Only files the upload wrote, in this workspace's folder.
      if (path.resolve(imp.filePath).startsWith(root)) await rm(imp.filePath, { force: true });
      const stale = imp.status === 'uploaded' || (imp.status === 'finished' && imp.dryRun);
      await ex.update(imports).set({
        meta: { ...imp.meta, fileRemovedAt: new Date().toISOString() },
        ...(stale ? { status: 'failed', error: 'The uploaded file was removed after the retention period; upload it again' } : {}),
      }).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, imp.id)));
    }
    return due.length;
  },
});

/** The person to erase, with the records merged into them. */
export interface ErasureSubject {
  /** The person first, then every record merged into them (directly or through an earlier merge). */
  ids: string[];
  displayName: string;
}

/**
 * Locks the live person with this id and every record merged into them, for an erasure or an export in the caller's
 * transaction. Undefined when there is no such record; `mergedInto` when the id was merged into someone else (that
 * person is the one to erase).
 */
export async function lockPersonForPrivacy(ex: Executor, workspaceId: string, id: string): Promise<ErasureSubject | { mergedInto: string } | undefined> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const ids = await mergedFamily(ex, workspaceId, id);
    // In id order, as merges lock: no deadlock with a merge or undo of the same people.
    await repo.lockContacts(ex, workspaceId, ids);
    const person = await repo.findContact(ex, workspaceId, id);
    if (!person) return undefined;
    if (person.mergedInto) return { mergedInto: person.mergedInto };
    const again = await mergedFamily(ex, workspaceId, id);
    if (again.length === ids.length && again.every((x) => ids.includes(x))) {
      return { ids: [id, ...again.filter((x) => x !== id)], displayName: presentContact(person).displayName };
    }
  }
  throw new Error('the records merged into this person kept changing during the erasure');
}

async function mergedFamily(ex: Executor, workspaceId: string, id: string): Promise<string[]> {
  const found = await rows<{ id: string }>(ex, sql`
    WITH RECURSIVE family(id) AS (
      SELECT ${id}::uuid
      UNION
      -- Through the merges (indexed by survivor), checked against merged_into: an undone merge no longer counts.
      SELECT c.id FROM family f
      JOIN merges m ON m.workspace_id = ${workspaceId}::uuid AND m.survivor_id = f.id AND m.undone_at IS NULL
      JOIN contacts c ON c.workspace_id = ${workspaceId}::uuid AND c.id = m.loser_id AND c.merged_into = f.id)
    SELECT id FROM family ORDER BY id`);
  return found.map((r) => r.id);
}

/** These people as presented (merged-away records too), read in the caller's transaction: erasure reads what it removes. */
export async function peopleForPrivacyIn(ex: Executor, workspaceId: string, ids: string[]): Promise<Contact[]> {
  if (!ids.length) return [];
  return (await repo.findContacts(ex, workspaceId, ids)).map(presentContact);
}

/** How many uploaded import files the workspace still keeps on disk (they may hold any person's row as uploaded). */
export async function importFilesKept(ex: Executor, workspaceId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(ex, sql`
    SELECT count(*)::int AS n FROM imports WHERE workspace_id = ${workspaceId}::uuid AND NOT (meta ? 'fileRemovedAt')`);
  return r?.n ?? 0;
}

import type { Contact, ContactInput, MergeBody } from '@parley/contracts/contacts';
import { type MERGE_FIELDS } from '@parley/contracts/contacts';
import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { rows, type Executor } from '../../db/client.ts';
import { contacts, dedupeDismissals, merges, notes, timelineEntries } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { scorePair, type DedupeRecord } from './dedupe.ts';
import { contactSearchColumns, prepareContact } from './prepare.ts';
import { linkedRecordMovers, type LinkedRecordMover } from './linked-records.ts';
import { itemRowOf, presentContact, presentContactItem } from './presenter.ts';
import * as repo from './repo.ts';

// Merges stored before identities moved have no `identities` list: read as empty.
type Moved = { notes: string[]; tasks: string[]; timeline: string[] } & Partial<Record<LinkedRecordMover['kind'], string[]>>;

/**
 * Likely duplicate pairs: records sharing a blocking key (e-mail, phone, name sound key) are grouped in one pass
 * in the database, then each pair in a group is scored. Dismissed pairs are left out.
 */
export async function findDuplicates(deps: Deps, actor: Actor, opts: { limit: number; minScore?: number }) {
  authorize(actor, 'contacts:merge');
  const groups = await rows<{ ids: string[] }>(deps.db, sql`
    SELECT array_agg(id ORDER BY id) AS ids FROM (
      SELECT id, unnest(dedupe_keys) AS key FROM contacts WHERE workspace_id = ${actor.workspaceId} AND merged_into IS NULL
    ) k GROUP BY key HAVING count(*) BETWEEN 2 AND 25`);
  const pairs = new Set<string>();
  for (const g of groups) for (let i = 0; i < g.ids.length; i++) for (let j = i + 1; j < g.ids.length; j++) pairs.add(`${g.ids[i]}|${g.ids[j]}`);
  if (!pairs.size) return { items: [] };
  const dismissed = new Set((await deps.db.select().from(dedupeDismissals).where(eq(dedupeDismissals.workspaceId, actor.workspaceId))).map((d) => `${d.aId}|${d.bId}`));
  const ids = [...new Set([...pairs].flatMap((p) => p.split('|')))];
  const records = new Map<string, repo.ContactRow>();
  for (let i = 0; i < ids.length; i += 1000) {
    for (const c of await repo.findContacts(deps.db, actor.workspaceId, ids.slice(i, i + 1000))) records.set(c.id, c);
  }
  const min = opts.minScore ?? 0.5;
  const scored = [];
  for (const p of pairs) {
    if (dismissed.has(p)) continue;
    const [aId, bId] = p.split('|') as [string, string];
    const a = records.get(aId);
    const b = records.get(bId);
    if (!a || !b) continue;
    const s = scorePair(toDedupe(a), toDedupe(b));
    if (s.score >= min) scored.push({ a: presentContactItem(itemRowOf(a)), b: presentContactItem(itemRowOf(b)), ...s });
  }
  scored.sort((x, y) => y.score - x.score);
  return { items: scored.slice(0, opts.limit) };
}

/** Remembers that two records are not the same person. */
export async function dismissDuplicate(deps: Deps, actor: Actor, aId: string, bId: string): Promise<void> {
  authorize(actor, 'contacts:merge');
  const [x, y] = [aId, bId].sort() as [string, string];
  await deps.db.insert(dedupeDismissals).values({ workspaceId: actor.workspaceId, aId: x, bId: y }).onConflictDoNothing();
}

/** What a merge would produce, without writing. */
export async function previewMerge(deps: Deps, actor: Actor, body: MergeBody) {
  authorize(actor, 'contacts:merge');
  const { survivor, loser } = await loadPair(deps.db, actor, body);
  const merged = combine(survivor, loser, body);
  const counts = await countMovable(deps.db, actor.workspaceId, loser.id);
  return { result: presentContact({ ...survivor, ...merged.row, companyName: merged.companyName }), moved: counts };
}

/**
 * Merges the loser into the survivor: chosen fields, joined lists, and the loser's notes, tasks and timeline moved
 * over. The loser is kept hidden (merged_into) and a snapshot of the survivor is stored, so the merge can be undone.
 */
export async function mergeContacts(deps: Deps, actor: Actor, body: MergeBody): Promise<{ mergeId: string; contact: Contact }> {
  authorize(actor, 'contacts:merge');
  return deps.db.transaction(async (tx) => {
    await repo.lockContacts(tx, actor.workspaceId, [body.survivorId, body.loserId]);
    const { survivor, loser } = await loadPair(tx, actor, body);
    const merged = combine(survivor, loser, body);
    const before = presentContact(survivor);
    const moved = await moveRecords(tx, actor.workspaceId, loser.id, survivor.id);
    const row = await repo.updateContact(tx, actor.workspaceId, survivor.id, merged.row);
    await tx.update(contacts).set({ mergedInto: survivor.id, updatedAt: new Date() }).where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, loser.id)));
    const mergeId = newId();
    const { searchTsv: _t, ...snapshot } = survivor;
    await tx.insert(merges).values({
      workspaceId: actor.workspaceId, id: mergeId, survivorId: survivor.id, loserId: loser.id,
      survivorBefore: JSON.parse(JSON.stringify(snapshot)) as Record<string, unknown>, moved, actorId: actor.userId,
    });
    const contact = presentContact({ ...row!, companyName: merged.companyName });
    await emit(tx, deps.queue, actor, {
      type: 'contact.merged', subject: { type: 'contact', id: survivor.id },
      payload: { mergeId, before, after: contact, loser: presentContact(loser), related: [{ type: 'contact', id: loser.id }] },
    });
    return { mergeId, contact };
  });
}

/** Undoes a merge: the survivor as it was, the loser visible again, moved notes, tasks and timeline back. */
export async function undoMerge(deps: Deps, actor: Actor, mergeId: string): Promise<Contact> {
  authorize(actor, 'contacts:merge');
  return deps.db.transaction(async (tx) => {
    const [m] = await tx.select().from(merges).where(and(eq(merges.workspaceId, actor.workspaceId), eq(merges.id, mergeId)));
    if (!m) throw new NotFound('merge_not_found', 'No such merge');
    if (m.undoneAt) throw new Conflict('merge_already_undone', 'This merge was undone already');
    await repo.lockContacts(tx, actor.workspaceId, [m.survivorId, m.loserId]);
    const survivor = await repo.findContact(tx, actor.workspaceId, m.survivorId);
    const loser = await repo.findContact(tx, actor.workspaceId, m.loserId);
    if (!survivor || !loser) throw new Conflict('merge_not_undoable', 'A record of this merge was deleted since');
    if (survivor.mergedInto) throw new Conflict('merge_not_undoable', 'The surviving record was merged into another since; undo that merge first');
    const snap = m.survivorBefore as Record<string, unknown>;
    await repo.updateContact(tx, actor.workspaceId, survivor.id, restoreColumns(snap));
    await tx.update(contacts).set({ mergedInto: null, updatedAt: new Date() }).where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, loser.id)));
    const moved = m.moved as Moved;
    if (moved.notes.length) await tx.update(notes).set({ recordId: loser.id }).where(and(eq(notes.workspaceId, actor.workspaceId), inArray(notes.id, moved.notes)));
    for (const m of linkedRecordMovers()) {
      const ids = moved[m.kind];
      if (ids?.length) await m.moveBack(tx, actor.workspaceId, ids, loser.id);
    }
    if (moved.timeline.length) {
      await tx.update(timelineEntries).set({ recordId: loser.id }).where(and(
        eq(timelineEntries.workspaceId, actor.workspaceId), eq(timelineEntries.recordType, 'contact'), eq(timelineEntries.recordId, survivor.id), inArray(timelineEntries.eventId, moved.timeline)));
    }
    await tx.update(merges).set({ undoneAt: new Date() }).where(and(eq(merges.workspaceId, actor.workspaceId), eq(merges.id, mergeId)));
    const restored = await repo.findContact(tx, actor.workspaceId, survivor.id);
    const contact = presentContact(restored!);
    await emit(tx, deps.queue, actor, {
      type: 'contact.unmerged', subject: { type: 'contact', id: survivor.id },
      payload: { mergeId, before: presentContact(survivor), after: contact, related: [{ type: 'contact', id: loser.id }] },
    });
    return contact;
  });
}

/** The merges a person survived (newest first), for the undo button on their page. */
export async function listMerges(deps: Deps, actor: Actor, contactId: string) {
  authorize(actor, 'contacts:read');
  if (!(await repo.findContact(deps.db, actor.workspaceId, contactId))) throw new NotFound('contact_not_found', 'No such person');
  const list = await deps.db.select().from(merges).where(and(eq(merges.workspaceId, actor.workspaceId), eq(merges.survivorId, contactId), isNull(merges.undoneAt)));
  return list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).map((m) => ({ id: m.id, loserId: m.loserId, createdAt: m.createdAt.toISOString(), actorId: m.actorId }));
}

async function loadPair(ex: Executor, actor: Actor, body: MergeBody) {
  if (body.survivorId === body.loserId) throw new Validation('merge_same_record', 'Choose two different people to merge');
  const survivor = await repo.findContact(ex, actor.workspaceId, body.survivorId);
  const loser = await repo.findContact(ex, actor.workspaceId, body.loserId);
  if (!survivor || survivor.mergedInto) throw new NotFound('contact_not_found', 'The surviving person does not exist');
  if (!loser || loser.mergedInto) throw new NotFound('contact_not_found', 'The person to merge does not exist');
  return { survivor, loser };
}

function combine(s: repo.ContactRow, l: repo.ContactRow, body: MergeBody) {
  const pick = <K extends (typeof MERGE_FIELDS)[number]>(field: K, sv: unknown, lv: unknown) => {
    const choice = body.choices?.[field];
    if (choice === 'loser') return lv ?? null;
    if (choice === 'survivor') return sv ?? null;
    return sv ?? lv ?? null;
  };
  const input: ContactInput = {
    firstName: (pick('firstName', s.firstName, l.firstName) as string | null) ?? undefined,
    lastName: (pick('lastName', s.lastName, l.lastName) as string | null) ?? undefined,
    emails: [...s.emails, ...l.emails],
    phones: [...s.phones, ...l.phones],
    addresses: dedupeAddresses([...s.addresses, ...l.addresses]),
    jobTitle: (pick('jobTitle', s.jobTitle, l.jobTitle) as string | null) ?? undefined,
    website: (pick('website', s.website, l.website) as string | null) ?? undefined,
    birthday: (pick('birthday', s.birthday, l.birthday) as string | null) ?? undefined,
    language: (pick('language', s.language, l.language) as ContactInput['language'] | null) ?? undefined,
    lifecycleStage: (pick('lifecycleStage', s.lifecycleStage, l.lifecycleStage) as ContactInput['lifecycleStage'] | null) ?? undefined,
    tags: [...s.tags, ...l.tags],
  };
  const p = prepareContact(input);
  const useLoserCompany = body.choices?.companyId === 'loser' || (!body.choices?.companyId && !s.companyId);
  const companyId = useLoserCompany ? l.companyId : s.companyId;
  const companyName = useLoserCompany ? l.companyName : s.companyName;
  const custom: Record<string, unknown> = { ...l.custom, ...s.custom };
  for (const [key, who] of Object.entries(body.customChoices ?? {})) {
    const v = who === 'loser' ? l.custom[key] : s.custom[key];
    if (v === undefined) delete custom[key];
    else custom[key] = v;
  }
  return {
    row: { ...p, companyId, ownerId: pick('ownerId', s.ownerId, l.ownerId) as string | null, custom, ...contactSearchColumns(p, companyName) },
    companyName,
  };
}

function dedupeAddresses<T extends object>(list: T[]): T[] {
  const seen = new Set<string>();
  return list.filter((a) => !seen.has(JSON.stringify(a)) && !!seen.add(JSON.stringify(a)));
}

async function moveRecords(tx: Executor, ws: string, fromId: string, toId: string): Promise<Moved> {
  const movedNotes = await tx.update(notes).set({ recordId: toId })
    .where(and(eq(notes.workspaceId, ws), eq(notes.recordType, 'contact'), eq(notes.recordId, fromId))).returning({ id: notes.id });
  const movedTimeline = await tx.update(timelineEntries).set({ recordId: toId })
    .where(and(eq(timelineEntries.workspaceId, ws), eq(timelineEntries.recordType, 'contact'), eq(timelineEntries.recordId, fromId))).returning({ id: timelineEntries.eventId });
  const moved: Moved = { notes: movedNotes.map((r) => r.id), tasks: [], identities: [], timeline: movedTimeline.map((r) => r.id) };
  for (const m of linkedRecordMovers()) moved[m.kind] = await m.move(tx, ws, fromId, toId);
  return moved;
}

async function countMovable(ex: Executor, ws: string, id: string) {
  const [r] = await rows<{ notes: number; timeline: number }>(ex, sql`SELECT
    (SELECT count(*)::int FROM notes WHERE workspace_id = ${ws} AND record_type = 'contact' AND record_id = ${id}) AS notes,
    (SELECT count(*)::int FROM timeline_entries WHERE workspace_id = ${ws} AND record_type = 'contact' AND record_id = ${id}) AS timeline`);
  const counts: Record<'notes' | 'timeline' | LinkedRecordMover['kind'], number> = { notes: r!.notes, tasks: 0, identities: 0, consents: 0, customer_accounts: 0, conversations: 0, timeline: r!.timeline };
  for (const m of linkedRecordMovers()) counts[m.kind] = await m.count(ex, ws, id);
  return counts;
}


function toDedupe(c: repo.ContactRow): DedupeRecord {
  return {
    id: c.id, firstName: c.firstName ?? undefined, lastName: c.lastName ?? undefined, emails: c.emails.map((e) => e.value),
    phones: c.phones.flatMap((p) => (p.e164 ? [p.e164] : [])), companyName: c.companyName ?? undefined, city: c.addresses[0]?.city ?? undefined,
  };
}

// The survivor's columns from its stored snapshot (JSON turned dates into strings).
function restoreColumns(snap: Record<string, unknown>): Partial<repo.ContactInsert> {
  // Generated columns are PostgreSQL's to write.
  const { workspaceId: _w, id: _i, createdAt: _c, updatedAt: _u, searchTsv: _t, firstPhone: _p, city: _y, mergedInto: _m, ...rest } = snap;
  return rest as Partial<repo.ContactInsert>;
}

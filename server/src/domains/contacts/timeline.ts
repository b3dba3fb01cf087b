import { and, desc, eq, lt, or } from 'drizzle-orm';
import { run, statement, type Executor } from '../../db/client.ts';
import { timelineEntries } from '../../db/schema.ts';
import type { Deps } from '../../deps.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';

const TIMELINE_EVENTS = [
  'contact.created', 'contact.updated', 'contact.merged', 'contact.unmerged', 'contacts.imported',
  'company.created', 'company.updated', 'note.created', 'note.updated', 'note.deleted',
  'task.created', 'task.updated', 'task.deleted',
  'identity.linked', 'identity.unlinked', 'identity.enriched', 'identity.enrichment_removed',
  'consent.requested', 'consent.granted', 'consent.withdrawn',
  'message.received',
] as const;

const TIMELINE_RECORDS = new Set(['contact', 'company']);

/** Puts each event on the timeline of its subject and of every related person or company. Idempotent. */
export const timelineHandler: EventHandler = {
  name: 'timeline',
  events: TIMELINE_EVENTS,
  // Only events of or about a person or company have a place on a timeline: no job for the others.
  accepts: (e) => e.type === 'contacts.imported' || TIMELINE_RECORDS.has(e.subject.type)
    || ((e.payload as { related?: { type: string }[] }).related ?? []).some((r) => TIMELINE_RECORDS.has(r.type)),
  async handle(deps, e) {
    await writeEntries(deps, entriesOf(e));
  },
  // A job's events (an ingestion batch: hundreds) with multi-row INSERTs instead of one a event.
  async handleMany(deps, list) {
    const entries = list.flatMap(entriesOf);
    if (entries.length) await writeEntries(deps, entries);
  },
};

function entriesOf(e: StoredEvent) {
  const p = e.payload as { related?: { type: string; id: string }[]; ids?: string[]; before?: unknown; after?: unknown };
  const records = new Map<string, { type: string; id: string }>();
  if (e.type === 'contacts.imported') for (const id of p.ids ?? []) records.set(`contact:${id}`, { type: 'contact', id });
  else records.set(`${e.subjectType}:${e.subjectId}`, { type: e.subjectType, id: e.subjectId });
  for (const r of p.related ?? []) records.set(`${r.type}:${r.id}`, r);
  const data = e.type === 'contacts.imported' ? { importId: e.subjectId } : timelineData(e.type, p);
  // Only people and companies have a timeline (GET /api/contacts|companies/:id/timeline): an entry on a message, a note
  // or an identity would never be read (a message of a customer who is no person yet writes none).
  return [...records.values()].filter((r) => TIMELINE_RECORDS.has(r.type)).map((r) => ({
    workspaceId: e.workspaceId, eventId: e.id, recordType: r.type, recordId: r.id, kind: e.type, actorId: e.actorId, data, at: e.at,
  }));
}

async function writeEntries(deps: Deps, values: ReturnType<typeof entriesOf>): Promise<void> {
  for (let i = 0; i < values.length; i += 1000) {
    const part = values.slice(i, i + 1000);
    const col = <T>(f: (e: (typeof part)[number]) => T) => part.map(f);
    await run(deps.db, INSERT_ENTRIES, [col((e) => e.workspaceId), col((e) => e.eventId), col((e) => e.recordType), col((e) => e.recordId), col((e) => e.kind),
      col((e) => e.actorId), col((e) => JSON.stringify(e.data)), col((e) => new Date(e.at).toISOString())]);
  }
}
// One prepared text for any number of entries (db/client.ts statement): a job's events are written at once.
const INSERT_ENTRIES = statement(`INSERT INTO timeline_entries (workspace_id, event_id, record_type, record_id, kind, actor_id, data, at)
  SELECT v.workspace_id, v.event_id, v.record_type, v.record_id, v.kind, v.actor_id, v.data::jsonb, v.at
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::uuid[], $7::text[], $8::timestamptz[])
    AS v(workspace_id, event_id, record_type, record_id, kind, actor_id, data, at)
  ON CONFLICT DO NOTHING`);

// What a timeline entry shows: for updates only the fields that changed, with old and new values.
function timelineData(type: string, p: { before?: unknown; after?: unknown }): Record<string, unknown> {
  const before = (p.before ?? {}) as Record<string, unknown>;
  const after = (p.after ?? {}) as Record<string, unknown>;
  // An identity event also names the identity, why a link was undone and what was fetched: the link alone does not.
  if (type.startsWith('identity.')) {
    const { network, handle, reason, score, fields } = p as Record<string, unknown>;
    return { snapshot: after, identity: { network: network ?? null, handle: handle ?? null }, reason: reason ?? null, score: score ?? null, fields: fields ?? null };
  }
  if (type.endsWith('.updated')) {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
      if (k === 'updatedAt') continue;
      if (JSON.stringify(before[k]) !== JSON.stringify(after[k])) changes[k] = { from: before[k] ?? null, to: after[k] ?? null };
    }
    return { changes };
  }
  return { snapshot: Object.keys(after).length ? after : before };
}

/** A page of a record's timeline, newest first. */
export async function listTimeline(ex: Executor, workspaceId: string, recordType: string, recordId: string, opts: { before?: Date; limit: number }) {
  const base = and(eq(timelineEntries.workspaceId, workspaceId), eq(timelineEntries.recordType, recordType), eq(timelineEntries.recordId, recordId));
  return ex.select().from(timelineEntries)
    .where(opts.before ? and(base, or(lt(timelineEntries.at, opts.before))) : base)
    .orderBy(desc(timelineEntries.at), desc(timelineEntries.eventId))
    .limit(opts.limit);
}

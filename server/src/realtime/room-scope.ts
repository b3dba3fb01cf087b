import { sql } from 'drizzle-orm';
import { rows, type Executor } from '../db/client.ts';
import type { Notice, RoomOfNotice } from './hub.ts';

// Team rooms' notices (room, room_member, room_post, document, room_note) and comments name a post, a document or a
// record, not whether the room they belong to is private. The hub asks this resolver ONCE per such notice (not once per
// open stream): it reads the event's room from the outbox and the room's visibility and members from a per-process
// cache, which room.* and room_member.* notices clear for their room (every process hears them all). The filter then
// decides per stream in memory (filter.ts `mayReceive`).

/** Event types (by their first word) whose notices are about a room's content. */
export const ROOM_PREFIXES: ReadonlySet<string> = new Set(['room', 'room_member', 'room_post', 'document', 'room_note']);

const TTL_MS = 60_000;
const MAX_ROOMS = 2_000;
const MAX_DOCUMENTS = 5_000;

interface RoomEntry { at: number; value: Promise<{ visibility: string; members: ReadonlySet<string> } | null> }

/** Whether a notice needs the resolver before the filter can judge it. */
export function needsScope(notice: Notice): boolean {
  if (notice.kind !== 'event' || !notice.id) return false;
  const prefix = notice.type.split('.')[0]!;
  return ROOM_PREFIXES.has(prefix) || prefix === 'comment';
}

/** Resolves and caches what the filter needs to know of a room notice: the room, its visibility and members. */
export class RoomScopes {
  private readonly roomsCache = new Map<string, RoomEntry>();
  // A document never moves to another room: its room is kept (bounded).
  private readonly documentRooms = new Map<string, string>();
  /** Room lookups that went to the database (for tests). */
  lookups = 0;

  constructor(private readonly db: Executor) {}

  /** Sees every notice of the channel (even of workspaces nobody here listens to): membership and visibility changes clear the cache. */
  observe(notice: Notice): void {
    const prefix = notice.type.split('.')[0];
    if ((prefix === 'room' || prefix === 'room_member') && notice.subjectType === 'room' && notice.subjectId) {
      this.roomsCache.delete(`${notice.workspaceId}:${notice.subjectId}`);
    }
  }

  /** Forgets everything (the listener was away: notices that would have cleared entries may be lost). */
  clear(): void {
    this.roomsCache.clear();
  }

  /** The notice with what its room is (`room`) and, for a comment, the record it is on (`record`). */
  async resolve(notice: Notice): Promise<Notice> {
    const ws = notice.workspaceId;
    const [e] = await rows<{ room_id: string | null; user_id: string | null; before_visibility: string | null; record_type: string | null; record_id: string | null }>(this.db, sql`
      SELECT payload->>'roomId' AS room_id, payload->>'userId' AS user_id, payload->'before'->>'visibility' AS before_visibility,
        payload->>'recordType' AS record_type, payload->>'recordId' AS record_id
      FROM events WHERE workspace_id = ${ws}::uuid AND id = ${notice.id!}::uuid`);
    if (!e) return notice;
    let roomId = e.room_id ?? (notice.subjectType === 'room' ? notice.subjectId ?? null : null);
    let record: Notice['record'] = null;
    if (notice.type.startsWith('comment.') && e.record_type && e.record_id) {
      record = { type: e.record_type, id: e.record_id };
      if (e.record_type === 'room') roomId = e.record_id;
      else if (e.record_type === 'document') roomId = await this.roomOfDocument(ws, e.record_id);
      else return { ...notice, record, ...(e.record_type === 'conversation' ? { conversationId: e.record_id } : {}) };
    }
    if (!roomId || !UUID.test(roomId)) return { ...notice, record };
    const info = await this.room(ws, roomId);
    if (!info) return { ...notice, record, roomId };
    const room: RoomOfNotice = {
      // A room made private is announced to those who could read it until then (their list drops it on refetch).
      public: info.visibility === 'public' || (notice.type === 'room.updated' && e.before_visibility === 'public'),
      members: info.members,
      // A removed member hears of their removal.
      also: notice.type === 'room_member.removed' ? e.user_id : null,
    };
    return { ...notice, record, roomId, room };
  }

  private room(ws: string, roomId: string): RoomEntry['value'] {
    const key = `${ws}:${roomId}`;
    const hit = this.roomsCache.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
    this.lookups++;
    const value = rows<{ visibility: string; members: string[] | null }>(this.db, sql`
      SELECT r.visibility, (SELECT array_agg(m.user_id) FROM room_members m WHERE m.workspace_id = r.workspace_id AND m.room_id = r.id) AS members
      FROM rooms r WHERE r.workspace_id = ${ws}::uuid AND r.id = ${roomId}::uuid`)
      .then(([r]) => (r ? { visibility: r.visibility, members: new Set((r.members ?? []).map((u) => u.toLowerCase())) } : null));
    // A failed lookup is not kept.
    value.catch(() => { if (this.roomsCache.get(key)?.value === value) this.roomsCache.delete(key); });
    if (this.roomsCache.size >= MAX_ROOMS) this.roomsCache.delete(this.roomsCache.keys().next().value!);
    this.roomsCache.set(key, { at: Date.now(), value });
    return value;
  }

  private async roomOfDocument(ws: string, documentId: string): Promise<string | null> {
    const key = `${ws}:${documentId}`;
    const known = this.documentRooms.get(key);
    if (known) return known;
    const [d] = await rows<{ room_id: string }>(this.db, sql`SELECT room_id FROM documents WHERE workspace_id = ${ws}::uuid AND id = ${documentId}::uuid`);
    if (!d) return null;
    if (this.documentRooms.size >= MAX_DOCUMENTS) this.documentRooms.delete(this.documentRooms.keys().next().value!);
    this.documentRooms.set(key, d.room_id);
    return d.room_id;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

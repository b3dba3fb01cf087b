import type { CommentRecordType } from '@parley/contracts/comments';
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { companies, contacts, conversations } from '../../db/schema.ts';
import { NotFound } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';
import { authorizeInbox, inboxScope } from '../experts/service.ts';
import { canReadRoomRecord, listRooms } from '../rooms/service.ts';

// Who may read a record may comment on it and read its comments: each record type asks its own domain's rule, so
// an expert sees the comments of exactly the conversations they were asked into, and of no contact.

/** Throws 404 (record_not_found) unless the record exists in the actor's workspace and the actor may read it. */
export async function requireReadableRecord(db: Executor, actor: Actor, type: CommentRecordType, id: string): Promise<void> {
  const missing = new NotFound('record_not_found', 'No such record');
  switch (type) {
    case 'contact': {
      authorize(actor, 'contacts:read');
      const [row] = await db.select({ id: contacts.id }).from(contacts).where(and(eq(contacts.workspaceId, actor.workspaceId), eq(contacts.id, id)));
      if (!row) throw missing;
      return;
    }
    case 'company': {
      authorize(actor, 'companies:read');
      const [row] = await db.select({ id: companies.id }).from(companies).where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, id)));
      if (!row) throw missing;
      return;
    }
    case 'conversation': {
      await authorizeInbox(db, actor, 'inbox:read', id);
      const [row] = await db.select({ id: conversations.id }).from(conversations).where(and(eq(conversations.workspaceId, actor.workspaceId), eq(conversations.id, id)));
      if (!row) throw missing;
      return;
    }
    case 'room':
    case 'document':
      if (!(await canReadRoomRecord(db, actor, type, id))) throw missing;
      return;
    default: {
      const never: never = type;
      throw new NotFound('record_not_found', `Unknown record type ${String(never)}`);
    }
  }
}

/**
 * The records whose comments (and hashtag uses) an actor may read, for queries over many records at once (the search,
 * the hashtag page): the same rules as requireReadableRecord, each asked of its own domain once per request.
 */
export interface ReadableRecords {
  contacts: boolean;
  companies: boolean;
  /** Every conversation of the workspace, or only these (an expert's consulted ones). */
  conversations: 'all' | string[];
  /** The rooms the actor may read (public ones, their own private ones; every room for admins). */
  rooms: string[];
}

/** What the actor may read, asked of the policies, the experts' inbox scope and the rooms' own rule. */
export async function readableRecords(deps: Deps, actor: Actor): Promise<ReadableRecords> {
  const scope = await inboxScope(deps.db, actor);
  return {
    contacts: can(actor, 'contacts:read'),
    companies: can(actor, 'companies:read'),
    conversations: scope ?? (can(actor, 'inbox:read') ? 'all' : []),
    rooms: can(actor, 'rooms:use') ? (await listRooms(deps, actor)).items.map((r) => r.id) : [],
  };
}

/**
 * The SQL condition "this record is readable" over a record type and id column (raw SQL, e.g. `sql.raw('c.record_type')`)
 * of the actor's workspace. A document is readable when its room is.
 */
export function readableRecordsSql(r: ReadableRecords, workspaceId: string, type: SQL, id: SQL): SQL {
  const parts: SQL[] = [];
  if (r.contacts) parts.push(sql`${type} = 'contact'`);
  if (r.companies) parts.push(sql`${type} = 'company'`);
  if (r.conversations === 'all') parts.push(sql`${type} = 'conversation'`);
  else if (r.conversations.length) parts.push(sql`(${type} = 'conversation' AND ${id} = ANY(${sql.param(r.conversations)}::uuid[]))`);
  if (r.rooms.length) {
    const rooms = sql.param(r.rooms);
    parts.push(sql`(${type} = 'room' AND ${id} = ANY(${rooms}::uuid[]))`);
    parts.push(sql`(${type} = 'document' AND EXISTS (SELECT 1 FROM documents d WHERE d.workspace_id = ${workspaceId}::uuid AND d.id = ${id} AND d.room_id = ANY(${rooms}::uuid[])))`);
  }
  return parts.length ? sql`(${sql.join(parts, sql` OR `)})` : sql`false`;
}

/** The app path of a record (hashtag page links, notifications). */
export function recordPath(type: string, id: string): string {
  switch (type) {
    case 'contact': return `/people/${id}`;
    case 'company': return `/companies/${id}`;
    case 'conversation': return `/inbox/${id}`;
    case 'room': return `/rooms/${id}`;
    case 'document': return `/documents/${id}`;
    default: return `/`;
  }
}

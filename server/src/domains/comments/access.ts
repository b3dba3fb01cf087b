import type { CommentRecordType } from '@parley/contracts/comments';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { companies, contacts, conversations } from '../../db/schema.ts';
import { NotFound } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { authorizeInbox } from '../experts/service.ts';
import { canReadRoomRecord } from '../rooms/service.ts';

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

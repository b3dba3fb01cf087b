import { and, desc, eq, ilike, inArray, isNull, or } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { comments, documents, roomMembers, roomPosts, rooms } from '../../db/schema.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';

// Search across room posts, document names and the comments (part A) on rooms and their documents, limited to the
// rooms the actor may read (same rule as access.ts: public rooms, rooms they belong to, every room for admins).
// Comments on other records (contacts, conversations) are the comments domain's search, not this one.

const HITS = 50;

/** Posts and documents matching `q` in the rooms the actor may read, newest first. */
export async function searchRooms(deps: Deps, actor: Actor, q: string) {
  authorize(actor, 'rooms:use');
  const mine = actor.userId ? (await deps.db.select({ roomId: roomMembers.roomId }).from(roomMembers)
    .where(and(eq(roomMembers.workspaceId, actor.workspaceId), eq(roomMembers.userId, actor.userId)))).map((m) => m.roomId) : [];
  const visible = can(actor, 'rooms:admin') ? undefined : or(eq(rooms.visibility, 'public'), mine.length ? inArray(rooms.id, mine) : undefined);
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const posts = await deps.db.select({ id: roomPosts.id, roomId: rooms.id, roomName: rooms.name, body: roomPosts.body, createdAt: roomPosts.createdAt }).from(roomPosts)
    .innerJoin(rooms, and(eq(rooms.workspaceId, roomPosts.workspaceId), eq(rooms.id, roomPosts.roomId)))
    .where(and(eq(roomPosts.workspaceId, actor.workspaceId), isNull(roomPosts.deletedAt), ilike(roomPosts.body, pattern), visible))
    .orderBy(desc(roomPosts.createdAt)).limit(HITS);
  const docs = await deps.db.select({ id: documents.id, roomId: rooms.id, roomName: rooms.name, name: documents.name, createdAt: documents.updatedAt }).from(documents)
    .innerJoin(rooms, and(eq(rooms.workspaceId, documents.workspaceId), eq(rooms.id, documents.roomId)))
    .where(and(eq(documents.workspaceId, actor.workspaceId), ilike(documents.name, pattern), visible))
    .orderBy(desc(documents.updatedAt)).limit(HITS);
  const onRooms = await deps.db.select({ id: comments.id, roomId: rooms.id, roomName: rooms.name, body: comments.body, createdAt: comments.createdAt }).from(comments)
    .innerJoin(rooms, and(eq(rooms.workspaceId, comments.workspaceId), eq(comments.recordType, 'room'), eq(rooms.id, comments.recordId)))
    .where(and(eq(comments.workspaceId, actor.workspaceId), isNull(comments.deletedAt), ilike(comments.body, pattern), visible))
    .orderBy(desc(comments.createdAt)).limit(HITS);
  const onDocs = await deps.db.select({ id: comments.id, roomId: rooms.id, roomName: rooms.name, body: comments.body, createdAt: comments.createdAt }).from(comments)
    .innerJoin(documents, and(eq(documents.workspaceId, comments.workspaceId), eq(comments.recordType, 'document'), eq(documents.id, comments.recordId)))
    .innerJoin(rooms, and(eq(rooms.workspaceId, documents.workspaceId), eq(rooms.id, documents.roomId)))
    .where(and(eq(comments.workspaceId, actor.workspaceId), isNull(comments.deletedAt), ilike(comments.body, pattern), visible))
    .orderBy(desc(comments.createdAt)).limit(HITS);
  const items = [
    ...[...onRooms, ...onDocs].map((c) => ({ type: 'comment' as const, id: c.id, roomId: c.roomId, roomName: c.roomName, title: c.body.slice(0, 200), createdAt: c.createdAt.toISOString() })),
    ...posts.map((p) => ({ type: 'post' as const, id: p.id, roomId: p.roomId, roomName: p.roomName, title: p.body.slice(0, 200), createdAt: p.createdAt.toISOString() })),
    ...docs.map((d) => ({ type: 'document' as const, id: d.id, roomId: d.roomId, roomName: d.roomName, title: d.name, createdAt: d.createdAt.toISOString() })),
  ].sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, HITS);
  return { items };
}

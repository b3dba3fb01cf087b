import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { documents, roomMembers, rooms } from '../../db/schema.ts';
import { Forbidden, NotFound } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';

// The one place that decides who sees and writes what in team rooms (docs/rooms.md):
// - a public room is readable by everyone of the workspace and anyone may join it; a private room only by its members;
// - admins read and manage every room (they answer for the workspace), members or not;
// - members write (posts, documents, notes) while the room is not archived; owners and admins manage it.
// Whatever a caller may not read answers 404, so a private room's existence never leaks.

export type RoomRow = typeof rooms.$inferSelect;
export interface RoomAccess { room: RoomRow; myRole: 'owner' | 'member' | null; read: boolean; write: boolean; manage: boolean }

/** What the actor may do in a room (undefined when the room does not exist in the actor's workspace). */
export async function roomAccess(db: Executor, actor: Actor, roomId: string): Promise<RoomAccess | undefined> {
  const [room] = await db.select().from(rooms).where(and(eq(rooms.workspaceId, actor.workspaceId), eq(rooms.id, roomId)));
  if (!room) return undefined;
  const myRole = actor.userId ? await memberRole(db, actor.workspaceId, roomId, actor.userId) : null;
  return accessOf(actor, room, myRole);
}

/** The abilities for a room row and the actor's membership. */
export function accessOf(actor: Actor, room: RoomRow, myRole: 'owner' | 'member' | null): RoomAccess {
  const admin = can(actor, 'rooms:admin');
  const read = readsRoom(actor, room.visibility === 'public', myRole !== null);
  return { room, myRole, read, write: read && !room.archived && (myRole !== null || admin), manage: read && (myRole === 'owner' || admin) };
}

/** The one rule of who reads a room: whoever works in rooms, if an admin, or the room is public, or they are a member. */
export function readsRoom(actor: Actor, isPublic: boolean, isMember: boolean): boolean {
  return can(actor, 'rooms:use') && (can(actor, 'rooms:admin') || isPublic || isMember);
}

/** The actor's role in a room, null when not a member. */
export async function memberRole(db: Executor, workspaceId: string, roomId: string, userId: string): Promise<'owner' | 'member' | null> {
  const [m] = await db.select({ role: roomMembers.role }).from(roomMembers)
    .where(and(eq(roomMembers.workspaceId, workspaceId), eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId)));
  return (m?.role as 'owner' | 'member' | undefined) ?? null;
}

/** True when the actor may read the room. */
export async function canReadRoom(db: Executor, actor: Actor, roomId: string): Promise<boolean> {
  return (await roomAccess(db, actor, roomId))?.read ?? false;
}

/** True when the actor may write in the room (post, upload, edit notes). */
export async function canWriteRoom(db: Executor, actor: Actor, roomId: string): Promise<boolean> {
  return (await roomAccess(db, actor, roomId))?.write ?? false;
}

/** For comments (part A): whether the actor may read a room or a room's document. */
export async function canReadRoomRecord(db: Executor, actor: Actor, type: 'room' | 'document', id: string): Promise<boolean> {
  if (type === 'room') return canReadRoom(db, actor, id);
  const [d] = await db.select({ roomId: documents.roomId }).from(documents).where(and(eq(documents.workspaceId, actor.workspaceId), eq(documents.id, id)));
  return d ? canReadRoom(db, actor, d.roomId) : false;
}

/** The room's access, or 404 unless the actor may read it (and 403/404 for the level asked). */
export async function requireRoom(db: Executor, actor: Actor, roomId: string, level: 'read' | 'write' | 'manage' = 'read'): Promise<RoomAccess> {
  authorize(actor, 'rooms:use');
  const access = await roomAccess(db, actor, roomId);
  if (!access?.read) throw new NotFound('room_not_found', 'No such room');
  if (level === 'write' && !access.write) throw new Forbidden(access.room.archived ? 'room_archived' : 'room_not_member', access.room.archived ? 'The room is archived' : 'Join the room first');
  if (level === 'manage' && !access.manage) throw new Forbidden('room_not_owner', 'Only the room\'s owners manage it');
  return access;
}

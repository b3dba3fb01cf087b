import type { Room, RoomInput, RoomMember, RoomPatch } from '@parley/contracts/rooms';
import { RoomInput as RoomInputSchema } from '@parley/contracts/rooms';
import { and, asc, count, eq, inArray, or } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { roomMembers, rooms, teams, users } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';
import { accessOf, requireRoom, type RoomRow } from './access.ts';

// Part A's comments on rooms and documents authorize through these (the one decision lives in access.ts).
export { canReadRoom, canReadRoomRecord, canWriteRoom } from './access.ts';

/** The rooms the actor may read: every public room of the workspace and the private ones they belong to (admins: all). */
export async function listRooms(deps: Deps, actor: Actor): Promise<{ items: Room[] }> {
  authorize(actor, 'rooms:use');
  const mine = actor.userId ? await deps.db.select({ roomId: roomMembers.roomId, role: roomMembers.role }).from(roomMembers)
    .where(and(eq(roomMembers.workspaceId, actor.workspaceId), eq(roomMembers.userId, actor.userId))) : [];
  const roleOf = new Map(mine.map((m) => [m.roomId, m.role as 'owner' | 'member']));
  const visible = can(actor, 'rooms:admin') ? undefined
    : or(eq(rooms.visibility, 'public'), mine.length ? inArray(rooms.id, [...roleOf.keys()]) : undefined);
  const list = await deps.db.select().from(rooms).where(and(eq(rooms.workspaceId, actor.workspaceId), visible)).orderBy(asc(rooms.archived), asc(rooms.name));
  const counts = await memberCounts(deps.db, actor.workspaceId, list.map((r) => r.id));
  return { items: list.map((r) => presentRoom(actor, r, roleOf.get(r.id) ?? null, counts.get(r.id) ?? 0)) };
}

/** Creates a room; the creating user becomes its owner. */
export async function createRoom(deps: Deps, actor: Actor, input: RoomInput): Promise<Room> {
  authorize(actor, 'rooms:use');
  const data = RoomInputSchema.parse(input);
  if (data.teamId) {
    const [t] = await deps.db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, actor.workspaceId), eq(teams.id, data.teamId)));
    if (!t) throw new Validation('team_not_found', 'No such team', { field: 'teamId' });
  }
  const row = await deps.db.transaction(async (tx) => {
    const [r] = await tx.insert(rooms).values({ workspaceId: actor.workspaceId, id: newId(), name: data.name, description: data.description ?? null, teamId: data.teamId ?? null, visibility: data.visibility, createdBy: actor.userId }).returning();
    if (actor.userId) await tx.insert(roomMembers).values({ workspaceId: actor.workspaceId, roomId: r!.id, userId: actor.userId, role: 'owner' });
    await emit(tx, deps.queue, actor, { type: 'room.created', subject: { type: 'room', id: r!.id }, payload: { roomId: r!.id, after: { name: r!.name, visibility: r!.visibility }, related: [{ type: 'room', id: r!.id }] } });
    return r!;
  });
  return presentRoom(actor, row, actor.userId ? 'owner' : null, actor.userId ? 1 : 0);
}

/** A room the actor may read. */
export async function getRoom(deps: Deps, actor: Actor, roomId: string): Promise<Room> {
  const a = await requireRoom(deps.db, actor, roomId);
  return presentRoom(actor, a.room, a.myRole, (await memberCounts(deps.db, actor.workspaceId, [roomId])).get(roomId) ?? 0);
}

/** Renames, describes, changes visibility or archives a room (owners and admins). */
export async function updateRoom(deps: Deps, actor: Actor, roomId: string, patch: RoomPatch): Promise<Room> {
  const a = await requireRoom(deps.db, actor, roomId, 'manage');
  const set = { ...patch, updatedAt: new Date() };
  const row = await deps.db.transaction(async (tx) => {
    const [r] = await tx.update(rooms).set(set).where(and(eq(rooms.workspaceId, actor.workspaceId), eq(rooms.id, roomId))).returning();
    await emit(tx, deps.queue, actor, { type: 'room.updated', subject: { type: 'room', id: roomId }, payload: { roomId, before: { name: a.room.name, visibility: a.room.visibility, archived: a.room.archived }, after: patch, related: [{ type: 'room', id: roomId }] } });
    return r!;
  });
  return getRoom(deps, actor, row.id);
}

/** The members of a room the actor may read. */
export async function listMembers(deps: Deps, actor: Actor, roomId: string): Promise<{ items: RoomMember[] }> {
  await requireRoom(deps.db, actor, roomId);
  const list = await deps.db.select({ id: users.id, name: users.name, role: roomMembers.role, joinedAt: roomMembers.createdAt }).from(roomMembers)
    .innerJoin(users, and(eq(users.workspaceId, roomMembers.workspaceId), eq(users.id, roomMembers.userId)))
    .where(and(eq(roomMembers.workspaceId, actor.workspaceId), eq(roomMembers.roomId, roomId))).orderBy(asc(users.name));
  return { items: list.map((m) => ({ user: { id: m.id, name: m.name }, role: m.role as 'owner' | 'member', joinedAt: m.joinedAt.toISOString() })) };
}

/** Adds a user of the workspace to a room (owners and admins), or changes their role. */
export async function addMember(deps: Deps, actor: Actor, roomId: string, input: { userId: string; role: 'owner' | 'member' }): Promise<{ items: RoomMember[] }> {
  await requireRoom(deps.db, actor, roomId, 'manage');
  await putMember(deps, actor, roomId, input.userId, input.role);
  return listMembers(deps, actor, roomId);
}

/** Joins a public room as a member (private rooms are joined by invitation of an owner only). */
export async function joinRoom(deps: Deps, actor: Actor, roomId: string): Promise<Room> {
  const a = await requireRoom(deps.db, actor, roomId);
  if (a.room.visibility !== 'public' && a.myRole === null && !a.manage) throw new NotFound('room_not_found', 'No such room');
  if (a.room.archived) throw new Conflict('room_archived', 'The room is archived');
  if (!a.myRole && actor.userId) await putMember(deps, actor, roomId, actor.userId, 'member');
  return getRoom(deps, actor, roomId);
}

/** Removes a member (owners and admins; anyone may leave). The last owner stays. */
export async function removeMember(deps: Deps, actor: Actor, roomId: string, userId: string): Promise<void> {
  const a = await requireRoom(deps.db, actor, roomId, userId === actor.userId ? 'read' : 'manage');
  const owners = await deps.db.select({ userId: roomMembers.userId }).from(roomMembers)
    .where(and(eq(roomMembers.workspaceId, actor.workspaceId), eq(roomMembers.roomId, roomId), eq(roomMembers.role, 'owner')));
  if (owners.length === 1 && owners[0]!.userId === userId) throw new Conflict('room_last_owner', 'A room keeps at least one owner');
  await deps.db.transaction(async (tx) => {
    const gone = await tx.delete(roomMembers).where(and(eq(roomMembers.workspaceId, actor.workspaceId), eq(roomMembers.roomId, roomId), eq(roomMembers.userId, userId))).returning();
    if (!gone.length) throw new NotFound('room_member_not_found', 'Not a member of this room');
    await emit(tx, deps.queue, actor, { type: 'room_member.removed', subject: { type: 'room', id: roomId }, payload: { roomId, userId, related: [{ type: 'room', id: a.room.id }] } });
  });
}

async function putMember(deps: Deps, actor: Actor, roomId: string, userId: string, role: 'owner' | 'member'): Promise<void> {
  const [u] = await deps.db.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, actor.workspaceId), eq(users.id, userId), eq(users.status, 'active')));
  if (!u) throw new Validation('user_not_found', 'No such user', { field: 'userId' });
  await deps.db.transaction(async (tx) => {
    await tx.insert(roomMembers).values({ workspaceId: actor.workspaceId, roomId, userId, role })
      .onConflictDoUpdate({ target: [roomMembers.workspaceId, roomMembers.roomId, roomMembers.userId], set: { role } });
    await emit(tx, deps.queue, actor, { type: 'room_member.added', subject: { type: 'room', id: roomId }, payload: { roomId, userId, role, related: [{ type: 'room', id: roomId }] } });
  });
}

async function memberCounts(db: Executor, workspaceId: string, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const rows = await db.select({ roomId: roomMembers.roomId, n: count() }).from(roomMembers)
    .where(and(eq(roomMembers.workspaceId, workspaceId), inArray(roomMembers.roomId, ids))).groupBy(roomMembers.roomId);
  return new Map(rows.map((r) => [r.roomId, Number(r.n)]));
}

function presentRoom(actor: Actor, r: RoomRow, myRole: 'owner' | 'member' | null, memberCount: number): Room {
  const a = accessOf(actor, r, myRole);
  return {
    id: r.id, name: r.name, description: r.description, teamId: r.teamId, visibility: r.visibility as 'public' | 'private', archived: r.archived,
    memberCount, myRole, createdAt: r.createdAt.toISOString(),
    abilities: { write: a.write, manage: a.manage, join: myRole === null && r.visibility === 'public' && !r.archived },
  };
}

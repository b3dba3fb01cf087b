import type { RoomPost } from '@parley/contracts/rooms';
import { and, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { roomPosts, users } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import { newId } from '../../lib/ids.ts';
import { Forbidden, NotFound, Validation } from '../../lib/errors.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import type { Actor } from '../../policies/actor.ts';
// Parley's one mention parser (the experts' notes use it too): `@[Name](user:uuid)` and typed handles.
import { mentionTargets, resolveMentions } from '../experts/service.ts';
import { requireRoom } from './access.ts';

type PostRow = typeof roomPosts.$inferSelect;

/** A room's feed, newest first, each post with its thread (replies oldest first); a page ends at the cursor's time. */
export async function listPosts(deps: Deps, actor: Actor, roomId: string, q: { cursor?: string; limit: number }): Promise<{ items: RoomPost[]; nextCursor: string | null }> {
  await requireRoom(deps.db, actor, roomId);
  const before = q.cursor ? new Date(q.cursor) : null;
  if (before && Number.isNaN(before.getTime())) throw new Validation('invalid_cursor', 'Invalid cursor');
  const top = await deps.db.select().from(roomPosts)
    .where(and(eq(roomPosts.workspaceId, actor.workspaceId), eq(roomPosts.roomId, roomId), isNull(roomPosts.parentId), isNull(roomPosts.deletedAt), before ? lt(roomPosts.createdAt, before) : undefined))
    .orderBy(desc(roomPosts.createdAt)).limit(q.limit + 1);
  const page = top.slice(0, q.limit);
  const replies = page.length ? await deps.db.select().from(roomPosts)
    .where(and(eq(roomPosts.workspaceId, actor.workspaceId), inArray(roomPosts.parentId, page.map((p) => p.id)), isNull(roomPosts.deletedAt)))
    .orderBy(roomPosts.createdAt) : [];
  const names = await namesOf(deps, actor.workspaceId, [...page, ...replies].map((p) => p.authorId));
  return {
    items: page.map((p) => {
      const mine = replies.filter((r) => r.parentId === p.id).map((r) => presentPost(r, names, 0));
      return { ...presentPost(p, names, mine.length), replies: mine };
    }),
    nextCursor: top.length > q.limit ? page.at(-1)!.createdAt.toISOString() : null,
  };
}

/** Posts to a room's feed, or replies in a post's thread (members; a reply to a reply joins the same thread). */
export async function createPost(deps: Deps, actor: Actor, roomId: string, input: { body: string; parentId?: string | null }): Promise<RoomPost> {
  await requireRoom(deps.db, actor, roomId, 'write');
  let parentId: string | null = null;
  if (input.parentId) {
    const parent = await findPost(deps, actor, input.parentId);
    if (!parent || parent.roomId !== roomId) throw new Validation('room_post_not_found', 'No such post in this room', { field: 'parentId' });
    parentId = parent.parentId ?? parent.id;
  }
  const { html, mentions, hashtags } = await render(deps, actor, input.body);
  const row = await deps.db.transaction(async (tx) => {
    const [p] = await tx.insert(roomPosts).values({ workspaceId: actor.workspaceId, id: newId(), roomId, authorId: actor.userId, parentId, body: input.body, bodyHtml: html, mentions, hashtags }).returning();
    await emit(tx, deps.queue, actor, { type: 'room_post.created', subject: { type: 'room_post', id: p!.id }, payload: { roomId, parentId, mentions, hashtags, related: [{ type: 'room', id: roomId }] } });
    return p!;
  });
  return { ...presentPost(row, await namesOf(deps, actor.workspaceId, [row.authorId]), 0), replies: [] };
}

/** Edits a post (its author, or the room's owners and admins). */
export async function updatePost(deps: Deps, actor: Actor, postId: string, input: { body: string }): Promise<RoomPost> {
  const p = await ownPost(deps, actor, postId);
  const { html, mentions, hashtags } = await render(deps, actor, input.body);
  const row = await deps.db.transaction(async (tx) => {
    const [r] = await tx.update(roomPosts).set({ body: input.body, bodyHtml: html, mentions, hashtags, editedAt: new Date() })
      .where(and(eq(roomPosts.workspaceId, actor.workspaceId), eq(roomPosts.id, postId))).returning();
    await emit(tx, deps.queue, actor, { type: 'room_post.updated', subject: { type: 'room_post', id: postId }, payload: { roomId: p.roomId, mentions, hashtags, related: [{ type: 'room', id: p.roomId }] } });
    return r!;
  });
  return { ...presentPost(row, await namesOf(deps, actor.workspaceId, [row.authorId]), 0), replies: [] };
}

/** Deletes a post (soft: it leaves the feed and search; the author, or the room's owners and admins). */
export async function deletePost(deps: Deps, actor: Actor, postId: string): Promise<void> {
  const p = await ownPost(deps, actor, postId);
  await deps.db.transaction(async (tx) => {
    await tx.update(roomPosts).set({ deletedAt: new Date() }).where(and(eq(roomPosts.workspaceId, actor.workspaceId), eq(roomPosts.id, postId)));
    await emit(tx, deps.queue, actor, { type: 'room_post.deleted', subject: { type: 'room_post', id: postId }, payload: { roomId: p.roomId, related: [{ type: 'room', id: p.roomId }] } });
  });
}

async function findPost(deps: Deps, actor: Actor, postId: string): Promise<PostRow | undefined> {
  const [p] = await deps.db.select().from(roomPosts).where(and(eq(roomPosts.workspaceId, actor.workspaceId), eq(roomPosts.id, postId), isNull(roomPosts.deletedAt)));
  return p;
}

async function ownPost(deps: Deps, actor: Actor, postId: string): Promise<PostRow> {
  const p = await findPost(deps, actor, postId);
  if (!p) throw new NotFound('room_post_not_found', 'No such post');
  const a = await requireRoom(deps.db, actor, p.roomId).catch(() => { throw new NotFound('room_post_not_found', 'No such post'); });
  if (!a.write || (p.authorId !== actor.userId && !a.manage)) throw new Forbidden('room_post_not_author', 'Only the author edits a post');
  return p;
}

async function render(deps: Deps, actor: Actor, body: string) {
  const found = resolveMentions(body, await mentionTargets(deps.db, actor.workspaceId));
  return {
    html: renderMarkdown(body),
    mentions: { userIds: found.filter((m) => m.type === 'user').map((m) => m.id), teamIds: found.filter((m) => m.type === 'team').map((m) => m.id) },
    hashtags: extractHashtags(body),
  };
}

/** Display names of users by id (for authors, uploaders, editors). */
export async function namesOf(deps: Deps, workspaceId: string, ids: (string | null)[]): Promise<Map<string, string>> {
  const want = [...new Set(ids.filter((i): i is string => !!i))];
  if (!want.length) return new Map();
  const rows = await deps.db.select({ id: users.id, name: users.name }).from(users).where(and(eq(users.workspaceId, workspaceId), inArray(users.id, want)));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** A user reference for a presenter, null when unknown. */
export function refOf(names: Map<string, string>, id: string | null): { id: string; name: string } | null {
  return id && names.has(id) ? { id, name: names.get(id)! } : null;
}

function presentPost(p: PostRow, names: Map<string, string>, replyCount: number): Omit<RoomPost, 'replies'> {
  return {
    id: p.id, roomId: p.roomId, parentId: p.parentId, author: refOf(names, p.authorId), body: p.body, bodyHtml: p.bodyHtml, hashtags: p.hashtags,
    createdAt: p.createdAt.toISOString(), editedAt: p.editedAt?.toISOString() ?? null, replyCount,
  };
}

import { and, eq, inArray, like } from 'drizzle-orm';
import { conversationNotes, conversations, hashtagUses, messages, roomPosts } from '../../db/schema.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import { newId } from '../../lib/ids.ts';
import type { Deps } from '../../deps.ts';
import * as repo from './repo.ts';
import { displayTags } from './service.ts';

// The hashtag page counts #tags of internal notes, customers' messages and room posts too (comments write theirs in
// their own transaction). Idempotent: a re-delivered event finds its uses already there (unique per source and tag).
// A room post's uses are rewritten from the post as it is now on each of its events (created, updated, deleted), so
// events handled late or twice end in the same state: a deleted post has none.

async function handle(deps: Deps, list: readonly StoredEvent[]): Promise<void> {
  const byWs = new Map<string, { notes: string[]; messages: string[]; posts: string[] }>();
  for (const e of list) {
    const w = byWs.get(e.workspaceId) ?? { notes: [], messages: [], posts: [] };
    if (e.type === 'note.created') w.notes.push(e.subjectId);
    else if (e.type === 'message.received') w.messages.push(e.subjectId);
    else if (e.type === 'room_post.created' || e.type === 'room_post.updated' || e.type === 'room_post.deleted') w.posts.push(e.subjectId);
    byWs.set(e.workspaceId, w);
  }
  for (const [workspaceId, ids] of byWs) {
    const uses: (typeof hashtagUses.$inferInsert)[] = [];
    if (ids.notes.length) {
      const notes = await deps.db.select().from(conversationNotes)
        .where(and(eq(conversationNotes.workspaceId, workspaceId), inArray(conversationNotes.id, ids.notes)));
      for (const n of notes) {
        const tags = displayTags(n.text);
        if (!tags.length) continue;
        const teamId = await repo.firstTeamOf(deps.db, workspaceId, n.authorId);
        for (const t of tags) uses.push({ workspaceId, id: newId(), tag: t.tag, displayTag: t.display, sourceKind: 'note', sourceId: n.id, recordType: 'conversation', recordId: n.conversationId, teamId, createdAt: n.createdAt });
      }
    }
    if (ids.messages.length) {
      const rows = await deps.db.select({ id: messages.id, text: messages.text, conversationId: messages.conversationId, at: messages.occurredAt, teamId: conversations.teamId })
        .from(messages).leftJoin(conversations, and(eq(conversations.workspaceId, messages.workspaceId), eq(conversations.id, messages.conversationId)))
        .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, ids.messages), like(messages.text, '%#%'))); // most messages carry no tag: only those are read
      for (const m of rows) {
        // A customer has no team: the conversation's team stands for it.
        for (const t of displayTags(m.text ?? '')) uses.push({ workspaceId, id: newId(), tag: t.tag, displayTag: t.display, sourceKind: 'message', sourceId: m.id, recordType: 'conversation', recordId: m.conversationId, teamId: m.teamId ?? null, createdAt: m.at });
      }
    }
    if (uses.length) await deps.db.insert(hashtagUses).values(uses).onConflictDoNothing();
    if (ids.posts.length) await writePostUses(deps, workspaceId, [...new Set(ids.posts)]);
  }
}

// A post's uses, replaced in one transaction per post that locks the post first, so two of its events handled at once
// end with the tags it has now (none once deleted): on the room, by the author's first team (as comments and notes).
async function writePostUses(deps: Deps, workspaceId: string, postIds: string[]): Promise<void> {
  for (const id of postIds) {
    await deps.db.transaction(async (tx) => {
      const [p] = await tx.select({ roomId: roomPosts.roomId, authorId: roomPosts.authorId, body: roomPosts.body, createdAt: roomPosts.createdAt, deletedAt: roomPosts.deletedAt })
        .from(roomPosts).where(and(eq(roomPosts.workspaceId, workspaceId), eq(roomPosts.id, id))).for('update');
      const tags = p && !p.deletedAt ? displayTags(p.body) : [];
      const teamId = p && tags.length ? await repo.firstTeamOf(tx, workspaceId, p.authorId) : null;
      await repo.replaceHashtagUses(tx, workspaceId, 'post', id, p ? tags.map((t) => ({
        workspaceId, tag: t.tag, displayTag: t.display, sourceKind: 'post', sourceId: id, recordType: 'room', recordId: p.roomId, teamId, createdAt: p.createdAt,
      })) : []);
    });
  }
}

/** Registers hashtag uses of internal notes, inbound messages and room posts for the hashtag page. */
export const hashtagUsesHandler: EventHandler = {
  name: 'hashtag-uses',
  events: ['note.created', 'message.received', 'room_post.created', 'room_post.updated', 'room_post.deleted'],
  // A customer's message without tags (its message.received names its hashtags) gives nothing to count: no job.
  accepts: (e) => e.type !== 'message.received' || !Array.isArray((e.payload.after as { hashtags?: unknown } | undefined)?.hashtags)
    || ((e.payload.after as { hashtags: unknown[] }).hashtags.length > 0),
  handle: (deps, e) => handle(deps, [e]),
  handleMany: handle,
};

import { and, eq, inArray } from 'drizzle-orm';
import { conversationNotes, conversations, hashtagUses, messages } from '../../db/schema.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import { newId } from '../../lib/ids.ts';
import type { Deps } from '../../deps.ts';
import * as repo from './repo.ts';
import { displayTags } from './service.ts';

// The hashtag page counts #tags of internal notes and of customers' messages too (comments write theirs in their own
// transaction). Idempotent: a re-delivered event finds its uses already there (unique per source and tag).

async function handle(deps: Deps, list: readonly StoredEvent[]): Promise<void> {
  const byWs = new Map<string, { notes: string[]; messages: string[] }>();
  for (const e of list) {
    const w = byWs.get(e.workspaceId) ?? { notes: [], messages: [] };
    (e.type === 'note.created' ? w.notes : w.messages).push(e.subjectId);
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
        .where(and(eq(messages.workspaceId, workspaceId), inArray(messages.id, ids.messages)));
      for (const m of rows) {
        // A customer has no team: the conversation's team stands for it.
        for (const t of displayTags(m.text ?? '')) uses.push({ workspaceId, id: newId(), tag: t.tag, displayTag: t.display, sourceKind: 'message', sourceId: m.id, recordType: 'conversation', recordId: m.conversationId, teamId: m.teamId ?? null, createdAt: m.at });
      }
    }
    if (uses.length) await deps.db.insert(hashtagUses).values(uses).onConflictDoNothing();
  }
}

/** Registers hashtag uses of internal notes and inbound messages for the hashtag page. */
export const hashtagUsesHandler: EventHandler = {
  name: 'hashtag-uses',
  events: ['note.created', 'message.received'],
  handle: (deps, e) => handle(deps, [e]),
  handleMany: handle,
};

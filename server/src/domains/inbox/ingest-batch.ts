import type { InboundEvent } from '@parley/contracts/channels';
import type { Network } from '@parley/contracts/identities';
import { INBOX_LIMITS } from '@parley/contracts/inbox';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emitMany, type DomainEvent } from '../../events/emit.ts';
import { extractHashtags } from '../../lib/hashtags.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import * as identitiesService from '../identities/service.ts';
import { classifyText } from './classify.ts';
import { queueProfileFetches } from './profiles.ts';
import * as repo from './repo.ts';
import type { IngestedMessage } from './stages.ts';

// The new messages of a batch of deliveries, written with a few multi-row statements instead of ~12 a message
// (bench/RESULTS.md, inbox ingestion): one read for the messages already stored, one per network for the known authors,
// one for the parents a rootless reply hangs off, one INSERT of the conversations and one of the messages, two UPDATEs
// for the conversations touched, one INSERT of the events and a job per handler. The result is the same as storing the
// messages one after the other in the order given (process.ts ingests a batch in the order its deliveries arrived).

export interface ChannelRef { id: string; network: Network }

/** One event of a delivery, with where it came from. */
export interface BatchItem { deliveryId: string; channel: ChannelRef; event: InboundEvent }

/** What a batch's events came to; `stored` goes to the stages (stages.ts). */
export interface Tally { messages: number; updates: number; ignored: number; stored: IngestedMessage[] }

interface Prepared extends BatchItem { externalId: string }

type Author = { id: string; contactId: string | null; created: boolean };

/** A message's #hashtags for its message.received (the hashtag page's handler takes only messages that have some). */
export const hashtagsOf = (text: string | null) => (text?.includes('#') ? extractHashtags(text) : []);
const previewOf = (text: string | null) => (text ? text.replace(/\s+/g, ' ').trim().slice(0, INBOX_LIMITS.previewChars) : null);
const key = (...parts: string[]) => parts.join('|');

/** Stores message and rating events of a batch as messages (each once per channel and external id), in the caller's transaction. */
export async function addMessages(tx: Executor, deps: Deps, actor: Actor, items: BatchItem[], tally: Tally): Promise<void> {
  const ws = actor.workspaceId;
  // A re-sent event (a webhook and a backfill, the same delivery twice in a batch) is stored once.
  const seen = new Set<string>();
  const fresh: Prepared[] = [];
  for (const it of items) {
    const externalId = it.event.externalId ?? it.event.eventKey;
    if (seen.has(key(it.channel.id, externalId))) { tally.ignored++; continue; }
    seen.add(key(it.channel.id, externalId));
    fresh.push({ ...it, externalId });
  }
  const known = new Map<string, repo.MessageKey>();
  const lookup = async (wanted: { channelId: string; externalId: string }[]) => {
    for (const channelId of new Set(wanted.map((w) => w.channelId))) {
      const ids = [...new Set(wanted.filter((w) => w.channelId === channelId && !known.has(key(channelId, w.externalId))).map((w) => w.externalId))];
      for (const m of await repo.findMessagesByExternalIds(tx, ws, channelId, ids)) known.set(key(channelId, m.externalId), m);
    }
  };
  // The messages themselves and the parents that rootless replies (Mastodon, X v1.1) hang off, in one read.
  await lookup([
    ...fresh.map((p) => ({ channelId: p.channel.id, externalId: p.externalId })),
    ...fresh.filter((p) => p.event.thread?.kind === 'public' && !p.event.thread.rootExternalId && p.event.thread.parentExternalId)
      .map((p) => ({ channelId: p.channel.id, externalId: p.event.thread!.parentExternalId! })),
  ]);
  const todo = fresh.filter((p) => (known.has(key(p.channel.id, p.externalId)) ? (tally.ignored++, false) : true));
  if (todo.length === 0) return;

  // The authors become social identities; their resolution to a person runs by itself (identity.created). The channel's
  // own account writing (echoes, the page's replies) is no customer.
  const authored = todo.filter((p) => p.event.direction === 'inbound' && p.event.author);
  const authors = await identitiesService.upsertIdentities(deps, actor, authored.map(({ event: e }) => ({
    network: e.network, externalId: e.author!.externalId, handle: e.author!.handle, displayName: e.author!.displayName,
    profileUrl: e.author!.profileUrl, avatarUrl: e.author!.avatarUrl, seenAt: new Date(e.occurredAt),
    profile: Object.fromEntries(Object.entries({ followers: e.author!.followers, verified: e.author!.verified }).filter(([, v]) => v !== null)),
  })), tx);
  const authorOf = (p: Prepared): Author | null => (p.event.direction === 'inbound' && p.event.author ? authors.get(`${p.event.network}:${p.event.author.externalId}`) ?? null : null);
  // New authors the network named only by id: their profiles are fetched in a job per channel (profiles.ts).
  const profiles = new Map<string, string[]>();
  const queued = new Set<string>();
  for (const p of authored) {
    const a = authorOf(p)!;
    if (a.created && !p.event.author!.displayName && !p.event.author!.handle && !queued.has(a.id)) {
      queued.add(a.id);
      profiles.set(p.channel.id, [...(profiles.get(p.channel.id) ?? []), a.id]);
    }
  }
  await queueProfileFetches(deps, ws, profiles, tx);

  // Threads: as threadOf in process.ts; a reply whose parent comes earlier in this batch joins the parent's conversation.
  const position = new Map(todo.map((p, i) => [key(p.channel.id, p.externalId), i]));
  const threads = todo.map((p, i) => {
    const t = p.event.thread;
    if (!t) return { kind: 'public' as const, key: p.externalId };
    if (t.kind === 'private') return { kind: 'private' as const, key: t.rootExternalId ?? p.event.author?.externalId ?? p.externalId };
    if (t.rootExternalId) return { kind: 'public' as const, key: t.rootExternalId };
    if (t.parentExternalId) {
      const parent = known.get(key(p.channel.id, t.parentExternalId));
      if (parent) return { kind: 'public' as const, key: parent.conversationId, conversationId: parent.conversationId };
      const j = position.get(key(p.channel.id, t.parentExternalId));
      if (j !== undefined && j < i) return { kind: 'public' as const, key: t.parentExternalId, sameAs: j };
      return { kind: 'public' as const, key: t.parentExternalId };
    }
    return { kind: 'public' as const, key: p.externalId };
  });
  const classes = todo.map((p) => (p.event.direction === 'inbound'
    ? classifyText(p.event.text, { language: p.event.language })
    : { language: p.event.language, sentiment: null, intent: null }));

  // One INSERT for the conversations of new threads (values of the thread's first message, as one by one would).
  const firsts = new Map<string, number>();
  todo.forEach((p, i) => {
    const t = threads[i]!;
    if (t.conversationId || t.sameAs !== undefined) return;
    const k = key(p.channel.id, t.kind, t.key);
    if (!firsts.has(k)) firsts.set(k, i);
  });
  const firstIdx = [...firsts.values()];
  const upserted = await repo.upsertConversations(tx, firstIdx.map((i) => {
    const p = todo[i]!;
    const author = authorOf(p);
    return {
      workspaceId: ws, id: newId(), channelId: p.channel.id, kind: threads[i]!.kind, threadKey: threads[i]!.key,
      identityId: author?.id ?? null, contactId: author?.contactId ?? null, // A mail names its thread by its subject (e-mail connector: extra.subject).
      subject: p.event.objectType === 'post' ? previewOf(p.event.text) : typeof p.event.extra.subject === 'string' ? p.event.extra.subject.slice(0, 500) : null,
      lastMessageAt: new Date(p.event.occurredAt),
    };
  }));
  const convOfKey = new Map(firstIdx.map((i, n) => [key(todo[i]!.channel.id, threads[i]!.kind, threads[i]!.key), upserted[n]!]));
  const conversationIds: string[] = [];
  const events: DomainEvent[] = [];
  const createdBy = new Map<string, number>();
  todo.forEach((p, i) => {
    const t = threads[i]!;
    const c = t.conversationId ? { id: t.conversationId, created: false }
      : t.sameAs !== undefined ? { id: conversationIds[t.sameAs]!, created: false }
      : (({ row, created }) => ({ id: row.id, created }))(convOfKey.get(key(p.channel.id, t.kind, t.key))!);
    conversationIds.push(c.id);
    if (c.created && !createdBy.has(c.id)) {
      createdBy.set(c.id, i);
      const author = authorOf(p);
      events.push({
        type: 'conversation.created', subject: { type: 'conversation', id: c.id },
        payload: { after: { channelId: p.channel.id, kind: t.kind }, related: author?.contactId ? [{ type: 'contact', id: author.contactId }] : [] },
      });
    }
  });

  const inserted = await repo.insertMessages(tx, todo.map((p, i) => ({
    workspaceId: ws, id: newId(), conversationId: conversationIds[i]!, channelId: p.channel.id, externalId: p.externalId,
    parentExternalId: p.event.thread?.parentExternalId ?? null, direction: p.event.direction, objectType: p.event.objectType,
    identityId: authorOf(p)?.id ?? null, text: p.event.text, attachments: p.event.attachments, mentions: p.event.mentions,
    language: classes[i]!.language, sentiment: classes[i]!.sentiment, intent: classes[i]!.intent,
    flags: [], deliveryId: p.deliveryId, occurredAt: new Date(p.event.occurredAt),
  })));
  const rowOf = new Map(inserted.map((m) => [key(m.channelId, m.externalId), m]));
  const stored = todo.flatMap((p, i) => {
    const m = rowOf.get(key(p.channel.id, p.externalId));
    if (!m) { tally.ignored++; return []; } // stored meanwhile by a batch running at the same time
    return [{ p, i, m }];
  });

  // Counters, preview, last activity, status and customer of each conversation, with the newest message of its group
  // (what applying them one by one comes to): one UPDATE for all inbound groups and one for all outbound ones.
  const groups = new Map<string, typeof stored>();
  for (const s of stored) {
    const k = key(s.m.conversationId, s.p.event.direction);
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const touches: { inbound: Parameters<typeof repo.touchConversations>[3]; outbound: Parameters<typeof repo.touchConversations>[3] } = { inbound: [], outbound: [] };
  for (const group of groups.values()) {
    const newest = group.reduce((a, b) => (new Date(b.p.event.occurredAt) >= new Date(a.p.event.occurredAt) ? b : a));
    const withAuthor = group.find((s) => authorOf(s.p));
    const latest = <T>(pick: (s: (typeof group)[number]) => T | null): T | null => {
      const hit = [...group].sort((a, b) => Date.parse(b.p.event.occurredAt) - Date.parse(a.p.event.occurredAt)).find((s) => pick(s) !== null);
      return hit ? pick(hit) : null;
    };
    touches[newest.p.event.direction === 'inbound' ? 'inbound' : 'outbound'].push({
      id: newest.m.conversationId, occurredAt: new Date(newest.p.event.occurredAt), count: group.length,
      preview: latest((s) => previewOf(s.p.event.text)),
      identityId: withAuthor ? authorOf(withAuthor.p)!.id : null, contactId: withAuthor ? authorOf(withAuthor.p)!.contactId : null,
      language: latest((s) => classes[s.i]!.language), sentiment: latest((s) => classes[s.i]!.sentiment), intent: latest((s) => classes[s.i]!.intent),
    });
  }
  await repo.touchConversations(tx, ws, false, touches.outbound);
  await repo.touchConversations(tx, ws, true, touches.inbound);

  for (const { p, i, m } of stored) {
    const author = authorOf(p);
    const c = classes[i]!;
    const preview = previewOf(p.event.text);
    // A customer's answer to a private reply (Meta names the comment it answered in `extra.privateReplyTo`) joins the
    // private thread to the comment's public one.
    const repliedTo = typeof p.event.extra.privateReplyTo === 'string' ? p.event.extra.privateReplyTo : null;
    if (threads[i]!.kind === 'private' && repliedTo) {
      const comment = await repo.findMessageByExternalId(tx, ws, p.channel.id, repliedTo);
      if (comment && comment.conversationId !== m.conversationId) await repo.linkConversations(tx, ws, m.conversationId, comment.conversationId);
    }
    events.push({
      type: 'message.received', subject: { type: 'message', id: m.id },
      payload: {
        conversationId: m.conversationId,
        after: { conversationId: m.conversationId, channelId: p.channel.id, network: p.channel.network, direction: p.event.direction, preview, language: c.language, sentiment: c.sentiment, intent: c.intent, hashtags: hashtagsOf(p.event.text) },
        related: author?.contactId ? [{ type: 'contact', id: author.contactId }] : [],
      },
    });
    tally.messages++;
    tally.stored.push({
      messageId: m.id, conversationId: m.conversationId, conversationCreated: createdBy.get(m.conversationId) === i, channelId: p.channel.id,
      network: p.channel.network, conversationKind: threads[i]!.kind, direction: p.event.direction, text: p.event.text, language: c.language,
      sentiment: c.sentiment, intent: c.intent, identityId: author?.id ?? null, contactId: author?.contactId ?? null,
      followers: p.event.author?.followers ?? null, occurredAt: new Date(p.event.occurredAt),
    });
  }
  await emitMany(tx, deps.queue, actor, events);
}

import type { InboundEvent } from '@parley/contracts/channels';
import type { Network } from '@parley/contracts/identities';
import { INBOX_LIMITS } from '@parley/contracts/inbox';
import { sql } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { connectorFor } from '../../connectors/registry.ts';
import { MalformedDelivery } from '../../connectors/shared/delivery.ts';
import { collectJobs, emit } from '../../events/emit.ts';
import type { EventHandler } from '../../events/registry.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import * as identitiesService from '../identities/service.ts';
import * as channelsRepo from './channels-repo.ts';
import { classifyText } from './classify.ts';
import { queueProfileFetches } from './profiles.ts';
import * as repo from './repo.ts';
import { addMessages, hashtagsOf, type BatchItem, type ChannelRef, type Tally } from './ingest-batch.ts';
import { runInboundStages } from './stages.ts';
import { decodeBody, INGEST_QUEUE, wakeIngestion } from './webhook-service.ts';
// A worker-only process has its personal-data registration too (an erasure's follow-up runs there).
import './personal-data.ts';

// The ingestion job (ARCHITECTURE "The ingestion pipeline"): stored deliveries -> normalized events -> per event of
// its channel: the author as a social identity -> classification -> the conversation of its thread -> the message
// -> message.received. The deliveries table is the queue: the webhook's INSERT makes a delivery due, a job on the
// ingest queue wakes a worker, and the worker claims up to INGEST_BATCH due deliveries (FOR UPDATE SKIP LOCKED: two
// workers never take the same one) and ingests them in the SAME transaction with multi-row statements
// (ingest-batch.ts); the stages run once over everything stored; the deliveries are marked processed in it too. A
// transaction killed half-way leaves nothing behind and its deliveries due again; one that ran to the end marked them
// processed, and nobody claims them again. When a batch fails (a delivery that trips the database, a deadlock with
// another batch), each of its deliveries is ingested again alone: the bad one fails with its error and is due again
// after a backoff (MAX_ATTEMPTS in all), the others pass.

/** Deliveries ingested in one transaction (bench/RESULTS.md: ~100 gives most of the gain, larger holds locks longer). */
export const INGEST_BATCH = 100;
/** Attempts at a delivery that keeps failing before it stays failed (an admin can retry it after a fix). */
export const MAX_ATTEMPTS = 6;

/** A due delivery nobody woke a worker for within this long (its wake-up was lost to a crash) is taken by the schedule. */
export const LOST_WAKE_SECONDS = 10;

/**
 * The ingest queue: a job `{ workspaceId }` means "this workspace has deliveries due"; its worker drains them. Sent by
 * the webhook (debounced), by a retry's backoff, by an admin's retry. Every minute and when a worker starts, a job
 * without a workspace sweeps up deliveries of any workspace left due for LOST_WAKE_SECONDS.
 */
export function ingestQueue(deps: Deps): QueueDef {
  return {
    name: INGEST_QUEUE, concurrency: 2, batchSize: 1, retryLimit: 5, retryDelay: 2, expireInSeconds: 900, heartbeatSeconds: 30, notify: true, policy: 'short', schedule: '* * * * *', wakeOnStart: true,
    handler: (async (data: { workspaceId?: string }) => { await drainDueDeliveries(deps, data.workspaceId ?? null); }) as QueueDef['handler'],
  };
}

/** Ingests due deliveries (of a workspace, or lost ones of any) batch after batch until none is left; answers how many. */
export async function drainDueDeliveries(deps: Deps, workspaceId: string | null): Promise<number> {
  let total = 0;
  const workspaces = new Set<string>();
  for (;;) {
    const claimed = await ingestDueBatch(deps, workspaceId);
    total += claimed.length;
    for (const d of claimed) workspaces.add(d.workspaceId);
    if (claimed.length < INGEST_BATCH) break;
  }
  // A delivery that failed waits for its backoff: a wake-up at that time (the minute schedule would be late for it).
  for (const ws of workspaces) {
    const next = await repo.nextDueAt(deps.db, ws);
    if (next && next.getTime() > Date.now()) wakeIngestion(deps, ws, (next.getTime() - Date.now()) / 1000);
  }
  return total;
}

type DeliveryRef = { workspaceId: string; id: string };

/** Claims up to INGEST_BATCH due deliveries and ingests them in one transaction; answers which it claimed. */
export async function ingestDueBatch(deps: Deps, workspaceId: string | null): Promise<DeliveryRef[]> {
  const outcomes = await ingestTogether(deps, (tx) => repo.claimDueDeliveries(tx, workspaceId, INGEST_BATCH, LOST_WAKE_SECONDS));
  return outcomes.map((o) => o.ref);
}

/**
 * Ingests the given stored deliveries now (as a worker ingests what it claimed); answers one outcome per delivery, in
 * order (null = processed or left failed with its error, an Error = it failed and is due again after a backoff).
 */
export async function processDeliveries(deps: Deps, list: { workspaceId: string; deliveryId: string }[]): Promise<(Error | null)[]> {
  const refs = [...new Map(list.map((d) => [d.deliveryId, { workspaceId: d.workspaceId, id: d.deliveryId }])).values()];
  const outcomes = new Map((await ingestTogether(deps, async () => refs)).map((o) => [o.ref.id, o.error]));
  return list.map((d) => outcomes.get(d.deliveryId) ?? null);
}

/**
 * The deliveries `take` names (claimed in the transaction, or given) ingested in ONE transaction; when it fails (a
 * delivery that trips the database, a deadlock with another batch), each of them alone, so only the bad one fails.
 */
async function ingestTogether(deps: Deps, take: (tx: Executor) => Promise<DeliveryRef[]>): Promise<{ ref: DeliveryRef; error: Error | null }[]> {
  let refs: DeliveryRef[] = [];
  try {
    await deps.db.transaction(async (tx) => {
      refs = await take(tx);
      await ingestInTransaction(tx, deps, refs);
    });
    return refs.map((ref) => ({ ref, error: null }));
  } catch (err) {
    if (refs.length === 0) throw err;
    deps.log.warn({ err, deliveries: refs.length }, 'ingestion batch failed; its deliveries are ingested one by one');
    const out: { ref: DeliveryRef; error: Error | null }[] = [];
    for (const ref of refs) {
      out.push({ ref, error: await processDelivery(deps, ref.workspaceId, ref.id).then(() => null, (e: unknown) => (e instanceof Error ? e : new Error(String(e)))) });
    }
    return out;
  }
}

/** Processes one stored delivery, idempotently: a processed delivery is left alone, a failed one is tried again. */
export async function processDelivery(deps: Deps, workspaceId: string, deliveryId: string): Promise<void> {
  try {
    await deps.db.transaction((tx) => ingestInTransaction(tx, deps, [{ workspaceId, id: deliveryId }]));
  } catch (err) {
    // The transaction rolled back: the delivery shows the error and is due again after a backoff (2, 4, 8 … s) until
    // MAX_ATTEMPTS; then it stays failed until an admin retries it.
    const d = await repo.findDelivery(deps.db, workspaceId, deliveryId).catch(() => undefined);
    const attempts = (d?.attempts ?? 0) + 1;
    const nextAttemptAt = attempts < MAX_ATTEMPTS ? new Date(Date.now() + 2000 * 2 ** (attempts - 1)) : null;
    await repo.setDeliveryResult(deps.db, workspaceId, deliveryId, { status: 'failed', error: `error: ${(err as Error).message}`.slice(0, 2000), countAttempt: true, nextAttemptAt })
      .catch((e: unknown) => deps.log.error({ err: e, deliveryId }, 'could not mark the delivery failed'));
    throw err;
  }
}

async function ingestInTransaction(tx: Executor, deps: Deps, refs: DeliveryRef[]): Promise<void> {
  if (refs.length === 0) return;
  // The deliveries are stored durably and stay due until this commits: the commit need not wait for the WAL flush
  // (a crash before the flush loses the work and the processed marks together; they are ingested again).
  if (deps.database.kind === 'postgres') await tx.execute(sql`SET LOCAL synchronous_commit = off`);
  // Every event of the batch (messages, new conversations, routing, assignments) in one job per handler (events/emit.ts).
  await collectJobs(tx, deps.queue, async () => {
    for (const ws of new Set(refs.map((d) => d.workspaceId))) {
      await ingestIn(tx, deps, ws, refs.filter((d) => d.workspaceId === ws).map((d) => d.id));
    }
  });
}

/** Ingests a workspace's deliveries in the caller's transaction (those processed meanwhile are left alone). */
async function ingestIn(tx: Executor, deps: Deps, workspaceId: string, ids: string[]): Promise<void> {
  const actor = systemActor(workspaceId);
  const deliveries = (await repo.lockDeliveries(tx, workspaceId, ids)).filter((d) => d.status !== 'processed');
  const channelsById = new Map<string, Awaited<ReturnType<typeof channelsRepo.findChannel>>>();
  for (const channelId of new Set(deliveries.map((d) => d.channelId))) channelsById.set(channelId, await channelsRepo.findChannel(tx, workspaceId, channelId));
  const tally: Tally = { messages: 0, updates: 0, ignored: 0, stored: [] };
  const items: BatchItem[] = [];
  const done: { id: string; events: number }[] = [];
  for (const d of deliveries) {
    const channel = channelsById.get(d.channelId);
    const connector = channel ? connectorFor(channel.network as Network) : null;
    if (!channel || !connector) { await fail(tx, deps, actor, d.id, d.channelId, 'channel_gone: the channel was deleted'); continue; }
    let events: InboundEvent[];
    try {
      events = connector.parseDelivery(decodeBody(d), d.headers, { channelExternalId: channel.externalId, receivedAt: d.receivedAt }).events;
    } catch (err) {
      if (err instanceof MalformedDelivery) { await fail(tx, deps, actor, d.id, d.channelId, `${err.reason}: ${err.message}`); continue; }
      throw err;
    }
    for (const event of events) {
      // A Meta app delivers for every page it serves: only this channel's account's events belong here.
      if (event.channelExternalId !== channel.externalId) { tally.ignored++; continue; }
      items.push({ deliveryId: d.id, channel: { id: channel.id, network: channel.network as Network }, event });
    }
    done.push({ id: d.id, events: events.length });
  }
  // New messages first, with multi-row statements; then edits, deletes and moderation, one by one in order (they
  // find the messages of this batch they name).
  await addMessages(tx, deps, actor, items.filter((it) => it.event.kind === 'message' || it.event.kind === 'rating'), tally);
  for (const it of items) {
    if (it.event.kind !== 'message' && it.event.kind !== 'rating') await ingestEvent(tx, deps, actor, it.channel, it.deliveryId, it.event, tally);
  }
  // Route -> SLA clocks -> notify, over the messages this batch stored (stages.ts): one call per transaction.
  await runInboundStages({ tx, deps, actor }, tally.stored);
  await repo.markDeliveriesProcessed(tx, workspaceId, done);
}

async function fail(tx: Executor, deps: Deps, actor: Actor, id: string, channelId: string, error: string): Promise<void> {
  await repo.setDeliveryResult(tx, actor.workspaceId, id, { status: 'failed', error, countAttempt: true });
  await emit(tx, deps.queue, actor, { type: 'delivery.failed', subject: { type: 'inbound_delivery', id }, payload: { channelId, error } });
}

// What happens to each kind of event. Messages, ratings with text and leads' comments become messages; edits, deletes and
// moderation change the message they name (when it is known); reactions, typing, read and delivery receipts and other
// notices (opt-ins, follows) are no messages: counted as ignored here, and left to later features (presence, receipts).
async function ingestEvent(tx: Executor, deps: Deps, actor: Actor, channel: ChannelRef, deliveryId: string, e: InboundEvent, tally: Tally): Promise<void> {
  switch (e.kind) {
    case 'message':
    case 'rating':
      await addMessage(tx, deps, actor, channel, deliveryId, e, [], tally);
      return;
    case 'edit': {
      let m = e.externalId ? await repo.lockMessageByExternalId(tx, actor.workspaceId, channel.id, e.externalId) : undefined;
      if (!m) {
        // An edit of a message Parley never saw (it predates the channel) is the message as it now reads; when the
        // message's own delivery stored it meanwhile (processed at the same time), the edit applies to it.
        if (await addMessage(tx, deps, actor, channel, deliveryId, e, ['edited'], tally) === 'inserted') return;
        m = e.externalId ? await repo.lockMessageByExternalId(tx, actor.workspaceId, channel.id, e.externalId) : undefined;
        if (!m) return;
      }
      const c = classifyText(e.text, { language: e.language });
      return changeMessage(tx, deps, actor, m, {
        text: e.text, attachments: e.attachments, mentions: e.mentions, language: c.language, sentiment: c.sentiment, intent: c.intent,
        flags: withFlag(m.flags, 'edited'),
      }, 'edited', tally);
    }
    case 'delete': {
      // A delete of a message not stored (yet) is ignored: nothing to flag.
      const m = e.externalId ? await repo.lockMessageByExternalId(tx, actor.workspaceId, channel.id, e.externalId) : undefined;
      if (!m) { tally.ignored++; return; }
      return changeMessage(tx, deps, actor, m, { flags: withFlag(m.flags, 'deleted') }, 'deleted', tally);
    }
    case 'moderation': {
      const m = e.externalId && e.moderation.subject === 'item' ? await repo.lockMessageByExternalId(tx, actor.workspaceId, channel.id, e.externalId) : undefined;
      const flags = !m ? null
        : e.moderation.action === 'hide' ? withFlag(m.flags, 'hidden')
        : e.moderation.action === 'unhide' ? m.flags.filter((f) => f !== 'hidden')
        : e.moderation.action === 'delete' ? withFlag(m.flags, 'deleted')
        : null;
      if (!m || !flags) { tally.ignored++; return; }
      return changeMessage(tx, deps, actor, m, { flags }, e.moderation.action, tally);
    }
    case 'lead':
    case 'reaction':
    case 'typing':
    case 'read':
    case 'delivery':
    case 'other':
      tally.ignored++;
      return;
    default: {
      const never: never = e;
      throw new Error(`unknown inbound kind ${(never as InboundEvent).kind}`);
    }
  }
}

const withFlag = (flags: string[], flag: string) => (flags.includes(flag) ? flags : [...flags, flag]);

async function changeMessage(tx: Executor, deps: Deps, actor: Actor, m: repo.MessageRow, set: Partial<repo.MessageInsert>, change: string, tally: Tally): Promise<void> {
  await repo.updateMessage(tx, actor.workspaceId, m.id, set);
  await emit(tx, deps.queue, actor, {
    type: 'message.updated', subject: { type: 'message', id: m.id },
    payload: { conversationId: m.conversationId, change, before: { flags: m.flags }, after: { flags: set.flags ?? m.flags } },
  });
  tally.updates++;
}

// The conversation's key: a public thread by the post everything hangs off; for a reply whose root the network does not
// name (Mastodon, X v1.1), the conversation its parent is in when Parley has the parent, else the parent's id (its
// later siblings find the same key). A private thread by the network's DM thread id.
async function threadOf(tx: Executor, ws: string, channelId: string, e: InboundEvent): Promise<{ kind: 'public' | 'private'; key: string; conversationId?: string }> {
  const t = e.thread;
  const own = e.externalId ?? e.eventKey;
  if (!t) return { kind: 'public', key: own };
  if (t.kind === 'private') return { kind: 'private', key: t.rootExternalId ?? e.author?.externalId ?? own };
  if (t.rootExternalId) return { kind: 'public', key: t.rootExternalId };
  if (t.parentExternalId) {
    const parent = await repo.findMessageByExternalId(tx, ws, channelId, t.parentExternalId);
    if (parent) return { kind: 'public', key: parent.conversationId, conversationId: parent.conversationId };
    return { kind: 'public', key: t.parentExternalId };
  }
  return { kind: 'public', key: own };
}

async function addMessage(tx: Executor, deps: Deps, actor: Actor, channel: ChannelRef, deliveryId: string, e: InboundEvent, flags: string[], tally: Tally): Promise<'inserted' | 'exists'> {
  const inbound = e.direction === 'inbound';
  const externalId = e.externalId ?? e.eventKey;
  // A re-sent event (a webhook and a backfill, an edit racing its message) is stored once.
  if (await repo.findMessageByExternalId(tx, actor.workspaceId, channel.id, externalId)) { tally.ignored++; return 'exists'; }
  // The author becomes a social identity; its resolution to a person runs by itself (identity.created). The channel's own
  // account writing (echoes, the page's replies) is no customer.
  const author = inbound && e.author
    ? await identitiesService.upsertIdentity(deps, actor, {
      network: e.network, externalId: e.author.externalId, handle: e.author.handle, displayName: e.author.displayName,
      profileUrl: e.author.profileUrl, avatarUrl: e.author.avatarUrl, seenAt: new Date(e.occurredAt),
      profile: Object.fromEntries(Object.entries({ followers: e.author.followers, verified: e.author.verified }).filter(([, v]) => v !== null)),
    }, tx)
    : null;
  // A new author the network named only by id: their profile is fetched in a job (profiles.ts).
  if (author?.created && e.author && !e.author.displayName && !e.author.handle) {
    await queueProfileFetches(deps, actor.workspaceId, new Map([[channel.id, [author.id]]]), tx);
  }
  const c = inbound ? classifyText(e.text, { language: e.language }) : { language: e.language, sentiment: null, intent: null };
  const thread = await threadOf(tx, actor.workspaceId, channel.id, e);
  const occurredAt = new Date(e.occurredAt);
  const preview = e.text ? e.text.replace(/\s+/g, ' ').trim().slice(0, INBOX_LIMITS.previewChars) : null;
  let conversationId = thread.conversationId;
  let conversationCreated = false;
  if (!conversationId) {
    const { row, created } = await repo.upsertConversation(tx, {
      workspaceId: actor.workspaceId, id: newId(), channelId: channel.id, kind: thread.kind, threadKey: thread.key,
      identityId: author?.id ?? null, contactId: author?.contactId ?? null,
      // A mail names its thread by its subject (e-mail connector: extra.subject).
      subject: e.objectType === 'post' ? preview : typeof e.extra.subject === 'string' ? e.extra.subject.slice(0, 500) : null,
      lastMessageAt: occurredAt, messageCount: 0,
    });
    conversationId = row.id;
    conversationCreated = created;
    if (created) {
      await emit(tx, deps.queue, actor, {
        type: 'conversation.created', subject: { type: 'conversation', id: row.id },
        payload: { after: { channelId: channel.id, kind: thread.kind }, related: author?.contactId ? [{ type: 'contact', id: author.contactId }] : [] },
      });
    }
  }
  const message = await repo.insertMessage(tx, {
    workspaceId: actor.workspaceId, id: newId(), conversationId, channelId: channel.id, externalId,
    parentExternalId: e.thread?.parentExternalId ?? null, direction: e.direction, objectType: e.objectType, identityId: author?.id ?? null,
    text: e.text, attachments: e.attachments, mentions: e.mentions, language: c.language, sentiment: c.sentiment, intent: c.intent,
    flags, deliveryId, occurredAt,
  });
  if (!message) { tally.ignored++; return 'exists'; }
  await repo.touchConversation(tx, actor.workspaceId, conversationId, {
    occurredAt, inbound, preview, identityId: author?.id ?? null, contactId: author?.contactId ?? null,
    language: c.language, sentiment: c.sentiment, intent: c.intent,
  });
  // A customer's answer to a private reply (Meta names the comment it answered in `extra.privateReplyTo`) joins the
  // private thread to the comment's public one.
  const repliedTo = typeof e.extra.privateReplyTo === 'string' ? e.extra.privateReplyTo : null;
  if (thread.kind === 'private' && repliedTo) {
    const comment = await repo.findMessageByExternalId(tx, actor.workspaceId, channel.id, repliedTo);
    if (comment && comment.conversationId !== conversationId) await repo.linkConversations(tx, actor.workspaceId, conversationId, comment.conversationId);
  }
  await emit(tx, deps.queue, actor, {
    type: 'message.received', subject: { type: 'message', id: message.id },
    payload: {
      conversationId,
      after: { conversationId, channelId: channel.id, network: channel.network, direction: e.direction, preview, language: c.language, sentiment: c.sentiment, intent: c.intent, hashtags: hashtagsOf(e.text) },
      related: author?.contactId ? [{ type: 'contact', id: author.contactId }] : [],
    },
  });
  tally.messages++;
  tally.stored.push({
    messageId: message.id, conversationId, conversationCreated, channelId: channel.id, network: channel.network, conversationKind: thread.kind,
    direction: e.direction, text: e.text, language: c.language, sentiment: c.sentiment, intent: c.intent, identityId: author?.id ?? null,
    contactId: author?.contactId ?? null, followers: e.author?.followers ?? null, occurredAt,
  });
  return 'inserted';
}

/** Keeps conversations pointed at the person their customer's identity is linked to, as links are made and undone. */
export const conversationContactHandler: EventHandler = {
  name: 'inbox.conversation-contact',
  events: ['identity.linked', 'identity.unlinked'],
  async handle(deps, e) {
    // The identity's link as it stands now, not as the event says: handlers of a link and its undoing may run in any order.
    const identity = await identitiesService.getIdentity(deps, systemActor(e.workspaceId), e.subjectId).catch(() => null);
    if (identity) await repo.setConversationsContact(deps.db, e.workspaceId, e.subjectId, identity.contactId);
  },
};

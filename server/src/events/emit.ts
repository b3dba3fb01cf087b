import { run, statement, type Executor } from '../db/client.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { newId } from '../lib/ids.ts';
import type { Actor } from '../policies/actor.ts';
import { allProjections, handlersFor, type EmittedEvent } from './registry.ts';

/** A domain event as a domain emits it. */
export type DomainEvent = EmittedEvent;

/**
 * Records a domain event in the outbox, inside the caller's transaction, writes the projections (the audit log) and
 * enqueues one job per handler in the same transaction: if the change rolls back, so do the event, its audit entry and
 * its jobs.
 */
export async function emit(tx: Executor, queue: JobQueue, actor: Actor, event: DomainEvent): Promise<string> {
  const [id] = await emitMany(tx, queue, actor, [event]);
  return id!;
}

/**
 * Records many domain events with one INSERT, in the caller's transaction, writes the projections, and enqueues one job
 * per handler for the whole lot (the job carries the ids of the events that handler cares about): the ingestion of a batch of deliveries
 * costs a handful of jobs, not ~5 a message (bench/RESULTS.md, inbox ingestion). Every emitted event passes here.
 */
export async function emitMany(tx: Executor, queue: JobQueue, actor: Actor, list: readonly DomainEvent[]): Promise<string[]> {
  if (list.length === 0) return [];
  const ids = list.map(() => newId());
  const collected = collecting.get(tx);
  if (collected) {
    // Collected (collectJobs): rows and projections are written at the end, for the whole transaction at once.
    collected.rows.push({ actor, ids, list });
    const projected = collected.projected.get(actor.workspaceId) ?? [];
    projected.push(...ids);
    collected.projected.set(actor.workspaceId, projected);
  } else {
    await insertEvents(tx, actor, ids, list);
    for (const p of allProjections()) await p.write(tx, actor.workspaceId, ids);
  }
  const perQueue = collected?.jobs.get(actor.workspaceId) ?? new Map<string, string[]>();
  list.forEach((event, i) => {
    for (const handler of handlersFor(event.type)) {
      if (handler.handler.accepts && !handler.handler.accepts(event)) continue;
      const mine = perQueue.get(handler.queue) ?? [];
      mine.push(ids[i]!);
      perQueue.set(handler.queue, mine);
    }
  });
  if (collected) collected.jobs.set(actor.workspaceId, perQueue);
  else await sendJobs(tx, queue, actor.workspaceId, perQueue);
  return ids;
}

async function insertEvents(tx: Executor, actor: Actor, ids: readonly string[], list: readonly DomainEvent[]): Promise<void> {
  await run(tx, INSERT_EVENTS, [actor.workspaceId, actor.userId, actor.kind, ids, list.map((e) => e.type), list.map((e) => e.subject.type),
    list.map((e) => e.subject.id), list.map((e) => JSON.stringify(e.payload))]);
}

async function sendJobs(tx: Executor, queue: JobQueue, workspaceId: string, perQueue: Map<string, string[]>): Promise<void> {
  for (const [name, eventIds] of perQueue) {
    // A handler job stays small: very large batches are split.
    for (let i = 0; i < eventIds.length; i += EVENTS_PER_JOB) {
      await queue.send(name, { workspaceId, eventIds: eventIds.slice(i, i + EVENTS_PER_JOB) }, { tx });
    }
  }
}

// Transactions whose emits are collected (collectJobs): per workspace, the events to project and each handler's ids.
interface Collected {
  rows: { actor: Actor; ids: string[]; list: readonly DomainEvent[] }[];
  projected: Map<string, string[]>;
  jobs: Map<string, Map<string, string[]>>;
}
const collecting = new WeakMap<object, Collected>();

/**
 * Runs `fn` with every event emitted on `tx` collected: at its end their rows with one INSERT, the audit projection
 * once and one job per handler (and workspace) for all of them, instead of per emit. Nothing in `fn` may read the
 * events table for events it emitted. For a transaction that emits many events one
 * by one — an ingestion batch routes and assigns each new conversation with two emits: ~10 jobs a conversation
 * otherwise. Emits in a savepoint (another executor) go out as usual; nested calls join the outer collection.
 */
export async function collectJobs<T>(tx: Executor, queue: JobQueue, fn: () => Promise<T>): Promise<T> {
  if (collecting.has(tx)) return fn();
  const collected: Collected = { rows: [], projected: new Map(), jobs: new Map() };
  collecting.set(tx, collected);
  try {
    const out = await fn();
    // The events as emitted, in order, one INSERT per actor (the batch's system actor: one for all).
    const byActor = new Map<string, { actor: Actor; ids: string[]; list: DomainEvent[] }>();
    for (const r of collected.rows) {
      const k = `${r.actor.workspaceId}|${r.actor.userId ?? ''}|${r.actor.kind}`;
      const g = byActor.get(k) ?? { actor: r.actor, ids: [], list: [] };
      g.ids.push(...r.ids);
      g.list.push(...r.list);
      byActor.set(k, g);
    }
    for (const g of byActor.values()) {
      for (let i = 0; i < g.ids.length; i += 1000) await insertEvents(tx, g.actor, g.ids.slice(i, i + 1000), g.list.slice(i, i + 1000));
    }
    for (const [workspaceId, ids] of collected.projected) for (const p of allProjections()) await p.write(tx, workspaceId, ids);
    for (const [workspaceId, perQueue] of collected.jobs) await sendJobs(tx, queue, workspaceId, perQueue);
    return out;
  } finally {
    collecting.delete(tx);
  }
}

// One text for any number of events (db/client.ts statement): a batch's events cost one prepared INSERT.
const INSERT_EVENTS = statement(`INSERT INTO events (workspace_id, id, type, actor_id, actor_kind, subject_type, subject_id, payload)
  SELECT $1::uuid, v.id, v.type, $2::uuid, $3::text, v.subject_type, v.subject_id, v.payload::jsonb
  FROM unnest($4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::text[]) AS v(id, type, subject_type, subject_id, payload)`);

/** The most events one handler job carries. */
const EVENTS_PER_JOB = 500;

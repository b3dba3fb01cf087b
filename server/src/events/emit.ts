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
 * Records many domain events with one INSERT, in the caller's transaction, and enqueues one job per handler for the
 * whole lot (the job carries the ids of the events that handler cares about): the ingestion of a batch of deliveries
 * costs a handful of jobs, not ~5 a message (bench/RESULTS.md, inbox ingestion). Every emitted event passes here.
 */
export async function emitMany(tx: Executor, queue: JobQueue, actor: Actor, list: readonly DomainEvent[]): Promise<string[]> {
  if (list.length === 0) return [];
  const ids = list.map(() => newId());
  await run(tx, INSERT_EVENTS, [actor.workspaceId, actor.userId, actor.kind, ids, list.map((e) => e.type), list.map((e) => e.subject.type),
    list.map((e) => e.subject.id), list.map((e) => JSON.stringify(e.payload))]);
  for (const p of allProjections()) await p.write(tx, actor.workspaceId, ids);
  const perQueue = new Map<string, string[]>();
  list.forEach((event, i) => {
    for (const handler of handlersFor(event.type)) {
      if (handler.handler.accepts && !handler.handler.accepts(event)) continue;
      const mine = perQueue.get(handler.queue) ?? [];
      mine.push(ids[i]!);
      perQueue.set(handler.queue, mine);
    }
  });
  for (const [name, eventIds] of perQueue) {
    // A handler job stays small: very large batches are split.
    for (let i = 0; i < eventIds.length; i += EVENTS_PER_JOB) {
      await queue.send(name, { workspaceId: actor.workspaceId, eventIds: eventIds.slice(i, i + EVENTS_PER_JOB) }, { tx });
    }
  }
  return ids;
}

// One text for any number of events (db/client.ts statement): a batch's events cost one prepared INSERT.
const INSERT_EVENTS = statement(`INSERT INTO events (workspace_id, id, type, actor_id, actor_kind, subject_type, subject_id, payload)
  SELECT $1::uuid, v.id, v.type, $2::uuid, $3::text, v.subject_type, v.subject_id, v.payload::jsonb
  FROM unnest($4::uuid[], $5::text[], $6::text[], $7::uuid[], $8::text[]) AS v(id, type, subject_type, subject_id, payload)`);

/** The most events one handler job carries. */
const EVENTS_PER_JOB = 500;

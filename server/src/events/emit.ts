import type { EventPayload, EventType } from '@parley/contracts/events';
import type { Executor } from '../db/client.ts';
import { events } from '../db/schema.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { newId } from '../lib/ids.ts';
import type { Actor } from '../policies/actor.ts';
import { handlersFor } from './registry.ts';

export interface DomainEvent {
  type: EventType;
  subject: { type: string; id: string };
  payload: EventPayload;
}

/**
 * Records a domain event in the outbox, inside the caller's transaction, and enqueues one job per handler
 * in the same transaction: if the change rolls back, so do the event and its jobs.
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
  await tx.insert(events).values(list.map((event, i) => ({
    workspaceId: actor.workspaceId,
    id: ids[i]!,
    type: event.type,
    actorId: actor.userId,
    actorKind: actor.kind,
    subjectType: event.subject.type,
    subjectId: event.subject.id,
    payload: event.payload,
  })));
  const perQueue = new Map<string, string[]>();
  list.forEach((event, i) => {
    for (const handler of handlersFor(event.type)) {
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

/** The most events one handler job carries. */
const EVENTS_PER_JOB = 500;

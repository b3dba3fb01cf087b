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
  const id = newId();
  await tx.insert(events).values({
    workspaceId: actor.workspaceId,
    id,
    type: event.type,
    actorId: actor.userId,
    actorKind: actor.kind,
    subjectType: event.subject.type,
    subjectId: event.subject.id,
    payload: event.payload,
  });
  for (const handler of handlersFor(event.type)) {
    await queue.send(handler.queue, { workspaceId: actor.workspaceId, eventId: id }, { tx });
  }
  return id;
}

import type { EventPayload, EventType } from '@parley/contracts/events';
import type { Deps } from '../deps.ts';
import type { Executor } from '../db/client.ts';
import type { events } from '../db/schema.ts';

export type StoredEvent = typeof events.$inferSelect;

/** A side effect of domain events, run by the job queue; must be idempotent (it may run twice). */
export interface EventHandler {
  name: string;
  /** The event types it handles, or '*' for all. */
  events: readonly EventType[] | '*';
  handle(deps: Deps, event: StoredEvent): Promise<void>;
  /** Latency-bound (e.g. notifications): its queue's workers are woken by NOTIFY instead of waiting for the next poll. */
  notify?: boolean;
  /** Optional: handles a job's whole batch at once (e.g. one multi-row insert); used instead of handle when present. */
  handleMany?(deps: Deps, list: readonly StoredEvent[]): Promise<void>;
  /** Optional: handles a job's events by their ids, in SQL over the events table (nothing read into Node); used before the others. */
  handleIds?(deps: Deps, workspaceId: string, ids: readonly string[]): Promise<void>;
  /**
   * Optional: whether it has work for this event, decided from the event as emitted; no job is queued for the events it
   * declines (a batch of messages of customers who are no people yet gives the timeline nothing to write).
   */
  accepts?(event: EmittedEvent): boolean;
}

/** An event as emitted (emit.ts), before it is stored. */
export interface EmittedEvent { type: EventType; subject: { type: string; id: string }; payload: EventPayload }

/**
 * A projection of every event written in the emitting transaction itself, as SQL over the events just inserted: no
 * job, and it can never miss an event (the audit log). Only for cheap set-based writes.
 */
export interface Projection {
  name: string;
  write(tx: Executor, workspaceId: string, eventIds: readonly string[]): Promise<void>;
}

const projections: Projection[] = [];

/** Registers a projection written with every emit. */
export function registerProjection(p: Projection): void {
  if (!projections.some((x) => x.name === p.name)) projections.push(p);
}

export function allProjections(): readonly Projection[] {
  return projections;
}

const handlers: EventHandler[] = [];

/** Registers a handler (at module load of the domain that owns it). */
export function registerHandler(h: EventHandler): void {
  if (!handlers.some((x) => x.name === h.name)) handlers.push(h);
}

/** The handlers of an event type, with the queue each runs on. */
export function handlersFor(type: EventType): { handler: EventHandler; queue: string }[] {
  return handlers
    .filter((h) => h.events === '*' || h.events.includes(type))
    .map((handler) => ({ handler, queue: queueName(handler) }));
}

export function allHandlers(): readonly EventHandler[] {
  return handlers;
}

export function queueName(h: EventHandler): string {
  return `event.${h.name}`;
}

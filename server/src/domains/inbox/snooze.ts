import type { Conversation } from '@parley/contracts/inbox';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import type { QueueDef } from '../../jobs/queue.ts';
import { NotFound, Validation } from '../../lib/errors.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { presentConversation } from './presenter.ts';
import * as repo from './repo.ts';
import * as views from './views-repo.ts';

// Snooze: a conversation leaves the default views until a time, and comes back (woken) at that time or as soon as the
// customer writes again. Each snooze enqueues a job due at its time; a sweep every minute catches anything a lost job
// or a changed clock left behind. Waking is idempotent: whoever takes the row first wakes it, the others find nothing.

export const SNOOZE_QUEUE = 'inbox.snooze-wake';
const MAX_SNOOZE_MS = 366 * 24 * 3600 * 1000;
// A job may be picked up a moment before its time on another machine's clock: count it due a little early.
const CLOCK_SLACK_MS = 1000;

export type WakeReason = 'time' | 'message' | 'manual';

/** Snoozes a conversation until a time in the future (at most a year ahead). */
export async function snoozeConversation(deps: Deps, actor: Actor, id: string, until: Date): Promise<Conversation> {
  authorize(actor, 'inbox:update');
  if (until.getTime() <= Date.now()) throw new Validation('snooze_in_past', 'Snooze until a time in the future', { field: 'until' });
  if (until.getTime() > Date.now() + MAX_SNOOZE_MS) throw new Validation('snooze_too_far', 'Snooze for at most a year', { field: 'until' });
  return deps.db.transaction(async (tx) => {
    const before = await repo.findConversation(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('conversation_not_found', 'No such conversation');
    await views.setSnooze(tx, actor.workspaceId, id, until);
    await emit(tx, deps.queue, actor, {
      type: 'conversation.snoozed', subject: { type: 'conversation', id },
      payload: { before: { snoozedUntil: before.snoozedUntil?.toISOString() ?? null }, after: { snoozedUntil: until.toISOString() },
        related: before.contactId ? [{ type: 'contact', id: before.contactId }] : [] },
    });
    await deps.queue.send(SNOOZE_QUEUE, { workspaceId: actor.workspaceId, conversationId: id }, { tx, startAfter: until });
    return presentConversation((await repo.findConversation(tx, actor.workspaceId, id))!);
  });
}

/** Wakes a snoozed conversation now (an agent takes it back early); a conversation not snoozed is left as it is. */
export async function unsnoozeConversation(deps: Deps, actor: Actor, id: string): Promise<Conversation> {
  authorize(actor, 'inbox:update');
  return deps.db.transaction(async (tx) => {
    const before = await repo.findConversation(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('conversation_not_found', 'No such conversation');
    await wake(tx, deps, actor, { ids: [id] }, 'manual');
    return presentConversation((await repo.findConversation(tx, actor.workspaceId, id))!);
  });
}

/** Wakes the given (or all due) snoozed conversations of the actor's workspace, one `conversation.woken` each; returns their ids. */
export async function wake(tx: Executor, deps: Deps, actor: Actor, which: { ids?: string[]; dueBy?: Date }, reason: WakeReason): Promise<string[]> {
  const woken = await views.wakeConversations(tx, actor.workspaceId, which);
  for (const w of woken) {
    await emit(tx, deps.queue, actor, {
      type: 'conversation.woken', subject: { type: 'conversation', id: w.id },
      payload: { reason, before: { snoozedUntil: w.snoozedUntil.toISOString() }, after: { snoozedUntil: null }, related: w.contactId ? [{ type: 'contact', id: w.contactId }] : [] },
    });
  }
  return woken.map((w) => w.id);
}

/** Wakes what is due: one conversation (its snooze's own job) or, from the schedule, every workspace's due ones. */
export async function wakeDue(deps: Deps, data: { workspaceId?: string; conversationId?: string }): Promise<number> {
  const dueBy = new Date(Date.now() + CLOCK_SLACK_MS);
  const workspaceIds = data.workspaceId ? [data.workspaceId] : await views.workspacesWithDueSnoozes(deps.db, dueBy);
  let n = 0;
  for (const workspaceId of workspaceIds) {
    n += (await deps.db.transaction((tx) => wake(tx, deps, systemActor(workspaceId), { ...(data.conversationId ? { ids: [data.conversationId] } : {}), dueBy }, 'time'))).length;
  }
  return n;
}

/** The queue of snooze wake-ups: each snooze's job at its time, and a sweep every minute. */
export function snoozeQueue(deps: Deps): QueueDef {
  return {
    name: SNOOZE_QUEUE, concurrency: 1, retryLimit: 5, retryDelay: 5, expireInSeconds: 300, schedule: '* * * * *',
    handler: (async (data: { workspaceId?: string; conversationId?: string }) => { await wakeDue(deps, data ?? {}); }) as QueueDef['handler'],
  };
}

/** Activity streams of the demo (issue 5): activities of the seeded history, owners following their people, a few follows by hand. */
import { v7 } from 'uuid';
import type { Executor } from '../client.ts';
import { activitiesFrom } from '../../domains/activity/handler.ts';
import { insertActivities, insertFollows } from '../../domains/activity/repo.ts';
import type { StoredEvent } from '../../events/registry.ts';
import type { contacts, events } from '../schema.ts';

// The seed writes its history straight into events (no handler jobs), so the activities are made here by the
// handler's own pure function, exactly as the handler would.
export async function seedDemoStreams(tx: Executor, workspaceId: string, history: (typeof events.$inferInsert)[], people: (typeof contacts.$inferInsert)[], userIds: string[]): Promise<void> {
  const { activities, follows } = activitiesFrom(history.map((e) => ({ actorId: null, at: new Date(), ...e }) as StoredEvent));
  // The history lies in the past while its events got today's ids: the activities take ids of their own time, so the
  // streams (ordered by id) show them in the order they happened.
  const names = new Map(people.map((c) => [c.id!, [c.firstName, c.lastName].filter(Boolean).join(' ')]));
  await insertActivities(tx, activities.map((a) => ({
    ...a, id: v7({ msecs: a.occurredAt.getTime() }), summary: { ...a.summary, title: a.summary.title ?? names.get(a.recordId) ?? null },
  })));
  const owned = people.filter((c) => c.ownerId).map((c) => ({ workspaceId, userId: c.ownerId!, recordType: 'contact', recordId: c.id!, reason: 'owner' }));
  // Everyone follows a handful of people by hand (the first ones of the list someone else owns).
  const manual = userIds.flatMap((userId) => people.filter((c) => c.ownerId !== userId).slice(0, 5)
    .map((c) => ({ workspaceId, userId, recordType: 'contact', recordId: c.id!, reason: 'manual' })));
  await insertFollows(tx, [...follows, ...owned, ...manual]);
}

import { extractHashtags } from '../../lib/hashtags.ts';
import { wake } from './snooze.ts';
import type { InboundStage } from './stages.ts';
import * as views from './views-repo.ts';

/**
 * ORGANIZE's step of the pipeline: the customer's #hashtags join their conversation's, a snoozed conversation wakes
 * when the customer writes again, and a custom status that no longer fits the (reopened) base status is cleared.
 */
export const organizeStage: InboundStage = {
  name: 'organize',
  async run({ tx, deps, actor }, messages) {
    const inbound = messages.filter((m) => m.direction === 'inbound');
    if (!inbound.length) return;
    const tags = new Map<string, Set<string>>();
    for (const m of inbound) {
      const found = extractHashtags(m.text);
      if (!found.length) continue;
      const set = tags.get(m.conversationId) ?? new Set<string>();
      for (const t of found) set.add(t);
      tags.set(m.conversationId, set);
    }
    for (const [conversationId, set] of tags) await views.addHashtags(tx, actor.workspaceId, conversationId, [...set]);
    const ids = [...new Set(inbound.map((m) => m.conversationId))];
    await wake(tx, deps, actor, { ids }, 'message');
    await views.clearMismatchedCustomStatuses(tx, actor.workspaceId, ids);
  },
};

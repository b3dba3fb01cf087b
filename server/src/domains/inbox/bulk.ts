import type { BulkInput, BulkResult } from '@parley/contracts/inbox-views';
import type { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { assign } from '../routing/service.ts';
import { updateConversation } from './moderation.ts';
import { snoozeConversation, unsnoozeConversation } from './snooze.ts';

type Action = z.output<typeof BulkInput>['action'];

// Each conversation goes through the same service as a single change (its own authorization, transaction and events),
// so a bulk action is exactly the sum of single ones: one refused or missing conversation does not stop the rest.
async function applyOne(deps: Deps, actor: Actor, id: string, action: Action): Promise<void> {
  switch (action.type) {
    case 'status':
      await updateConversation(deps, actor, id, { status: action.status, ...(action.customStatusId !== undefined ? { customStatusId: action.customStatusId } : {}) });
      return;
    case 'priority':
      await updateConversation(deps, actor, id, { priority: action.priority });
      return;
    case 'labels':
      await updateConversation(deps, actor, id, { addLabels: action.add, removeLabels: action.remove });
      return;
    case 'assign':
      // Routing's assignConversation, through its service (authorizes, updates, emits conversation.assigned).
      await assign(deps, actor, id, { ...(action.userId !== undefined ? { userId: action.userId } : {}), ...(action.teamId !== undefined ? { teamId: action.teamId } : {}) });
      return;
    case 'snooze':
      await snoozeConversation(deps, actor, id, new Date(action.until));
      return;
    case 'unsnooze':
      await unsnoozeConversation(deps, actor, id);
      return;
    default: {
      const never: never = action;
      throw new Error(`unknown bulk action ${String((never as { type: string }).type)}`);
    }
  }
}

/** Applies one action to many conversations, one at a time; answers each conversation's outcome. */
export async function bulkUpdate(deps: Deps, actor: Actor, input: z.output<typeof BulkInput>): Promise<BulkResult> {
  const results: BulkResult['results'] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      await applyOne(deps, actor, id, input.action);
      results.push({ id, ok: true, error: null });
    } catch (err) {
      if (!(err instanceof AppError)) deps.log.error({ err, conversationId: id }, 'bulk action failed on one conversation');
      results.push({ id, ok: false, error: err instanceof AppError ? { code: err.code, message: err.message } : { code: 'internal', message: 'This conversation could not be changed' } });
    }
  }
  const ok = results.filter((r) => r.ok).length;
  return { ok, failed: results.length - ok, results };
}

import type { RoutingAction, RoutingCondition } from '@parley/contracts/routing';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import { createReply, type InboundStage, type IngestedMessage, type StageContext } from '../inbox/service.ts';
import { defaultCalendar, isOpenAt } from '../sla/service.ts';
import { assignIn } from './assignment.ts';
import { wakeDrain } from './queue-drain.ts';
import { autoReplyText, needsBusinessHours, planRouting, type EngineRule, type RoutingFacts, type RoutingPlan } from './engine.ts';
import * as repo from './repo.ts';

// The routing stage of the ingestion pipeline (first after threading): the manager's rules are evaluated for every
// conversation a batch opened, or reopened after it was resolved or closed, in the ingestion transaction. The rules are
// read once per batch and cached per workspace for a few seconds (a change in this process drops the cache at once;
// other processes see it within the TTL).

const CACHE_TTL_MS = 5_000;
const cache = new Map<string, { at: number; rules: EngineRule[] }>();

/** Drops the cached rules of a workspace (after a rule changed). */
export function invalidateRules(workspaceId: string): void {
  cache.delete(workspaceId);
}

/** The workspace's rules as the engine sees them, cached for a few seconds. */
export async function rulesOf(ex: Executor, workspaceId: string): Promise<EngineRule[]> {
  const hit = cache.get(workspaceId);
  if (hit && Date.now() - hit.at < CACHE_TTL_MS) return hit.rules;
  const rules = (await repo.listRules(ex, workspaceId)).map((r) => ({
    id: r.id, name: r.name, enabled: r.enabled, match: r.match as 'all' | 'any', stop: r.stop,
    conditions: r.conditions as RoutingCondition[], actions: r.actions as RoutingAction[],
  }));
  if (cache.size > 10_000) cache.clear();
  cache.set(workspaceId, { at: Date.now(), rules });
  return rules;
}

/** Routes new and reopened conversations of an ingestion batch by the workspace's rules. */
export const routingStage: InboundStage = {
  name: 'routing',
  async run(ctx, messages) {
    const inbound = messages.filter((m) => m.direction === 'inbound');
    if (inbound.length === 0) return;
    const ws = ctx.actor.workspaceId;
    const rules = await rulesOf(ctx.tx, ws);
    if (!rules.some((r) => r.enabled)) return;
    const byConversation = new Map<string, IngestedMessage[]>();
    for (const m of inbound) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
    const existing = [...byConversation].filter(([, ms]) => !ms.some((m) => m.conversationCreated)).map(([id]) => id);
    const reopened = await repo.reopenedSinceRouted(ctx.tx, ws, existing);
    const due = [...byConversation].filter(([id, ms]) => ms.some((m) => m.conversationCreated) || reopened.has(id));
    if (due.length === 0) return;
    const contacts = await repo.contactFacts(ctx.tx, ws, [...new Set(due.map(([, ms]) => ms.find((m) => m.contactId)?.contactId).filter((x): x is string => !!x))]);
    const calendar = needsBusinessHours(rules) ? await defaultCalendar(ctx.tx, ws) : null;
    await repo.markRouted(ctx.tx, ws, due.map(([id]) => id));
    for (const [conversationId, ms] of due) {
      const first = ms[0]!;
      const contactId = ms.find((m) => m.contactId)?.contactId ?? null;
      const facts: RoutingFacts = {
        channelId: first.channelId, network: first.network, kind: first.conversationKind,
        language: ms.find((m) => m.language)?.language ?? null,
        text: ms.map((m) => m.text ?? '').join('\n'),
        intent: ms.find((m) => m.intent)?.intent ?? null,
        sentiment: ms.find((m) => m.sentiment)?.sentiment ?? null,
        followers: ms.reduce<number | null>((max, m) => (m.followers === null ? max : Math.max(max ?? 0, m.followers)), null),
        contact: contactId ? contacts.get(contactId) ?? null : null,
        businessOpen: calendar ? isOpenAt(calendar, first.occurredAt) : null,
      };
      const plan = planRouting(rules, facts);
      if (plan.ruleIds.length > 0) await applyPlan(ctx, conversationId, plan, facts.language, { ingesting: true });
    }
  },
};

/** Why routing ran again for a conversation already routed (rerun.ts): the event that made its person known. */
export interface RerunCause { eventId: string; type: string; contactId: string }

/**
 * Applies a plan: priority and labels, then team and assignee (the team's policy sees the labels as skills), then the
 * auto-reply (unless `autoReply` is false); records which rules fired and what they did. Answers what changed.
 */
export async function applyPlan(ctx: StageContext, conversationId: string, plan: RoutingPlan, language: string | null, opts: { autoReply?: boolean; rerun?: RerunCause; ingesting?: boolean } = {}): Promise<{ teamChanged: boolean; priorityChanged: boolean } | null> {
  const { tx, deps, actor } = ctx;
  const ws = actor.workspaceId;
  const before = await repo.lockConversation(tx, ws, conversationId);
  if (!before) return null;
  await repo.applyRouting(tx, ws, conversationId, { priority: plan.priority, labels: plan.labels });
  let assigneeId = before.assigneeId;
  const teamId = plan.teamId ?? before.teamId;
  if (plan.assign && plan.assign !== 'policy') {
    assigneeId = await assignIn(tx, deps, actor, conversationId, { userId: plan.assign.userId, ...(plan.teamId ? { teamId: plan.teamId } : {}) }, 'rule');
  } else if (teamId && (plan.teamId || plan.assign === 'policy')) {
    // A reopened conversation keeps its agent unless a rule moves it to another team.
    const keep = before.assigneeId && teamId === before.teamId && plan.assign !== 'policy';
    // In ingestion a team another batch is assigning in is not waited for: the conversation waits in the team's queue
    // and a drain is asked for (queue-drain.ts), which assigns it right after.
    if (!keep) assigneeId = await assignIn(tx, deps, actor, conversationId, { teamId }, 'rule', opts.ingesting ? { skipBusyTeam: () => wakeDrain(deps, ws) } : {});
  }
  let autoReplyId: string | null = null;
  if (plan.autoReply && opts.autoReply !== false) autoReplyId = await autoReply(ctx, conversationId, autoReplyText(plan.autoReply, language));
  const contactId = opts.rerun?.contactId ?? before.contactId;
  await emit(tx, deps.queue, actor, {
    type: 'conversation.routed', subject: { type: 'conversation', id: conversationId },
    payload: {
      ruleIds: plan.ruleIds,
      actions: { teamId: plan.teamId, priority: plan.priority, labels: plan.labels, assign: plan.assign ?? null, autoReply: autoReplyId !== null },
      before: { teamId: before.teamId, assigneeId: before.assigneeId, priority: before.priority, labels: before.labels },
      after: { teamId, assigneeId, priority: plan.priority ?? before.priority, labels: [...new Set([...before.labels, ...plan.labels])] },
      related: contactId ? [{ type: 'contact', id: contactId }] : [],
      ...(opts.rerun ? { rerun: { eventId: opts.rerun.eventId, type: opts.rerun.type } } : {}),
    },
  });
  return { teamChanged: teamId !== before.teamId, priorityChanged: plan.priority !== null && plan.priority !== before.priority };
}

// The conversation's one auto-reply, queued through the outbox as the system in a savepoint of the ingestion
// transaction: a channel that cannot send (paused, no token) costs the auto-reply, never the delivery.
async function autoReply(ctx: StageContext, conversationId: string, text: string): Promise<string | null> {
  const { tx, deps, actor } = ctx;
  try {
    return await tx.transaction(async (sp) => {
      if (!(await repo.claimAutoReply(sp, actor.workspaceId, conversationId, newId()))) return null;
      const m = await createReply(deps, actor, conversationId, { text }, sp);
      await repo.claimAutoReplyAs(sp, actor.workspaceId, conversationId, m.id);
      return m.id;
    });
  } catch (err) {
    deps.log.warn({ err, conversationId }, 'routing: the auto-reply could not be queued');
    return null;
  }
}

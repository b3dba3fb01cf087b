import type { Deps } from '../../deps.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import { systemActor } from '../../policies/actor.ts';
import * as identitiesService from '../identities/service.ts';
import { reconcileConversation } from '../sla/clock-service.ts';
import { defaultCalendar, isOpenAt } from '../sla/service.ts';
import { needsBusinessHours, planRouting, type EngineRule, type RoutingFacts } from './engine.ts';
import * as repo from './repo.ts';
import { applyPlan, rulesOf, type RerunCause } from './stage.ts';

// Routing again once the person behind a conversation is known (docs/inbox-routing.md "Routing again"). Ingestion
// routes a conversation as its author stands then; identity resolution often links the author to a person a moment
// later (or an agent does, or two people are merged), and rules on the person's fields or VIP flag may match only
// now. For that person's conversations that are still open, unassigned and untouched by a person since routing, the
// rules run again on the facts routing saw then, with the person as known now. A run that fires the same rules as the
// last routing changes nothing (so the handler is idempotent: run twice, it writes once); one that fires others
// applies them as the first run would, with the same events (`conversation.routed`, `conversation.assigned`), and
// never overrides a person's decision.

/** Whether any enabled rule looks at the person: only then can a new link change what routing decides. */
export function looksAtPerson(rules: readonly EngineRule[]): boolean {
  return rules.some((r) => r.enabled && r.conditions.some((c) => c.type === 'vip' || c.type === 'contact_field'));
}

/** Routes a person's open, unassigned, untouched conversations again; answers how many were routed anew. */
export async function rerouteFor(deps: Deps, workspaceId: string, of: { identityId: string } | { contactId: string }, cause: RerunCause): Promise<number> {
  const rules = await rulesOf(deps.db, workspaceId);
  if (!looksAtPerson(rules)) return 0;
  let routed = 0;
  for (const conversationId of await repo.rerunCandidates(deps.db, workspaceId, of)) {
    // One short transaction per conversation; the conversation's row lock orders it with ingestion and assignment.
    const changed = await deps.db.transaction(async (tx) => {
      const c = await repo.lockConversation(tx, workspaceId, conversationId);
      // Taken or closed since the candidates were read: a person (or the queue) decided.
      if (!c || c.assigneeId || !(repo.OPEN_STATUSES as readonly string[]).includes(c.status)) return null;
      const state = await repo.routingState(tx, workspaceId, conversationId);
      if (!state || state.humanTouched) return null;
      const seen = await repo.routedConversationFacts(tx, workspaceId, conversationId);
      if (!seen || seen.messages.length === 0) return null;
      const contact = (await repo.contactFacts(tx, workspaceId, [cause.contactId])).get(cause.contactId) ?? null;
      const calendar = needsBusinessHours(rules) ? await defaultCalendar(tx, workspaceId) : null;
      const first = seen.messages[0]!;
      const facts: RoutingFacts = {
        channelId: seen.channelId, network: seen.network, kind: seen.kind,
        language: seen.messages.find((m) => m.language)?.language ?? null,
        text: seen.messages.map((m) => m.text ?? '').join('\n'),
        intent: seen.messages.find((m) => m.intent)?.intent ?? null,
        sentiment: seen.messages.find((m) => m.sentiment)?.sentiment ?? null,
        followers: seen.followers,
        contact,
        businessOpen: calendar ? isOpenAt(calendar, first.occurredAt) : null,
      };
      const plan = planRouting(rules, facts);
      // The same rules as last time: the link changed nothing routing looks at (or this event was handled already).
      if (sameSet(plan.ruleIds, state.lastRuleIds)) return null;
      // An auto-reply only while nobody has answered yet (it says "we got your message", not a second answer).
      const applied = await applyPlan({ tx, deps, actor: systemActor(workspaceId) }, conversationId, plan, facts.language, { autoReply: !seen.answered, rerun: cause });
      await repo.markRoutedAgain(tx, workspaceId, conversationId);
      return applied;
    });
    if (!changed) continue;
    routed++;
    // A new priority retargets the SLA clocks (a new team does too, through conversation.assigned).
    if (changed.priorityChanged) await reconcileConversation(deps, workspaceId, conversationId, new Date(), { priorityChanged: true });
  }
  return routed;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * Routing again when an author identity is linked to a person (resolution, an agent, a sign-on) and when two people are
 * merged (the survivor's conversations, the loser's moved ones included, see the survivor's fields and tags).
 */
export const routingRerunHandler: EventHandler = {
  name: 'routing.person-known',
  events: ['identity.linked', 'contact.merged'],
  async handle(deps: Deps, e: StoredEvent) {
    if (e.type === 'contact.merged') {
      await rerouteFor(deps, e.workspaceId, { contactId: e.subjectId }, { eventId: e.id, type: e.type, contactId: e.subjectId });
      return;
    }
    // The identity's link as it stands now, not as the event says: a link undone or moved since routes nothing here.
    const identity = await identitiesService.getIdentity(deps, systemActor(e.workspaceId), e.subjectId).catch(() => null);
    if (!identity?.contactId) return;
    await rerouteFor(deps, e.workspaceId, { identityId: identity.id }, { eventId: e.id, type: e.type, contactId: identity.contactId });
  },
};

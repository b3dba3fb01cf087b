import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import type { EventHandler, StoredEvent } from '../../events/registry.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import type { BusinessCalendar } from './business-hours.ts';
import * as clocks from './clocks.ts';
import type { ClockPolicy, ClockRow, PolicyRow } from './clocks.ts';
import * as repo from './repo.ts';

// Where the SLA clocks get their facts (docs/sla.md): the ingestion stage (customer messages and the company's own
// posts, in the ingestion transaction), event handlers (agent replies, status/priority/team changes; each reads the
// conversation and clock afresh and leaves them alone when nothing changed, so running twice is harmless), and the
// breach watch (sla-watch.ts).

/** The part of an ingested message the clocks read (a structural subset of inbox's IngestedMessage). */
interface StageMessage { conversationId: string; direction: 'inbound' | 'outbound'; occurredAt: Date }

type PolicySet = Awaited<ReturnType<typeof repo.policySet>>;

function clockPolicyOf(set: PolicySet, policy: PolicyRow, priority: string): ClockPolicy {
  return clocks.clockPolicy(policy, policy.calendarId ? set.calendars.get(policy.calendarId) ?? null : null, priority);
}

/** The calendar of a policy (null: round the clock), for the API's countdown. */
export function calendarOfPolicy(set: PolicySet, policyId: string): BusinessCalendar | null {
  const p = set.policies.find((x) => x.id === policyId);
  return p?.calendarId ? set.calendars.get(p.calendarId) ?? null : null;
}

// A conversation's messages of one batch in the order they were written (the network's times).
function ordered(messages: StageMessage[]): StageMessage[] {
  return [...messages].sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

/**
 * The ingestion stage (after routing, which may have set the team): a customer's first message starts the first-response
 * and resolution clocks of the team's policy (else the workspace default); later customer messages start next response,
 * resume a paused conversation or restart a resolved one; the company's own messages on the network count as responses.
 */
export const slaStage = {
  name: 'sla',
  async run(ctx: { tx: Executor; deps: Deps; actor: Actor }, messages: StageMessage[]): Promise<void> {
    const ws = ctx.actor.workspaceId;
    const set = await repo.policySet(ctx.tx, ws);
    if (set.policies.length === 0) return;
    const byConversation = new Map<string, StageMessage[]>();
    for (const m of messages) byConversation.set(m.conversationId, [...(byConversation.get(m.conversationId) ?? []), m]);
    const ids = [...byConversation.keys()];
    const existing = new Map((await repo.lockClocks(ctx.tx, ws, ids)).map((r) => [r.conversationId, r]));
    const facts = new Map((await repo.conversationFacts(ctx.tx, ws, ids)).map((f) => [f.id, f]));
    const now = new Date();
    const save: ClockRow[] = [];
    for (const [conversationId, list] of byConversation) {
      const f = facts.get(conversationId);
      if (!f) continue;
      let row = existing.get(conversationId);
      const policy = row ? set.policies.find((p) => p.id === row!.policyId) : repo.policyForTeam(set.policies, f.teamId);
      if (!policy) continue;
      const p = clockPolicyOf(set, policy, f.priority);
      const before = row;
      for (const m of ordered(list)) {
        if (m.direction === 'inbound') row = row ? clocks.customerWrote(row, p, m.occurredAt) : clocks.startClocks(p, ws, conversationId, m.occurredAt);
        else if (row) row = clocks.respond(row, m.occurredAt);
      }
      if (row && row !== before) save.push(clocks.settle(row, now));
    }
    await repo.saveClocks(ctx.tx, save);
  },
};

type ClockChange = (row: ClockRow | undefined, f: repo.ConversationFacts, set: PolicySet) => ClockRow | undefined;

// Applies changes to conversations' clocks in ONE transaction (facts, policies and the locked clock rows read once),
// in the order given, and writes the rows that changed with one statement.
async function updateClocks(deps: Deps, workspaceId: string, changes: readonly { conversationId: string; change: ClockChange }[]): Promise<void> {
  if (changes.length === 0) return;
  await deps.db.transaction(async (tx) => {
    const set = await repo.policySet(tx, workspaceId);
    if (set.policies.length === 0) return;
    const ids = [...new Set(changes.map((c) => c.conversationId))];
    const facts = new Map((await repo.conversationFacts(tx, workspaceId, ids)).map((f) => [f.id, f]));
    const rows = new Map((await repo.lockClocks(tx, workspaceId, ids)).map((r) => [r.conversationId, r]));
    const changed = new Set<string>();
    for (const { conversationId, change } of changes) {
      const f = facts.get(conversationId);
      if (!f) continue;
      const before = rows.get(conversationId);
      const next = change(before, f, set);
      if (next && next !== before) { rows.set(conversationId, next); changed.add(conversationId); }
    }
    const now = new Date();
    await repo.saveClocks(tx, [...changed].map((id) => clocks.settle(rows.get(id)!, now)));
  });
}

const updateClock = (deps: Deps, workspaceId: string, conversationId: string, change: ClockChange) => updateClocks(deps, workspaceId, [{ conversationId, change }]);

const CLOSED = new Set(['resolved', 'closed']);

/**
 * Re-reads a conversation and brings its clocks in line: resolved/closed stops them, waiting_customer pauses, reopening
 * restarts; another team's policy or a new priority counts the running clocks again with the targets that now apply.
 */
export async function reconcileConversation(deps: Deps, workspaceId: string, conversationId: string, at: Date, opts: { priorityChanged?: boolean } = {}): Promise<void> {
  await updateClock(deps, workspaceId, conversationId, reconcile(workspaceId, conversationId, at, opts));
}

// What reconciling does to a conversation's clock row, given its facts and the workspace's policies.
function reconcile(workspaceId: string, conversationId: string, at: Date, opts: { priorityChanged?: boolean }): ClockChange {
  return (row, f, set) => {
    const policy = repo.policyForTeam(set.policies, f.teamId);
    if (!row) {
      // A team with a policy took over a conversation that had none: its clocks start from the customer's last message.
      if (!policy || CLOSED.has(f.status)) return undefined;
      const started = clocks.startClocks(clockPolicyOf(set, policy, f.priority), workspaceId, conversationId, f.lastInboundAt ?? f.createdAt);
      return f.status === 'waiting_customer' ? clocks.pause(started, at) : started;
    }
    const target = policy ?? set.policies.find((p) => p.id === row.policyId);
    if (!target) return undefined;
    const p = clockPolicyOf(set, target, f.priority);
    let out = target.id !== row.policyId || opts.priorityChanged ? clocks.retarget(row, p) : row;
    if (CLOSED.has(f.status)) return clocks.resolve(out, at);
    if (out.resolvedAt) out = clocks.reopen(out, p, at);
    if (f.status === 'waiting_customer') return clocks.pause(out, at);
    return out.pausedAt ? clocks.resume(out, p, at) : out;
  };
}

const priorityChangedBy = (event: StoredEvent) => {
  const payload = event.payload as { before?: { priority?: unknown } | null; after?: { priority?: unknown } | null };
  return event.type === 'conversation.updated' && payload.before?.priority !== payload.after?.priority;
};


/**
 * An agent's reply stops the response clock it answers: at the reply's own time once it is queued or sent, or at the
 * approval when a manager had to release it first (the customer gets nothing before).
 */
export async function recordResponse(deps: Deps, workspaceId: string, messageId: string, approvedAt?: Date): Promise<void> {
  const m = await repo.replyFacts(deps.db, workspaceId, messageId);
  if (!m || m.direction !== 'outbound') return;
  // Not occurred_at: the outbox moves it to the send time, which may come after the customer's next message.
  const at = approvedAt ?? m.createdAt;
  await updateClock(deps, workspaceId, m.conversationId, (row) => (row ? clocks.respond(row, at) : undefined));
}

/** Keeps the clocks in step with replies and with status, priority and team changes. */
export const slaClockHandler: EventHandler = {
  name: 'sla-clocks',
  events: ['reply.queued', 'reply.approved', 'reply.sent', 'conversation.updated', 'conversation.assigned'],
  async handle(deps: Deps, event: StoredEvent) {
    if (event.type === 'reply.queued' || event.type === 'reply.sent' || event.type === 'reply.approved') {
      await recordResponse(deps, event.workspaceId, event.subjectId, event.type === 'reply.approved' ? event.at : undefined);
      return;
    }
    await reconcileConversation(deps, event.workspaceId, event.subjectId, event.at, { priorityChanged: priorityChangedBy(event) });
  },
  // Status, priority and team changes together (an ingestion batch's assignments); a job with replies goes event by event.
  async handleMany(deps: Deps, list: readonly StoredEvent[]) {
    if (list.some((e) => e.type.startsWith('reply.'))) {
      for (const e of list) await slaClockHandler.handle(deps, e);
      return;
    }
    for (const ws of new Set(list.map((e) => e.workspaceId))) {
      await updateClocks(deps, ws, list.filter((e) => e.workspaceId === ws).map((e) => ({
        conversationId: e.subjectId, change: reconcile(ws, e.subjectId, e.at, { priorityChanged: priorityChangedBy(e) }),
      })));
    }
  },
};

/** Emits an event about a conversation's SLA as the system. */
export async function emitSla(tx: Executor, deps: Deps, workspaceId: string, type: 'sla.warning' | 'sla.breached' | 'sla.escalated', conversationId: string, payload: Record<string, unknown>): Promise<void> {
  await emit(tx, deps.queue, systemActor(workspaceId), { type, subject: { type: 'conversation', id: conversationId }, payload: { conversationId, ...payload } });
}

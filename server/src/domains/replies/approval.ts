import { sql } from 'drizzle-orm';
import type { Approval, ApprovalConditions, ApprovalRule, ApprovalRuleInput } from '@parley/contracts/replies';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { Conflict, NotFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize, can } from '../../policies/authorize.ts';
// The outbox is where replies are stored and sent: approval plugs into it (registerReplyGate) and queues approved
// replies on its send queue. The inbox does not import this domain, so there is no cycle.
import { registerReplyGate, SEND_QUEUE, type ReplyGate, type SendJob } from '../inbox/service.ts';
import { presentApproval, presentRule } from './presenter.ts';
import * as repo from './repo.ts';

// Reply approval (issue 3): a reply that matches an enabled rule (or whose author is flagged "replies need approval")
// is stored with send_status 'pending_approval' and not queued. A manager approves it (optionally with an edited
// text; the original is kept) and it goes to the send queue like any reply, or rejects it with a reason the agent
// sees on their bubble. Managers' (and admins') own replies are never held: they are the ones who approve.

export const AGENT_FLAG_REASON = 'agent_needs_approval';
const DAY_MS = 86_400_000;

interface GateFacts { authorFlagged: boolean; authorCreatedAt: Date | null; sentiment: string | null; kind: string; tags: string[]; text: string }

/** Whether one rule's conditions all hold (a rule without conditions never matches). */
export function ruleMatches(c: ApprovalConditions, f: GateFacts, now = new Date()): boolean {
  const checks: boolean[] = [];
  if (c.newAgent) {
    const recent = c.newAgentDays !== undefined && f.authorCreatedAt !== null && now.getTime() - f.authorCreatedAt.getTime() < c.newAgentDays * DAY_MS;
    checks.push(f.authorFlagged || recent);
  }
  if (c.negativeSentiment) checks.push(f.sentiment === 'negative');
  if (c.vip) checks.push(f.tags.some((t) => t.toLowerCase() === 'vip'));
  if (c.publicThread) checks.push(f.kind === 'public');
  if (c.keywords?.length) {
    const text = f.text.toLocaleLowerCase('de');
    checks.push(c.keywords.some((k) => text.includes(k.toLocaleLowerCase('de'))));
  }
  return checks.length > 0 && checks.every(Boolean);
}

/** Why a reply must be held (empty: it may go out). */
async function holdReasons(tx: Executor, actor: Actor, conversationId: string, text: string): Promise<string[]> {
  if (!actor.userId || can(actor, 'replies:approve')) return [];
  const ws = actor.workspaceId;
  const [flagged, author, ctx, rules] = await Promise.all([
    repo.isApprovalAgent(tx, ws, actor.userId), repo.userInfo(tx, ws, actor.userId), repo.renderContext(tx, ws, conversationId), repo.listRules(tx, ws),
  ]);
  const facts: GateFacts = {
    authorFlagged: flagged, authorCreatedAt: author?.createdAt ?? null, sentiment: ctx?.sentiment ?? null, kind: ctx?.kind ?? 'private', tags: ctx?.tags ?? [], text,
  };
  const reasons = rules.filter((r) => r.enabled && ruleMatches(r.conditions as ApprovalConditions, facts)).map((r) => r.name);
  return flagged ? [AGENT_FLAG_REASON, ...reasons] : reasons;
}

// Runs in the transaction of every reply: the author's draft of the conversation is spent, and a reply to hold is
// recorded for the managers.
const gate: ReplyGate = async (tx, actor, { conversation, text }) => {
  if (actor.userId) await repo.deleteDraft(tx, actor.workspaceId, conversation.id, actor.userId);
  const reasons = await holdReasons(tx, actor, conversation.id, text);
  if (!reasons.length) return null;
  return async (message) => {
    await repo.insertApproval(tx, {
      workspaceId: actor.workspaceId, messageId: message.id, conversationId: conversation.id, authorUserId: actor.userId, reasons, originalText: text,
    });
    // Only a fact and ids: the managers' inboxes refetch the approvals list.
    await emitHeld(tx, actor, message.id, conversation.id, reasons, conversation.contactId);
  };
};
let queueRef: Deps['queue'] | null = null;
async function emitHeld(tx: Executor, actor: Actor, messageId: string, conversationId: string, reasons: string[], contactId: string | null) {
  await emit(tx, queueRef!, actor, {
    type: 'reply.held', subject: { type: 'message', id: messageId },
    payload: { conversationId, reasons, related: contactId ? [{ type: 'contact', id: contactId }] : [] },
  });
}

/** Plugs approval into the outbox (once per process; the routes call it at registration). */
export function installApprovalGate(deps: Deps): void {
  queueRef = deps.queue;
  registerReplyGate(gate);
}

/** Held replies of a status, with their conversation's context and the count still pending. */
export async function listApprovals(deps: Deps, actor: Actor, status: string): Promise<{ items: Approval[]; pending: number }> {
  authorize(actor, 'replies:approve');
  const list = await repo.listApprovals(deps.db, actor.workspaceId, status);
  const names = await repo.userNames(deps.db, actor.workspaceId, list.flatMap((a) => [a.authorUserId, a.decidedBy]));
  return { items: list.map((a) => presentApproval(a, names)), pending: await repo.countPending(deps.db, actor.workspaceId) };
}

/** How many replies wait for approval (the inbox's badge for managers). */
export async function pendingCount(deps: Deps, actor: Actor): Promise<number> {
  authorize(actor, 'replies:approve');
  return repo.countPending(deps.db, actor.workspaceId);
}

async function decide(deps: Deps, actor: Actor, messageId: string, fn: (tx: Executor, a: repo.ApprovalRow) => Promise<'approved' | 'rejected'>): Promise<Approval> {
  authorize(actor, 'replies:approve');
  return deps.db.transaction(async (tx) => {
    const a = await repo.lockApproval(tx, actor.workspaceId, messageId);
    if (!a) throw new NotFound('approval_not_found', 'No such held reply');
    if (a.status !== 'pending') throw new Conflict('approval_decided', `This reply was ${a.status} already`);
    const status = await fn(tx, a);
    const [after] = await repo.listApprovals(tx, actor.workspaceId, status, { messageId });
    if (!after) throw new NotFound('approval_not_found', 'No such held reply');
    const names = await repo.userNames(tx, actor.workspaceId, [after.authorUserId, after.decidedBy]);
    return presentApproval(after, names);
  });
}

/** Approves a held reply, optionally with an edited text (the original is kept), and queues it for sending. */
export async function approveReply(deps: Deps, actor: Actor, messageId: string, text?: string): Promise<Approval> {
  return decide(deps, actor, messageId, async (tx, a) => {
    const edited = text !== undefined && text !== a.originalText ? text : null;
    const ws = actor.workspaceId;
    await tx.execute(messageUpdate(ws, messageId, edited));
    await repo.decideApproval(tx, ws, messageId, { status: 'approved', editedText: edited, decidedBy: actor.userId, decidedAt: new Date() });
    await deps.queue.send(SEND_QUEUE, { workspaceId: ws, messageId } satisfies SendJob, { tx });
    await emit(tx, deps.queue, actor, {
      type: 'reply.approved', subject: { type: 'message', id: messageId },
      payload: { conversationId: a.conversationId, edited: edited !== null, before: { sendStatus: 'pending_approval' }, after: { sendStatus: 'queued' } },
    });
    return 'approved';
  });
}

/** Rejects a held reply with a reason the agent sees; the reply is never sent. */
export async function rejectReply(deps: Deps, actor: Actor, messageId: string, reason: string): Promise<Approval> {
  return decide(deps, actor, messageId, async (tx, a) => {
    const ws = actor.workspaceId;
    await tx.execute(messageReject(ws, messageId, reason));
    await repo.decideApproval(tx, ws, messageId, { status: 'rejected', rejectReason: reason, decidedBy: actor.userId, decidedAt: new Date() });
    await emit(tx, deps.queue, actor, {
      type: 'reply.rejected', subject: { type: 'message', id: messageId },
      payload: { conversationId: a.conversationId, reason, before: { sendStatus: 'pending_approval' }, after: { sendStatus: 'rejected' } },
    });
    return 'rejected';
  });
}

// The held message itself: only while it is still held (the send job never takes a message that is not 'queued').
const messageUpdate = (ws: string, id: string, text: string | null) => sql`UPDATE messages SET send_status = 'queued', send_error = NULL, updated_at = now()
  ${text !== null ? sql`, text = ${text}, flags = CASE WHEN 'edited' = ANY(flags) THEN flags ELSE array_append(flags, 'edited') END` : sql``}
  WHERE workspace_id = ${ws}::uuid AND id = ${id}::uuid AND send_status = 'pending_approval'`;
const messageReject = (ws: string, id: string, reason: string) => sql`UPDATE messages SET send_status = 'rejected', send_error = ${reason}, updated_at = now()
  WHERE workspace_id = ${ws}::uuid AND id = ${id}::uuid AND send_status = 'pending_approval'`;

/** The approval rules. */
export async function listRules(deps: Deps, actor: Actor): Promise<ApprovalRule[]> {
  authorize(actor, 'replies:settings');
  return (await repo.listRules(deps.db, actor.workspaceId)).map(presentRule);
}

/** Adds an approval rule. */
export async function createRule(deps: Deps, actor: Actor, input: ApprovalRuleInput): Promise<ApprovalRule> {
  authorize(actor, 'replies:settings');
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertRule(tx, { workspaceId: actor.workspaceId, id: newId(), name: input.name, conditions: input.conditions, enabled: input.enabled });
    await emit(tx, deps.queue, actor, { type: 'approval_rule.created', subject: { type: 'approval_rule', id: row.id }, payload: { after: { name: row.name, conditions: row.conditions, enabled: row.enabled } } });
    return presentRule(row);
  });
}

/** Replaces an approval rule. */
export async function updateRule(deps: Deps, actor: Actor, id: string, input: ApprovalRuleInput): Promise<ApprovalRule> {
  authorize(actor, 'replies:settings');
  return deps.db.transaction(async (tx) => {
    const row = await repo.updateRule(tx, actor.workspaceId, id, { name: input.name, conditions: input.conditions, enabled: input.enabled });
    if (!row) throw new NotFound('approval_rule_not_found', 'No such approval rule');
    await emit(tx, deps.queue, actor, { type: 'approval_rule.updated', subject: { type: 'approval_rule', id }, payload: { after: { name: row.name, conditions: row.conditions, enabled: row.enabled } } });
    return presentRule(row);
  });
}

/** Deletes an approval rule (replies held by it stay held until decided). */
export async function deleteRule(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'replies:settings');
  await deps.db.transaction(async (tx) => {
    if (!(await repo.deleteRule(tx, actor.workspaceId, id))) throw new NotFound('approval_rule_not_found', 'No such approval rule');
    await emit(tx, deps.queue, actor, { type: 'approval_rule.deleted', subject: { type: 'approval_rule', id }, payload: {} });
  });
}

/** The users flagged "replies need approval". */
export async function listApprovalAgents(deps: Deps, actor: Actor): Promise<string[]> {
  authorize(actor, 'replies:settings');
  return repo.listApprovalAgents(deps.db, actor.workspaceId);
}

/** Flags (or unflags) a user's replies as needing approval. */
export async function setApprovalAgent(deps: Deps, actor: Actor, userId: string, needsApproval: boolean): Promise<string[]> {
  authorize(actor, 'replies:settings');
  if (!(await repo.userInfo(deps.db, actor.workspaceId, userId))) throw new NotFound('user_not_found', 'No such user');
  await repo.setApprovalAgent(deps.db, actor.workspaceId, userId, needsApproval);
  return repo.listApprovalAgents(deps.db, actor.workspaceId);
}

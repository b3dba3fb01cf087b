import type { Approval, ApprovalConditions, ApprovalRule, CannedReply, Draft } from '@parley/contracts/replies';
import type { ApprovalListRow, CannedRow, DraftRow, RuleRow } from './repo.ts';

/** A canned reply as it leaves the server. */
export function presentCanned(r: CannedRow): CannedReply {
  const texts: CannedReply['texts'] = {};
  if (r.texts.de) texts.de = r.texts.de;
  if (r.texts.en) texts.en = r.texts.en;
  return {
    id: r.id, name: r.name, shortcut: r.shortcut, teamId: r.teamId, texts, usageCount: r.usageCount,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

/** A draft: its text, whether it is a private reply, when it was saved. */
export function presentDraft(d: DraftRow): Draft {
  return { text: d.text, private: d.private, updatedAt: d.updatedAt.toISOString() };
}

/** An approval rule. */
export function presentRule(r: RuleRow): ApprovalRule {
  return { id: r.id, name: r.name, conditions: r.conditions as ApprovalConditions, enabled: r.enabled, createdAt: r.createdAt.toISOString() };
}

/** A held reply with its conversation's context; names of author and decider from `names`. */
export function presentApproval(a: ApprovalListRow, names: Map<string, string>): Approval {
  const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? '—' } : null);
  return {
    messageId: a.messageId, conversationId: a.conversationId, status: a.status as Approval['status'], text: a.text ?? '', originalText: a.originalText,
    reasons: a.reasons, author: ref(a.authorUserId), decidedBy: ref(a.decidedBy), decidedAt: a.decidedAt?.toISOString() ?? null, rejectReason: a.rejectReason,
    conversation: { network: a.network, kind: a.kind, preview: a.preview, sentiment: a.sentiment, customer: a.customer, lastInbound: a.lastInbound },
    createdAt: a.createdAt.toISOString(),
  };
}

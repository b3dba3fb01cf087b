/** Domain event names: past-tense facts, written to the outbox in the transaction of the change. */
export const EVENT_TYPES = [
  'contact.created', 'contact.updated', 'contact.deleted', 'contact.merged', 'contact.unmerged', 'contacts.imported',
  'company.created', 'company.updated', 'company.deleted',
  'note.created', 'note.updated', 'note.deleted',
  'task.created', 'task.updated', 'task.deleted',
  'user.invited', 'user.updated', 'user.deactivated', 'user.activated', 'user.reactivated',
  'team.created', 'team.updated', 'team.deleted',
  'custom_field.created', 'custom_field.updated', 'custom_field.deleted',
  'api_token.created', 'api_token.revoked',
  'webhook.created', 'webhook.updated', 'webhook.deleted', 'webhook.tested', 'webhook.redelivered',
  'import.finished',
  'identity.created', 'identity.linked', 'identity.unlinked', 'identity.enriched', 'identity.enrichment_removed',
  'match_candidate.decided',
  'consent_purpose.created', 'consent_purpose.updated',
  'consent.requested', 'consent.granted', 'consent.withdrawn',
  'contact.erased', 'contact.exported',
  'sign_on_provider.created', 'sign_on_provider.updated', 'sign_on_provider.deleted',
  'customer_account.created', 'customer_account.signed_in',
  'retention_rule.updated', 'retention.applied',
  'channel.created', 'channel.updated', 'channel.deleted',
  'conversation.created', 'message.received', 'message.updated', 'delivery.failed',
  'conversation.updated', 'reply.queued', 'reply.sent', 'reply.failed', 'message.moderated',
  'conversation.snoozed', 'conversation.woken', 'conversation_status.created', 'conversation_status.updated', 'conversation_status.deleted', 'inbox_label.created', 'inbox_label.updated', 'inbox_label.deleted', 'inbox_view.created', 'inbox_view.updated', 'inbox_view.deleted',
  'canned_reply.created', 'canned_reply.updated', 'canned_reply.deleted', 'approval_rule.created', 'approval_rule.updated', 'approval_rule.deleted', 'reply_settings.updated', 'reply.held', 'reply.approved', 'reply.rejected', 'csat.sent', 'csat.answered',
  'conversation.assigned', 'conversation.routed', 'routing_rule.created', 'routing_rule.updated', 'routing_rule.deleted', 'routing_rules.reordered', 'agent_profile.updated', 'team_routing.updated',
  'consult.requested', 'consult.answered', 'consult.taken_over', 'consult.cancelled', 'consult.closed', 'consult.overdue', 'suggestion.used', 'suggestion.dismissed', 'conversation_task.created',
  // Comments and hashtags (issue 5, part A).
  'comment.created', 'comment.updated', 'comment.deleted', 'hashtag.renamed',
  // Team rooms (issue 5, part D).
  'room.created', 'room.updated', 'room_member.added', 'room_member.removed', 'room_post.created', 'room_post.updated', 'room_post.deleted', 'document.uploaded', 'document.version_added', 'room_note.created', 'room_note.updated',
  'business_calendar.created', 'business_calendar.updated', 'business_calendar.deleted', 'sla_policy.created', 'sla_policy.updated', 'sla_policy.deleted', 'sla.warning', 'sla.breached', 'sla.escalated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A record an event concerns besides its subject (e.g. the contact a note belongs to), for timelines. */
export interface RecordRef {
  type: string;
  id: string;
}

/** What the outbox stores for an event; `before`/`after` feed the audit log, `related` the timelines. */
export interface EventPayload {
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  related?: RecordRef[];
  /** For bulk events (imports): the ids of the records concerned. */
  ids?: string[];
  [key: string]: unknown;
}

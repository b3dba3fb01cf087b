import type { Deps } from '../deps.ts';
import { run, statement } from '../db/client.ts';
import { auditHandler, auditProjection } from '../domains/workspace/audit.ts';
import { companyPeopleHandler } from '../domains/contacts/company-people.ts';
import { timelineHandler } from '../domains/contacts/timeline.ts';
import { webhookHandler } from '../domains/webhooks/deliver.ts';
import { enrichmentWithdrawalHandler } from '../domains/identities/enrichment-handler.ts';
import { identityResolutionHandler, mergedProposalsHandler } from '../domains/identities/resolution-service.ts';
import { customerVerificationMailHandler } from '../domains/identities/customer-accounts.ts';
import { conversationContactHandler } from '../domains/inbox/process.ts';
import { csatHandler } from '../domains/replies/csat.ts';
import { slaClockHandler } from '../domains/sla/clock-service.ts';
import { slaEscalationMailHandler } from '../domains/sla/sla-watch.ts';
import { registerInboundStages } from '../domains/inbox/stages.ts';
import { organizeStage } from '../domains/inbox/views-stage.ts';
import { routingStage } from '../domains/routing/stage.ts';
import { routingRerunHandler } from '../domains/routing/rerun.ts';
import { slaStage } from '../domains/sla/clock-service.ts';
import { notificationsHandler } from '../domains/notifications/deliver.ts';
import { activityHandler } from '../domains/activity/handler.ts';
import { hashtagUsesHandler } from '../domains/comments/hashtag-handler.ts';
import type { QueueDef } from '../jobs/queue.ts';
import { allHandlers, queueName, registerHandler, registerProjection, type StoredEvent } from './registry.ts';

/** Registers every domain's event handlers; a new handler adds one line here. */
export function registerEventHandlers(): void {
  // The ingestion pipeline's steps after threading, in order (domains/inbox/stages.ts): route -> SLA clocks -> organise.
  registerInboundStages([routingStage, slaStage, organizeStage]);
  registerHandler(timelineHandler);
  registerProjection(auditProjection);
  registerHandler(auditHandler);
  registerHandler(webhookHandler);
  registerHandler(companyPeopleHandler);
  registerHandler(enrichmentWithdrawalHandler);
  registerHandler(customerVerificationMailHandler);
  registerHandler(identityResolutionHandler);
  registerHandler(mergedProposalsHandler);
  registerHandler(conversationContactHandler);
  registerHandler(routingRerunHandler);
  registerHandler(csatHandler);
  registerHandler(slaClockHandler);
  registerHandler(slaEscalationMailHandler);
  registerHandler(activityHandler);
  registerHandler(notificationsHandler);
  registerHandler(hashtagUsesHandler);
}

/**
 * One queue per handler: a failing side effect is retried alone and never blocks the others. A job carries one event
 * (`eventId`) or many (`eventIds`, emitMany): they are read with one query and handled in the order emitted; one that
 * throws does not stop the rest, and the job then fails and is retried (handlers are idempotent).
 */
export function eventQueues(deps: Deps): QueueDef[] {
  return allHandlers().map((h) => ({
    name: queueName(h),
    concurrency: 2,
    ...(h.notify ? { notify: true } : {}),
    handler: (async (data: { workspaceId: string; eventId?: string; eventIds?: string[] }) => {
      const ids = data.eventIds ?? (data.eventId ? [data.eventId] : []);
      if (ids.length === 0) return;
      // A handler that works in SQL on the events table itself (e.g. the audit log) never reads the events into Node.
      if (h.handleIds) return h.handleIds(deps, data.workspaceId, ids);
      const found = await run<StoredEvent>(deps.db, READ_EVENTS, [data.workspaceId, ids]);
      // Events erased since (e.g. a GDPR erasure) are simply not found: nothing to do for them.
      const byId = new Map(found.map((e) => [e.id, e]));
      // A handler that writes a batch at once (one multi-row insert) gets the whole lot, in emitted order.
      if (h.handleMany) return h.handleMany(deps, ids.flatMap((id) => byId.get(id) ?? []));
      let failure: unknown = null;
      for (const id of ids) {
        const event = byId.get(id);
        if (!event) continue;
        try {
          await h.handle(deps, event);
        } catch (err) {
          failure ??= err;
        }
      }
      if (failure) throw failure;
    }) as QueueDef['handler'],
  }));
}

const READ_EVENTS = statement(`SELECT workspace_id AS "workspaceId", id, type, actor_id AS "actorId", actor_kind AS "actorKind", subject_type AS "subjectType",
  subject_id AS "subjectId", payload, created_at AS at FROM events WHERE workspace_id = $1::uuid AND id = ANY($2::uuid[])`);

import { and, eq } from 'drizzle-orm';
import type { Deps } from '../deps.ts';
import { events } from '../db/schema.ts';
import { auditHandler } from '../domains/workspace/audit.ts';
import { companyPeopleHandler } from '../domains/contacts/company-people.ts';
import { timelineHandler } from '../domains/contacts/timeline.ts';
import { webhookHandler } from '../domains/webhooks/deliver.ts';
import { enrichmentWithdrawalHandler } from '../domains/identities/enrichment-handler.ts';
import { identityResolutionHandler, mergedProposalsHandler } from '../domains/identities/resolution-service.ts';
import { customerVerificationMailHandler } from '../domains/identities/customer-accounts.ts';
import { conversationContactHandler } from '../domains/inbox/process.ts';
import type { QueueDef } from '../jobs/queue.ts';
import { allHandlers, queueName, registerHandler } from './registry.ts';

/** Registers every domain's event handlers; a new handler adds one line here. */
export function registerEventHandlers(): void {
  registerHandler(timelineHandler);
  registerHandler(auditHandler);
  registerHandler(webhookHandler);
  registerHandler(companyPeopleHandler);
  registerHandler(enrichmentWithdrawalHandler);
  registerHandler(customerVerificationMailHandler);
  registerHandler(identityResolutionHandler);
  registerHandler(mergedProposalsHandler);
  registerHandler(conversationContactHandler);
}

/** One queue per handler: a failing side effect is retried alone and never blocks the others. */
export function eventQueues(deps: Deps): QueueDef[] {
  return allHandlers().map((h) => ({
    name: queueName(h),
    concurrency: 2,
    handler: (async (data: { workspaceId: string; eventId: string }) => {
      const [event] = await deps.db.select().from(events).where(and(eq(events.workspaceId, data.workspaceId), eq(events.id, data.eventId)));
      if (!event) return; // erased since (e.g. a GDPR erasure): nothing to do
      await h.handle(deps, event);
    }) as QueueDef['handler'],
  }));
}

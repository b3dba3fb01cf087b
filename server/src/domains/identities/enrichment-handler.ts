import type { EventHandler } from '../../events/registry.ts';
import { systemActor } from '../../policies/actor.ts';
import { ENRICHMENT_PURPOSE } from './enrichment.ts';
import { removeEnrichment } from './service.ts';

/**
 * A person who withdraws social_enrichment loses what Parley fetched about them from networks (the identities stay:
 * they came from the person's own messages). Reads already hide it from the moment of withdrawal (presenter);
 * this removes it. Idempotent: a second run finds nothing left to remove.
 */
export const enrichmentWithdrawalHandler: EventHandler = {
  name: 'enrichment-withdrawal',
  events: ['consent.withdrawn'],
  async handle(deps, e) {
    const p = e.payload as { purposeKey?: string; contactId?: string };
    if (p.purposeKey !== ENRICHMENT_PURPOSE) return;
    const contactId = p.contactId ?? e.subjectId;
    await removeEnrichment(deps, systemActor(e.workspaceId), contactId);
  },
};

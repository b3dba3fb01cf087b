import { and, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { consentPurposes, consentStates } from '../../db/schema.ts';

/** The purpose under which Parley may keep data fetched from networks about a person. */
export const ENRICHMENT_PURPOSE = 'social_enrichment';

/** Of these people, those who grant social_enrichment now (a pending double opt-in does not count). */
export async function enrichmentAllowedFor(ex: Executor, workspaceId: string, contactIds: string[]): Promise<Set<string>> {
  if (!contactIds.length) return new Set();
  const rs = await ex.select({ contactId: consentStates.contactId }).from(consentStates)
    .innerJoin(consentPurposes, and(eq(consentPurposes.workspaceId, consentStates.workspaceId), eq(consentPurposes.id, consentStates.purposeId)))
    .where(and(eq(consentStates.workspaceId, workspaceId), inArray(consentStates.contactId, contactIds),
      eq(consentPurposes.key, ENRICHMENT_PURPOSE), eq(consentStates.status, 'granted')));
  return new Set(rs.map((r) => r.contactId));
}

/** True when the person grants social_enrichment now. */
export async function enrichmentAllowed(ex: Executor, workspaceId: string, contactId: string): Promise<boolean> {
  return (await enrichmentAllowedFor(ex, workspaceId, [contactId])).has(contactId);
}

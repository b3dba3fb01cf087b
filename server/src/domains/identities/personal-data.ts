import { and, asc, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import {
  consentPurposes, consentRecords, consentStates, customerAccounts, customerSessions, identityLinks, matchCandidates, resolutionModels,
  signOnAttempts, socialIdentities,
} from '../../db/schema.ts';
import { registerPersonalData, registerRetention, type Erased } from '../../privacy/registry.ts';
import { scrubTrail } from '../../privacy/trail.ts';
import * as contactsService from '../contacts/service.ts';
import { comparisonDef } from './resolution/comparisons.ts';
import { prepareRecord } from './resolution/normalize.ts';
import type { ComparisonName, TrainedModel } from './resolution/types.ts';
import { personRecord } from './resolution-service.ts';

// What the identities domain holds about a person, for the GDPR export and erasure (privacy/registry.ts): their
// social identities with every link and match proposal, their consent ledger, their community accounts and sessions.
// Sign-on attempts hold no one's data until they end (state, nonce, verifier) and expire within minutes.

/**
 * The identities that are the person's: linked to them now, or unlinked with the person as their last link (an
 * identity since linked to someone else is that person's; only the person's own links to it go).
 */
async function identitiesOf(ex: Executor, ws: string, contactIds: string[]): Promise<string[]> {
  const found = await rows<{ id: string }>(ex, sql`
    SELECT si.id FROM social_identities si WHERE si.workspace_id = ${ws}::uuid AND si.contact_id = ANY(${sql.param(contactIds)}::uuid[])
    UNION
    SELECT si.id FROM social_identities si
    WHERE si.workspace_id = ${ws}::uuid AND si.contact_id IS NULL
      AND si.id IN (SELECT identity_id FROM identity_links WHERE workspace_id = ${ws}::uuid AND contact_id = ANY(${sql.param(contactIds)}::uuid[]))
      AND (SELECT l.contact_id FROM identity_links l WHERE l.workspace_id = ${ws}::uuid AND l.identity_id = si.id
           ORDER BY l.created_at DESC, l.id DESC LIMIT 1) = ANY(${sql.param(contactIds)}::uuid[])`);
  return found.map((r) => r.id);
}

/** Deletes identities with their links and match proposals; returns every removed record's id. */
async function deleteIdentities(ex: Executor, ws: string, ids: string[]): Promise<Erased> {
  if (!ids.length) return { count: 0, subjects: [] };
  const candidates = await ex.delete(matchCandidates)
    .where(and(eq(matchCandidates.workspaceId, ws), eq(matchCandidates.subjectType, 'identity'), inArray(matchCandidates.subjectId, ids)))
    .returning({ id: matchCandidates.id });
  const links = await ex.delete(identityLinks).where(and(eq(identityLinks.workspaceId, ws), inArray(identityLinks.identityId, ids))).returning({ id: identityLinks.id });
  const gone = await ex.delete(socialIdentities).where(and(eq(socialIdentities.workspaceId, ws), inArray(socialIdentities.id, ids))).returning({ id: socialIdentities.id });
  return { count: gone.length, subjects: [...gone, ...links, ...candidates].map((r) => r.id) };
}

const candidatesOf = (ws: string, ids: string[]) => and(eq(matchCandidates.workspaceId, ws), or(
  inArray(matchCandidates.contactId, ids),
  and(eq(matchCandidates.subjectType, 'contact'), inArray(matchCandidates.subjectId, ids))));

registerPersonalData({
  kind: 'identities',
  async export(ex, ws, contactIds) {
    const own = await identitiesOf(ex, ws, contactIds);
    const list = own.length ? await ex.select().from(socialIdentities)
      .where(and(eq(socialIdentities.workspaceId, ws), inArray(socialIdentities.id, own))).orderBy(asc(socialIdentities.firstSeenAt)) : [];
    const links = await ex.select().from(identityLinks)
      .where(and(eq(identityLinks.workspaceId, ws), or(inArray(identityLinks.contactId, contactIds), own.length ? inArray(identityLinks.identityId, own) : undefined)))
      .orderBy(desc(identityLinks.createdAt));
    const candidates = await ex.select().from(matchCandidates).where(candidatesOf(ws, contactIds)).orderBy(asc(matchCandidates.createdAt));
    const linkView = (l: (typeof links)[number]) => ({
      method: l.method, score: l.score, evidence: l.evidence, at: l.createdAt.toISOString(),
      undoneAt: l.undoneAt?.toISOString() ?? null, undoReason: l.undoReason,
    });
    return {
      accounts: list.map((i) => ({
        id: i.id, network: i.network, externalId: i.externalId, handle: i.handle, displayName: i.displayName, profileUrl: i.profileUrl,
        avatarUrl: i.avatarUrl, profile: i.profile, enrichment: i.enrichment, enrichedAt: i.enrichedAt?.toISOString() ?? null,
        firstSeenAt: i.firstSeenAt.toISOString(), lastSeenAt: i.lastSeenAt.toISOString(),
        links: links.filter((l) => l.identityId === i.id).map(linkView),
      })),
      // Identities once linked to the person and now to someone else: only the person's own links, not the identity's data.
      formerLinks: links.filter((l) => !own.includes(l.identityId)).map(linkView),
      matchProposals: candidates.map((c) => ({ probability: c.probability, status: c.status, createdAt: c.createdAt.toISOString(), decidedAt: c.decidedAt?.toISOString() ?? null })),
    };
  },
  async erase(ex, ws, contactIds) {
    const own = await identitiesOf(ex, ws, contactIds);
    const candidates = await ex.delete(matchCandidates).where(candidatesOf(ws, contactIds)).returning({ id: matchCandidates.id });
    const former = await ex.delete(identityLinks).where(and(eq(identityLinks.workspaceId, ws), inArray(identityLinks.contactId, contactIds))).returning({ id: identityLinks.id });
    const removed = await deleteIdentities(ex, ws, own);
    return { count: removed.count, subjects: [...removed.subjects, ...former.map((r) => r.id), ...candidates.map((r) => r.id)] };
  },
});

registerPersonalData({
  kind: 'consents',
  async export(ex, ws, contactIds) {
    const states = await ex.select({ s: consentStates, key: consentPurposes.key }).from(consentStates)
      .innerJoin(consentPurposes, and(eq(consentPurposes.workspaceId, consentStates.workspaceId), eq(consentPurposes.id, consentStates.purposeId)))
      .where(and(eq(consentStates.workspaceId, ws), inArray(consentStates.contactId, contactIds)));
    const ledger = await ex.select({ r: consentRecords, key: consentPurposes.key }).from(consentRecords)
      .innerJoin(consentPurposes, and(eq(consentPurposes.workspaceId, consentRecords.workspaceId), eq(consentPurposes.id, consentRecords.purposeId)))
      .where(and(eq(consentRecords.workspaceId, ws), inArray(consentRecords.contactId, contactIds)))
      .orderBy(asc(consentRecords.at));
    return {
      current: states.map(({ s, key }) => ({ purpose: key, status: s.status, since: s.since.toISOString() })),
      ledger: ledger.map(({ r, key }) => ({
        purpose: key, action: r.action, legalBasis: r.legalBasis, source: r.source, wordingVersion: r.wordingVersion, proof: r.proof, at: r.at.toISOString(),
      })),
    };
  },
  async erase(ex, ws, contactIds) {
    // The ledger is append-only for everyone else; an erasure is the one deletion (GDPR Art. 17 over the proof of a
    // consent whose processing ends with the person).
    await ex.delete(consentStates).where(and(eq(consentStates.workspaceId, ws), inArray(consentStates.contactId, contactIds)));
    const gone = await ex.delete(consentRecords).where(and(eq(consentRecords.workspaceId, ws), inArray(consentRecords.contactId, contactIds))).returning({ id: consentRecords.id });
    return { count: gone.length, subjects: gone.map((r) => r.id) };
  },
});

registerPersonalData({
  kind: 'customer_accounts',
  async export(ex, ws, contactIds) {
    const list = await ex.select().from(customerAccounts).where(and(eq(customerAccounts.workspaceId, ws), inArray(customerAccounts.contactId, contactIds)));
    const out = [];
    for (const a of list) {
      const [s] = await ex.select({ n: sql<number>`count(*)::int` }).from(customerSessions)
        .where(and(eq(customerSessions.workspaceId, ws), eq(customerSessions.accountId, a.id), sql`${customerSessions.expiresAt} > now()`));
      out.push({
        email: a.email, emailVerifiedAt: a.emailVerifiedAt?.toISOString() ?? null, displayName: a.displayName, status: a.status,
        hasPassword: a.passwordHash !== null, createdAt: a.createdAt.toISOString(), lastLoginAt: a.lastLoginAt?.toISOString() ?? null,
        openSessions: s?.n ?? 0,
      });
    }
    return out;
  },
  async erase(ex, ws, contactIds) {
    const gone = await ex.delete(customerAccounts).where(and(eq(customerAccounts.workspaceId, ws), inArray(customerAccounts.contactId, contactIds))).returning({ id: customerAccounts.id });
    const ids = gone.map((a) => a.id);
    if (ids.length) await ex.delete(customerSessions).where(and(eq(customerSessions.workspaceId, ws), inArray(customerSessions.accountId, ids)));
    return { count: gone.length, subjects: ids };
  },
});

/**
 * Removes match proposals whose identity or person no longer exists: what a resolution job that read an identity
 * just before an erasure proposed just after it (the erasure's follow-up sweep runs this). Returns how many.
 */
export async function deleteOrphanProposals(ex: Executor, workspaceId: string): Promise<number> {
  const gone = await rows<{ id: string }>(ex, sql`
    DELETE FROM match_candidates mc WHERE mc.workspace_id = ${workspaceId}::uuid AND (
      NOT EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = mc.workspace_id AND c.id = mc.contact_id)
      OR (mc.subject_type = 'contact' AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.workspace_id = mc.workspace_id AND c.id = mc.subject_id))
      OR (mc.subject_type = 'identity' AND NOT EXISTS (SELECT 1 FROM social_identities si WHERE si.workspace_id = mc.workspace_id AND si.id = mc.subject_id)))
    RETURNING mc.id`);
  return gone.length;
}

/**
 * A trained match model counts the values that at least two people share (how common a surname is): the person's
 * values leave those counts, and a value left to one person leaves the model, as the model never keeps single values.
 * Runs before the person's row is deleted, which it reads. Nothing to export: the model holds counts, not the person.
 */
registerPersonalData({
  kind: 'resolution_models',
  order: -1,
  async erase(ex, ws, contactIds) {
    const people = await contactsService.peopleForPrivacyIn(ex, ws, contactIds);
    if (!people.length) return { count: 0, subjects: [] };
    const features = people.map((p, i) => prepareRecord(personRecord(p), i));
    const since = new Date(Math.min(...people.map((p) => Date.parse(p.createdAt))));
    // Models trained before the first of these records existed cannot count them.
    const models = await ex.select().from(resolutionModels).where(and(eq(resolutionModels.workspaceId, ws), gt(resolutionModels.createdAt, since)));
    let changed = 0;
    for (const row of models) {
      const model = row.model as unknown as TrainedModel;
      let touched = false;
      for (const [name, table] of Object.entries(model.termFrequencies ?? {})) {
        const value = comparisonDef(name as ComparisonName).value;
        if (!table || !value) continue;
        for (const f of features) {
          const v = value(f);
          const n = v ? table.counts[v] : undefined;
          if (n === undefined) continue;
          if (n > 2) table.counts[v] = n - 1;
          else delete table.counts[v];
          touched = true;
        }
      }
      if (!touched) continue;
      await ex.update(resolutionModels).set({ model: model as unknown as Record<string, unknown> })
        .where(and(eq(resolutionModels.workspaceId, ws), eq(resolutionModels.id, row.id)));
      changed++;
    }
    return { count: changed, subjects: [] };
  },
});

/**
 * Identities no one is linked to, not seen for the retention period: the authors of a few public comments long ago.
 * Deleted with their link history and match proposals, and their events scrubbed (identity.created names the handle).
 */
registerRetention({
  kind: 'unlinked_identities',
  async apply({ ex, workspaceId }, cutoff) {
    let removed = 0;
    for (;;) {
      const batch = await ex.select({ id: socialIdentities.id }).from(socialIdentities)
        .where(and(eq(socialIdentities.workspaceId, workspaceId), isNull(socialIdentities.contactId), lt(socialIdentities.lastSeenAt, cutoff)))
        .limit(1000);
      if (!batch.length) return removed;
      const gone = await deleteIdentities(ex, workspaceId, batch.map((r) => r.id));
      await scrubTrail(ex, workspaceId, [], gone.subjects);
      removed += gone.count;
    }
  },
});

registerRetention({
  kind: 'sign_on_attempts',
  async apply({ ex, workspaceId, now }) {
    const gone = await ex.delete(signOnAttempts).where(and(eq(signOnAttempts.workspaceId, workspaceId), lt(signOnAttempts.expiresAt, now)))
      .returning({ state: signOnAttempts.state });
    return gone.length;
  },
});

registerRetention({
  kind: 'customer_sessions',
  async apply({ ex, workspaceId, now }) {
    const gone = await ex.delete(customerSessions).where(and(eq(customerSessions.workspaceId, workspaceId), lt(customerSessions.expiresAt, now)))
      .returning({ account: customerSessions.accountId });
    return gone.length;
  },
});

import type { MatchCandidate } from '@parley/contracts/identities';
import type { Contact } from '@parley/contracts/contacts';
import type { Deps } from '../../deps.ts';
import { emit } from '../../events/emit.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { Conflict, NotFound } from '../../lib/errors.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as contactsService from '../contacts/service.ts';
import * as matchesRepo from './matches-repo.ts';
import { presentIdentity } from './presenter.ts';
import * as repo from './repo.ts';
import { linkIdentity } from './service.ts';

interface StoredExplanation { fields?: { comparison: string; level: string; weight: number; values: [string, string] }[]; cluster?: { key: string; size: number } | null }

/** The review queue: proposed matches, most probable first, each with both sides and what agreed. */
export async function listMatches(deps: Deps, actor: Actor, q: { status: 'open' | 'linked' | 'rejected'; subjectType?: 'identity' | 'contact'; contactId?: string; cursor?: string; limit: number }) {
  authorize(actor, 'matches:review');
  const after = q.cursor ? (([p, id]) => ({ p: Number(p), id: id! }))(decodeCursor(q.cursor, 2)) : null;
  const rows = await matchesRepo.listMatches(deps.db, actor.workspaceId, q, after, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const identityIds = page.filter((m) => m.subjectType === 'identity').map((m) => m.subjectId);
  const identities = new Map((await Promise.all(identityIds.map((id) => repo.findIdentity(deps.db, actor.workspaceId, id))))
    .filter((r): r is repo.IdentityRow => !!r).map((r) => [r.id, r]));
  const people = await contactsService.peopleByIds(deps, actor, page.flatMap((m) => (m.subjectType === 'contact' ? [m.subjectId, m.contactId] : [m.contactId])));
  const last = page.at(-1);
  return {
    items: page.map((m) => present(m, identities.get(m.subjectId), people)),
    nextCursor: rows.length > q.limit && last ? encodeCursor([String(last.probability), last.id]) : null,
    openCount: await matchesRepo.countOpen(deps.db, actor.workspaceId),
  };
}

/**
 * Confirms a proposed match. An identity is linked to the person (method agent: a person decided, with the
 * probability and explanation as evidence) and its other proposals close. A probable duplicate person is merged on
 * the merge screen instead, where fields are chosen: confirming it here is refused with `merge_required`.
 */
export async function confirmMatch(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'matches:review');
  authorize(actor, 'identities:link');
  await deps.db.transaction(async (tx) => {
    const m = await matchesRepo.findMatch(tx, actor.workspaceId, id, true);
    if (!m) throw new NotFound('match_not_found', 'No such match proposal');
    if (m.status !== 'open') throw new Conflict('match_already_decided', 'This proposal was already decided');
    if (m.subjectType === 'contact') throw new Conflict('merge_required', 'Two people are joined on the merge screen, where you choose their fields');
    const explanation = m.explanation as StoredExplanation;
    await linkIdentity(deps, actor, {
      identityId: m.subjectId, contactId: m.contactId, method: 'agent', score: m.probability,
      evidence: { reviewed: true, matchId: m.id, probability: m.probability, fields: explanation.fields ?? [] },
    }, tx);
    await matchesRepo.decideMatch(tx, actor.workspaceId, id, 'linked', actor.userId);
    await matchesRepo.closeOtherProposals(tx, actor.workspaceId, m.subjectType, m.subjectId, m.id, actor.userId);
    await emit(tx, deps.queue, actor, {
      type: 'match_candidate.decided', subject: { type: 'match_candidate', id },
      payload: { decision: 'linked', probability: m.probability, related: [{ type: 'contact', id: m.contactId }] },
    });
  });
}

/** Marks a proposal as not a match; the pair is never proposed again (for two people, the duplicate finder forgets it too). */
export async function rejectMatch(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'matches:review');
  const m = await matchesRepo.findMatch(deps.db, actor.workspaceId, id);
  if (!m) throw new NotFound('match_not_found', 'No such match proposal');
  if (m.status !== 'open') throw new Conflict('match_already_decided', 'This proposal was already decided');
  if (m.subjectType === 'contact') await contactsService.dismissDuplicate(deps, actor, m.subjectId, m.contactId);
  await deps.db.transaction(async (tx) => {
    await matchesRepo.decideMatch(tx, actor.workspaceId, id, 'rejected', actor.userId);
    await emit(tx, deps.queue, actor, {
      type: 'match_candidate.decided', subject: { type: 'match_candidate', id },
      payload: { decision: 'rejected', probability: m.probability, related: [{ type: 'contact', id: m.contactId }] },
    });
  });
}

function present(m: matchesRepo.MatchWithNames, identity: repo.IdentityRow | undefined, people: Map<string, Contact>): MatchCandidate {
  const explanation = m.explanation as StoredExplanation;
  const { links: _links, ...identityOut } = identity ? presentIdentity(identity, [], false) : { links: [] };
  return {
    id: m.id,
    subjectType: m.subjectType as 'identity' | 'contact',
    identity: identity ? (identityOut as MatchCandidate['identity']) : null,
    subjectContact: m.subjectType === 'contact' ? people.get(m.subjectId) ?? null : null,
    contact: people.get(m.contactId) ?? null,
    probability: m.probability,
    fields: explanation.fields ?? [],
    cluster: explanation.cluster ?? null,
    status: m.status as MatchCandidate['status'],
    decidedBy: m.decidedBy ? { id: m.decidedBy, name: m.decidedByName ?? '—' } : null,
    decidedAt: m.decidedAt?.toISOString() ?? null,
    createdAt: m.createdAt.toISOString(),
  };
}

import type { Contact } from '@parley/contracts/contacts';
import { and, desc, eq, isNull } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import { resolutionModels, socialIdentities } from '../../db/schema.ts';
import type { EventHandler } from '../../events/registry.ts';
import { newId } from '../../lib/ids.ts';
import { systemActor, type Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as contactsService from '../contacts/service.ts';
import * as matchesRepo from './matches-repo.ts';
import * as repo from './repo.ts';
import { dedupe, explainPair, trainModel } from './resolution/engine.ts';
import { resolutionSettings } from './resolution/settings.ts';
import type { ComparisonName, IdentityRecord, PairExplanation, TrainedModel } from './resolution/types.ts';
import { linkIdentity } from './service.ts';

export const RESOLVE_WORKSPACE_QUEUE = 'identities.resolve-workspace';

/**
 * When a probabilistic match may link on its own: only at a very high probability and only when an identifier
 * (e-mail, phone, customer number) agreed exactly — a name, however rare, goes to a person for review.
 */
const AUTO_LINK = { minProbability: 0.99, identifiers: ['email', 'phone', 'externalId'] as ComparisonName[] };
/** People read to train a workspace's model and to look for duplicates in one run (a sample beyond that). */
const MAX_RECORDS = 200_000;
/** People a new identity is compared with: the best hits of a search for its name and handle. */
const CANDIDATES_PER_IDENTITY = 10;
/** How likely an author who writes to the company is one of the people it already has (before any evidence). */
const LINK_PRIOR = 0.5;

/** A person as the engine sees them. */
export function personRecord(c: Contact): IdentityRecord {
  const a = c.addresses[0];
  return {
    id: c.id, firstName: c.firstName, lastName: c.lastName, emails: c.emails.map((e) => e.value),
    phones: c.phones.map((p) => p.e164 ?? p.value), birthDate: c.birthday,
    street: a?.street ?? null, postcode: a?.postalCode ?? null, city: a?.city ?? null, country: a?.country ?? null,
  };
}

/** An identity as the engine sees it: its display name, handle, the address of an e-mail identity, a location. */
export function identityRecord(i: repo.IdentityRow): IdentityRecord {
  const location = typeof i.profile.location === 'string' ? i.profile.location : null;
  const email = i.network === 'email' ? i.externalId : typeof i.profile.email === 'string' ? i.profile.email : null;
  return {
    id: i.id, fullName: i.displayName, handle: i.handle, network: i.network, emails: email ? [email] : [],
    verifiedEmails: email && i.profile.emailVerified === true ? [email] : [], city: location,
  };
}

/** The newest trained model of the workspace, if any. */
export async function latestModel(deps: Deps, workspaceId: string): Promise<TrainedModel | null> {
  const [r] = await deps.db.select().from(resolutionModels).where(eq(resolutionModels.workspaceId, workspaceId))
    .orderBy(desc(resolutionModels.createdAt)).limit(1);
  return r ? (r.model as unknown as TrainedModel) : null;
}

async function readPeople(deps: Deps, actor: Actor): Promise<IdentityRecord[]> {
  const out: IdentityRecord[] = [];
  for await (const batch of contactsService.streamContacts(deps, actor, {})) {
    for (const c of batch) out.push(personRecord(c));
    if (out.length >= MAX_RECORDS) break;
  }
  return out;
}

function explanationOf(e: PairExplanation): Record<string, unknown> {
  return {
    matchWeight: e.matchWeight, priorWeight: e.priorWeight,
    fields: e.fields.filter((f) => f.level !== 'missing').map((f) => ({ comparison: f.comparison, level: f.level, weight: Math.round(f.weight * 100) / 100, values: f.values })),
  };
}

/**
 * A workspace run: trains the model on the workspace's own people (u from random pairs, m by EM), stores it, and
 * puts the probable duplicate people in the review queue. Then resolves every unlinked identity with the new model.
 */
export async function resolveWorkspace(deps: Deps, workspaceId: string): Promise<{ people: number; proposals: number; identities: number }> {
  const actor = systemActor(workspaceId);
  const people = await readPeople(deps, actor);
  if (people.length < 2) return { people: people.length, proposals: 0, identities: 0 };
  const result = dedupe(people, resolutionSettings());
  await deps.db.insert(resolutionModels).values({
    workspaceId, id: newId(), model: result.model as unknown as Record<string, unknown>,
    stats: { people: people.length, candidatePairs: result.stats.candidatePairs, proposals: result.pairs.length, timings: result.stats.timings },
  });
  const byId = new Map(people.map((p) => [p.id, p]));
  const clusterOf = new Map<string, { key: string; size: number }>();
  for (const c of result.clusters) {
    if (c.length < 2) continue;
    const cluster = { key: [...c].sort()[0]!, size: c.length };
    for (const id of c) clusterOf.set(id, cluster);
  }
  const proposals = result.pairs.map((p) => {
    const [a, b] = [p.a, p.b].sort() as [string, string];
    const explanation = { ...explanationOf(explainPair(result.model, byId.get(a)!, byId.get(b)!)), cluster: clusterOf.get(a) ?? null };
    return { id: newId(), subjectType: 'contact' as const, subjectId: a, contactId: b, probability: p.probability, explanation };
  });
  let added = 0;
  for (let i = 0; i < proposals.length; i += 500) added += await matchesRepo.proposeMatches(deps.db, workspaceId, proposals.slice(i, i + 500));
  const unlinked = await deps.db.select({ id: socialIdentities.id }).from(socialIdentities)
    .where(and(eq(socialIdentities.workspaceId, workspaceId), isNull(socialIdentities.contactId))).limit(MAX_RECORDS);
  for (const { id } of unlinked) await resolveIdentity(deps, workspaceId, id, result.model);
  return { people: people.length, proposals: added, identities: unlinked.length };
}

/**
 * Resolves one identity to a person. Deterministic first: a verified e-mail that exactly one person has links with
 * method email_match. Then the probabilistic model on the best search hits for its name and handle: a match the
 * auto-link policy allows is linked (method probabilistic, with score and explanation); a probable one goes to the
 * review queue. Linked identities and pairs already decided are left alone.
 */
export async function resolveIdentity(deps: Deps, workspaceId: string, identityId: string, model?: TrainedModel): Promise<'linked' | 'proposed' | 'none'> {
  const actor = systemActor(workspaceId);
  const identity = await repo.findIdentity(deps.db, workspaceId, identityId);
  if (!identity || identity.contactId) return 'none';
  const rec = identityRecord(identity);
  const verified = rec.verifiedEmails?.[0];
  if (verified) {
    const owners = await contactsService.peopleIdsByEmailIn(deps.db, workspaceId, verified);
    if (owners.length === 1) {
      await linkIdentity(deps, actor, { identityId, contactId: owners[0]!, method: 'email_match', evidence: { email: verified, verified: true } });
      return 'linked';
    }
  }
  const ids = new Set<string>();
  for (const email of rec.emails ?? []) for (const id of await contactsService.peopleIdsByEmailIn(deps.db, workspaceId, email)) ids.add(id);
  for (const q of nameQueries(identity)) {
    for (const h of await contactsService.searchContacts(deps, actor, q.slice(0, 200), CANDIDATES_PER_IDENTITY)) ids.add(h.id);
  }
  if (!ids.size) return 'none';
  for (const id of await matchesRepo.rejectedContacts(deps.db, workspaceId, 'identity', identityId)) ids.delete(id);
  if (!ids.size) return 'none';
  const m = model ?? (await latestModel(deps, workspaceId)) ?? trainModel(await readPeople(deps, actor), resolutionSettings());
  const people = [...(await contactsService.peopleByIds(deps, actor, [...ids])).values()].map(personRecord);
  const scored = people.map((person) => ({ person, ...scoreForLink(m, rec, person) })).sort((x, y) => y.probability - x.probability);
  const best = scored[0];
  if (!best || best.probability < m.settings.thresholds.review) return 'none';
  const runnerUp = scored[1]?.probability ?? 0;
  const identifierAgreed = best.explanation.fields.some((f) => AUTO_LINK.identifiers.includes(f.comparison) && f.level === 'exact');
  if (best.probability >= AUTO_LINK.minProbability && identifierAgreed && runnerUp < m.settings.thresholds.match) {
    await linkIdentity(deps, actor, { identityId, contactId: best.person.id, method: 'probabilistic', score: best.probability, evidence: explanationOf(best.explanation) });
    return 'linked';
  }
  const proposals = scored.filter((s) => s.probability >= m.settings.thresholds.review).slice(0, 3).map((s) => ({
    id: newId(), subjectType: 'identity' as const, subjectId: identityId, contactId: s.person.id, probability: s.probability,
    explanation: explanationOf(s.explanation),
  }));
  await matchesRepo.proposeMatches(deps.db, workspaceId, proposals);
  return 'proposed';
}

/**
 * The probability that an identity is this person. The model's own prior is that of two random people of the
 * workspace being one (tiny: duplicates are rare); an author who writes to the company is far more likely one of
 * its people, so the prior here is LINK_PRIOR spread over the people the model was trained on.
 */
function scoreForLink(m: TrainedModel, identity: IdentityRecord, person: IdentityRecord): { probability: number; explanation: PairExplanation } {
  const e = explainPair(m, identity, person);
  const lambda = LINK_PRIOR / Math.max(2, m.training.records);
  const priorWeight = Math.log2(lambda / (1 - lambda));
  const matchWeight = e.matchWeight - e.priorWeight + priorWeight;
  return { probability: 1 / (1 + 2 ** -matchWeight), explanation: { ...e, priorWeight, matchWeight, probability: 1 / (1 + 2 ** -matchWeight) } };
}

/** Starts a workspace run in the background (managers, from the review queue page). */
export async function startWorkspaceResolution(deps: Deps, actor: Actor): Promise<void> {
  authorize(actor, 'matches:review');
  await deps.queue.send(RESOLVE_WORKSPACE_QUEUE, { workspaceId: actor.workspaceId }, { singletonKey: `resolve-${actor.workspaceId}` });
}

/** Two people merged: their duplicate proposal is settled, proposals naming the merged-away person dropped. */
export const mergedProposalsHandler: EventHandler = {
  name: 'match-proposals-merged',
  events: ['contact.merged'],
  async handle(deps, e) {
    const loser = (e.payload as { related?: { type: string; id: string }[] }).related?.find((r) => r.type === 'contact')?.id;
    if (loser) await matchesRepo.settleMerged(deps.db, e.workspaceId, e.subjectId, loser, e.actorId);
  },
};

/** What people search finds an identity's person by: its display name and its handle read as words. */
function nameQueries(identity: repo.IdentityRow): string[] {
  return [identity.displayName, identity.handle?.replace(/^@/, '').replace(/[._\d]+/g, ' ')].filter((q): q is string => Boolean(q && q.trim().length >= 2));
}

/** An identity with nothing to compare (a Messenger author known only by id, until the profile comes) has no candidates. */
function resolvable(identity: repo.IdentityRow): boolean {
  const rec = identityRecord(identity);
  return !identity.contactId && Boolean(rec.verifiedEmails?.length || rec.emails?.length || nameQueries(identity).length);
}

/** A new identity (from a message, a sign-on, an agent) is resolved in a job, never in the request that made it. */
export const identityResolutionHandler: EventHandler = {
  name: 'identity-resolution',
  events: ['identity.created'],
  async handle(deps, e) {
    await resolveIdentity(deps, e.workspaceId, e.subjectId);
  },
  // An ingested batch's new authors: read with one query; only those with something to compare are resolved.
  async handleMany(deps, list) {
    let failure: unknown = null;
    for (const ws of new Set(list.map((e) => e.workspaceId))) {
      for (const identity of await repo.findIdentitiesByIds(deps.db, ws, list.filter((e) => e.workspaceId === ws).map((e) => e.subjectId))) {
        if (resolvable(identity)) await resolveIdentity(deps, ws, identity.id).catch((err: unknown) => { failure ??= err; });
      }
    }
    if (failure) throw failure;
  },
};

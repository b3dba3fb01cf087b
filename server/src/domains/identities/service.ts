import type { Contact } from '@parley/contracts/contacts';
import type { Identity, IdentityInput, LinkMethod, Network } from '@parley/contracts/identities';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit, emitMany, type DomainEvent } from '../../events/emit.ts';
import { Conflict, Forbidden, NotFound } from '../../lib/errors.ts';
import { encodeCursor, decodeCursor } from '../../lib/cursor.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as contactsService from '../contacts/service.ts';
import { enrichmentAllowed, enrichmentAllowedFor } from './enrichment.ts';
import { employerOf, presentIdentity } from './presenter.ts';
import * as consentRepo from './consent-repo.ts';
import * as matchesRepo from './matches-repo.ts';
import * as signOnRepo from './sign-on-repo.ts';
import * as repo from './repo.ts';

// A person's identities go with them when people are merged, and come back when the merge is undone.
contactsService.registerLinkedRecordMover({
  kind: 'identities',
  count: repo.countContactIdentities,
  move: (ex, ws, fromId, toId) => repo.moveContactIdentities(ex, ws, fromId, toId),
  moveBack: repo.moveIdentitiesBack,
});
// Consent ledger entries too: the merged person stands where their latest decision says (consent-repo recomputeStates).
contactsService.registerLinkedRecordMover({
  kind: 'consents',
  count: consentRepo.countContactConsents,
  move: consentRepo.moveContactConsents,
  moveBack: consentRepo.moveConsentsBack,
});
// And community accounts: a customer signs in to the survivor.
contactsService.registerLinkedRecordMover({
  kind: 'customer_accounts',
  count: signOnRepo.countContactAccounts,
  move: signOnRepo.moveContactAccounts,
  moveBack: signOnRepo.moveAccountsBack,
});

/** What a connector, the sign-on or an agent knows about an identity. */
export interface UpsertIdentityInput {
  network: Network;
  externalId: string;
  handle?: string | null;
  displayName?: string | null;
  profileUrl?: string | null;
  avatarUrl?: string | null;
  profile?: Record<string, unknown>;
  seenAt?: Date;
}

export interface LinkIdentityInput {
  identityId: string;
  contactId: string;
  method: LinkMethod;
  score?: number | null;
  evidence: Record<string, unknown>;
}

/** Creates or refreshes an identity by (network, externalId); emits identity.created for a new one. */
export async function upsertIdentity(deps: Deps, actor: Actor, input: UpsertIdentityInput, tx?: Executor): Promise<{ id: string; contactId: string | null; created: boolean }> {
  const run = async (ex: Executor) => {
    const seen = input.seenAt ?? new Date();
    // Most messages come from authors Parley knows, with nothing new about them: a read answers, and the row is
    // written again only when something changed or last-seen is more than a few minutes old (bench/RESULTS.md,
    // inbox ingestion: an update per message was a write, a lock and WAL for nothing).
    const known = await repo.findIdentityByExternal(ex, actor.workspaceId, input.network, input.externalId);
    if (known && unchanged(known, input, seen)) return { id: known.id, contactId: known.contactId, created: false };
    const { row, created } = await repo.upsertIdentity(ex, {
      workspaceId: actor.workspaceId, id: newId(), network: input.network, externalId: input.externalId,
      handle: input.handle ?? null, displayName: input.displayName ?? null, profileUrl: input.profileUrl ?? null,
      avatarUrl: input.avatarUrl ?? null, profile: input.profile ?? {}, firstSeenAt: seen, lastSeenAt: seen,
    });
    if (created) {
      await emit(ex, deps.queue, actor, {
        type: 'identity.created', subject: { type: 'identity', id: row.id },
        payload: { after: { network: row.network, externalId: row.externalId, handle: row.handle, displayName: row.displayName } },
      });
    }
    return { id: row.id, contactId: row.contactId, created };
  };
  return tx ? run(tx) : deps.db.transaction(run);
}

/**
 * upsertIdentity for many authors at once (a batch of ingested messages), in the caller's transaction: the known and
 * unchanged ones are answered by one read per network; only new or changed ones are written, all with one statement,
 * and the `identity.created` of the new ones are emitted together (emitMany: one job per handler, not three per
 * author). Answers by `network:externalId`; an author given twice is written once (its first input).
 */
export async function upsertIdentities(deps: Deps, actor: Actor, inputs: readonly UpsertIdentityInput[], tx: Executor): Promise<Map<string, { id: string; contactId: string | null; created: boolean }>> {
  const out = new Map<string, { id: string; contactId: string | null; created: boolean }>();
  const key = (network: string, externalId: string) => `${network}:${externalId}`;
  const known = new Map<string, repo.AuthorIdentity>();
  for (const network of new Set(inputs.map((i) => i.network))) {
    const ids = [...new Set(inputs.filter((i) => i.network === network).map((i) => i.externalId))];
    for (const row of await repo.findIdentitiesByExternal(tx, actor.workspaceId, network, ids)) known.set(key(row.network, row.externalId), row);
  }
  // The known and unchanged ones are answered from the read; the others are written with one statement.
  const writes: repo.AuthorUpsert[] = [];
  const writing = new Set<string>();
  for (const input of inputs) {
    const k = key(input.network, input.externalId);
    if (out.has(k) || writing.has(k)) continue;
    const known1 = known.get(k);
    const seen = input.seenAt ?? new Date();
    if (known1 && unchanged(known1, input, seen)) { out.set(k, { id: known1.id, contactId: known1.contactId, created: false }); continue; }
    writing.add(k);
    writes.push({
      id: newId(), network: input.network, externalId: input.externalId, handle: input.handle ?? null, displayName: input.displayName ?? null,
      profileUrl: input.profileUrl ?? null, avatarUrl: input.avatarUrl ?? null, profile: input.profile ?? {}, seenAt: seen,
    });
  }
  const created: DomainEvent[] = [];
  for (const row of await repo.upsertAuthors(tx, actor.workspaceId, writes)) {
    if (row.inserted) {
      created.push({
        type: 'identity.created', subject: { type: 'identity', id: row.id },
        payload: { after: { network: row.network, externalId: row.externalId, handle: row.handle, displayName: row.displayName } },
      });
    }
    out.set(key(row.network, row.externalId), { id: row.id, contactId: row.contactId, created: row.inserted });
  }
  await emitMany(tx, deps.queue, actor, created);
  return out;
}

/** How stale last-seen may get before a message from a known, unchanged author writes the identity again. */
const LAST_SEEN_RESOLUTION_MS = 5 * 60_000;

function unchanged(known: repo.AuthorIdentity, input: UpsertIdentityInput, seen: Date): boolean {
  const same = (value: string | null | undefined, current: string | null) => value === undefined || value === null || value === current;
  const profileSame = Object.entries(input.profile ?? {}).every(([k, v]) => JSON.stringify(known.profile[k]) === JSON.stringify(v));
  return same(input.handle, known.handle) && same(input.displayName, known.displayName) && same(input.profileUrl, known.profileUrl)
    && same(input.avatarUrl, known.avatarUrl) && profileSame && seen.getTime() - known.lastSeenAt.getTime() < LAST_SEEN_RESOLUTION_MS;
}

/**
 * Links an identity to a person with its evidence. An open link to someone else is closed first (the identity
 * belongs to at most one person); linking again to the same person keeps the existing link. A merged-away person is
 * followed to the survivor. Emits identity.linked.
 */
export async function linkIdentity(deps: Deps, actor: Actor, input: LinkIdentityInput, tx?: Executor): Promise<void> {
  const run = async (ex: Executor) => {
    const person = await contactsService.livePersonIn(ex, actor.workspaceId, input.contactId);
    if (!person) throw new NotFound('contact_not_found', 'No such person');
    const identity = await repo.lockIdentity(ex, actor.workspaceId, input.identityId);
    if (!identity) throw new NotFound('identity_not_found', 'No such identity');
    if (identity.contactId === person.id) return;
    const previous = identity.contactId
      ? await repo.closeOpenLink(ex, actor.workspaceId, identity.id, actor.userId, `relinked (${input.method})`)
      : undefined;
    const linkId = newId();
    await repo.insertLink(ex, {
      workspaceId: actor.workspaceId, id: linkId, identityId: identity.id, contactId: person.id, method: input.method,
      score: input.score ?? null, evidence: input.evidence, actorId: actor.userId,
    });
    await repo.setIdentityContact(ex, actor.workspaceId, identity.id, person.id);
    await emit(ex, deps.queue, actor, {
      type: 'identity.linked', subject: { type: 'identity', id: identity.id },
      payload: {
        linkId, method: input.method, score: input.score ?? null, network: identity.network, handle: identity.handle,
        before: { contactId: identity.contactId }, after: { contactId: person.id, method: input.method, evidence: input.evidence },
        related: [{ type: 'contact', id: person.id }, ...(previous ? [{ type: 'contact', id: previous.contactId }] : [])],
      },
    });
  };
  await (tx ? run(tx) : deps.db.transaction(run));
}

/** Undoes an identity's current link (the link stays in its history as undone, with who and why). */
export async function unlinkIdentity(deps: Deps, actor: Actor, identityId: string, reason?: string): Promise<Identity> {
  authorize(actor, 'identities:link');
  await deps.db.transaction(async (tx) => {
    const identity = await repo.lockIdentity(tx, actor.workspaceId, identityId);
    if (!identity) throw new NotFound('identity_not_found', 'No such identity');
    if (!identity.contactId) throw new Conflict('identity_not_linked', 'This identity is not linked to anyone');
    const closed = await repo.closeOpenLink(tx, actor.workspaceId, identityId, actor.userId, reason ?? null);
    await repo.setIdentityContact(tx, actor.workspaceId, identityId, null);
    // A person who undid a link said "not this person": resolution must not propose or link it to them again.
    await matchesRepo.rememberNotAMatch(tx, actor.workspaceId, 'identity', identityId, identity.contactId, actor.userId, newId());
    await emit(tx, deps.queue, actor, {
      type: 'identity.unlinked', subject: { type: 'identity', id: identityId },
      payload: {
        linkId: closed?.id, network: identity.network, handle: identity.handle, reason: reason ?? null,
        before: { contactId: identity.contactId }, after: { contactId: null },
        related: [{ type: 'contact', id: identity.contactId }],
      },
    });
  });
  return getIdentity(deps, actor, identityId);
}

/** An agent links an identity to a person by decision (method `agent`). */
export async function linkByAgent(deps: Deps, actor: Actor, identityId: string, contactId: string, note?: string): Promise<Identity> {
  authorize(actor, 'identities:link');
  await linkIdentity(deps, actor, { identityId, contactId, method: 'agent', evidence: note ? { note } : {} });
  return getIdentity(deps, actor, identityId);
}

/**
 * An agent records an identity they know is this person's (e.g. the X account a customer named on the phone):
 * created if new and linked with method `agent`. One linked to someone else is a conflict, to be re-linked explicitly.
 */
export async function addIdentityToContact(deps: Deps, actor: Actor, contactId: string, input: IdentityInput & { note?: string }): Promise<Identity> {
  authorize(actor, 'identities:link');
  const id = await deps.db.transaction(async (tx) => {
    const person = await contactsService.livePersonIn(tx, actor.workspaceId, contactId);
    if (!person) throw new NotFound('contact_not_found', 'No such person');
    const { id: identityId, contactId: current } = await upsertIdentity(deps, actor, { ...input, seenAt: undefined }, tx);
    if (current && current !== person.id) {
      throw new Conflict('identity_linked_elsewhere', 'This identity is linked to another person; open it to link it here instead', { contactId: current, identityId });
    }
    await linkIdentity(deps, actor, { identityId, contactId: person.id, method: 'agent', evidence: input.note ? { note: input.note } : {} }, tx);
    return identityId;
  });
  return getIdentity(deps, actor, id);
}

/** An identity with its link history. */
/** The identities with these ids as stored (network, external id, display data), one query: for jobs working on many. */
export async function identitiesByIds(deps: Deps, actor: Actor, ids: string[]): Promise<Pick<repo.IdentityRow, 'id' | 'network' | 'externalId' | 'handle' | 'displayName'>[]> {
  authorize(actor, 'identities:read');
  return repo.findIdentitiesByIds(deps.db, actor.workspaceId, ids);
}

export async function getIdentity(deps: Deps, actor: Actor, id: string): Promise<Identity> {
  authorize(actor, 'identities:read');
  const row = await repo.findIdentity(deps.db, actor.workspaceId, id);
  if (!row) throw new NotFound('identity_not_found', 'No such identity');
  const links = await repo.linksOf(deps.db, actor.workspaceId, [id]);
  const allowed = row.contactId ? await enrichmentAllowed(deps.db, actor.workspaceId, row.contactId) : false;
  return presentIdentity(row, links, allowed);
}

/** A person's identities with their evidence, including ones whose link to them was undone. */
export async function listContactIdentities(deps: Deps, actor: Actor, contactId: string): Promise<Identity[]> {
  authorize(actor, 'identities:read');
  if (!(await contactsService.recordExists(deps, actor, 'contact', contactId))) throw new NotFound('contact_not_found', 'No such person');
  const rows = await repo.identitiesOfContact(deps.db, actor.workspaceId, contactId);
  const links = await repo.linksOf(deps.db, actor.workspaceId, rows.map((r) => r.id));
  const allowed = await enrichmentAllowed(deps.db, actor.workspaceId, contactId);
  const employers = new Map(rows.map((r) => [r.id, employerOf(r, allowed && r.contactId === contactId)]));
  const names = [...new Set([...employers.values()].filter((n): n is string => !!n))];
  const companies = names.length ? await contactsService.companiesByName(deps, actor, names) : new Map<string, { id: string }>();
  const personCompany = names.length ? (await contactsService.getContact(deps, actor, contactId)).company?.id ?? null : null;
  return rows.map((r) => {
    const name = r.contactId === contactId ? employers.get(r.id) : null;
    const companyId = name ? companies.get(name)?.id ?? null : null;
    return presentIdentity(r, links, allowed && r.contactId === contactId,
      name ? { name, companyId, current: !!companyId && companyId === personCompany } : null);
  });
}

/**
 * B2B: a user confirms that the person works at the employer their LinkedIn/Xing identity names; the person is
 * linked to the company of that name (created if Parley has none). Never done without a person confirming.
 */
export async function confirmEmployer(deps: Deps, actor: Actor, identityId: string): Promise<Contact> {
  authorize(actor, 'identities:link');
  const row = await repo.findIdentity(deps.db, actor.workspaceId, identityId);
  if (!row) throw new NotFound('identity_not_found', 'No such identity');
  if (!row.contactId) throw new Conflict('identity_not_linked', 'Link the identity to a person first');
  const employer = employerOf(row, await enrichmentAllowed(deps.db, actor.workspaceId, row.contactId));
  if (!employer) throw new Conflict('no_employer', 'This identity names no employer');
  return contactsService.updateContact(deps, actor, row.contactId, { companyName: employer });
}

/** Identities of the workspace by last activity, filtered by network, linked or not, handle/name. */
export async function listIdentities(deps: Deps, actor: Actor, q: { network?: Network; linked?: 'true' | 'false'; q?: string; cursor?: string; limit: number }) {
  authorize(actor, 'identities:read');
  const after = q.cursor ? (([at, id]) => ({ at: new Date(at!), id: id! }))(decodeCursor(q.cursor, 2)) : null;
  const rows = await repo.listIdentities(deps.db, actor.workspaceId,
    { network: q.network, linked: q.linked === undefined ? undefined : q.linked === 'true', q: q.q }, after, q.limit + 1);
  const page = rows.slice(0, q.limit);
  const links = await repo.linksOf(deps.db, actor.workspaceId, page.map((r) => r.id));
  const allowed = await enrichmentAllowedFor(deps.db, actor.workspaceId, page.map((r) => r.contactId).filter((c): c is string => !!c));
  const last = page.at(-1);
  return {
    items: page.map((r) => presentIdentity(r, links, !!r.contactId && allowed.has(r.contactId))),
    nextCursor: rows.length > q.limit && last ? encodeCursor([last.lastSeenAt.toISOString(), last.id]) : null,
  };
}

/**
 * Stores data fetched from a network about an identity (profile fields, interests) — only while its person grants
 * `social_enrichment`; otherwise refused with `consent_required` and nothing is stored.
 */
export async function enrichIdentity(deps: Deps, actor: Actor, identityId: string, data: Record<string, unknown>): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const identity = await repo.lockIdentity(tx, actor.workspaceId, identityId);
    if (!identity) throw new NotFound('identity_not_found', 'No such identity');
    if (!identity.contactId || !(await enrichmentAllowed(tx, actor.workspaceId, identity.contactId))) {
      throw new Forbidden('consent_required', 'The person has not granted social_enrichment; nothing was stored');
    }
    await repo.setEnrichment(tx, actor.workspaceId, identityId, data);
    await emit(tx, deps.queue, actor, {
      type: 'identity.enriched', subject: { type: 'identity', id: identityId },
      payload: { fields: Object.keys(data), related: [{ type: 'contact', id: identity.contactId }] },
    });
  });
}

/** Removes everything fetched from networks about a person (their consent to social_enrichment ended). */
export async function removeEnrichment(deps: Deps, actor: Actor, contactId: string): Promise<number> {
  return deps.db.transaction(async (tx) => {
    const ids = await repo.clearEnrichment(tx, actor.workspaceId, contactId);
    for (const id of ids) {
      await emit(tx, deps.queue, actor, {
        type: 'identity.enrichment_removed', subject: { type: 'identity', id },
        payload: { related: [{ type: 'contact', id: contactId }] },
      });
    }
    return ids.length;
  });
}

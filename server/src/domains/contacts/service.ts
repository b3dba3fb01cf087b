import type { Company, Contact, ContactInput, ContactPage, ContactPatch } from '@parley/contracts/contacts';
import { and, eq } from 'drizzle-orm';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { companies, users } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { NotFound, Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import { findCompaniesBySortName, findCompany, findOrCreateCompanyByName } from './companies-repo.ts';
import { validateCustomValues, withoutCleared } from './custom-fields.ts';
import { insertNote } from './notes-repo.ts';
import { companySearchColumns, contactSearchColumns, prepareContact } from './prepare.ts';
import { presentContact, presentContactItem } from './presenter.ts';
import * as repo from './repo.ts';
import * as searchRepo from './search-repo.ts';

export type ContactFilter = repo.ListFilter;

/** Builds the row of a new person (no writes): used by create and by bulk import. */
export function buildContactRow(workspaceId: string, input: ContactInput, defs: repo.CustomFieldRow[], companyId: string | null, companyName: string | null, ownerId: string | null, now = new Date()): repo.ContactInsert {
  const p = prepareContact(input);
  return {
    workspaceId, id: newId(), ...p, companyId, ownerId,
    custom: withoutCleared(validateCustomValues(input.custom ?? {}, defs, 'contact')),
    ...contactSearchColumns(p, companyName),
    createdAt: now, updatedAt: now,
  };
}

/**
 * Creates a person (and the company named by `companyName` if it does not exist). With `tx`, inside the caller's
 * transaction (another domain that creates a person as part of its own change, e.g. a first sign-on).
 */
export async function createContact(deps: Deps, actor: Actor, input: ContactInput, outer?: Executor): Promise<Contact> {
  authorize(actor, 'contacts:write');
  const run = async (tx: Executor) => {
    const defs = await repo.listCustomFields(tx, actor.workspaceId);
    const company = await resolveCompany(tx, deps, actor, input);
    const ownerId = input.ownerId === undefined ? actor.userId : input.ownerId;
    if (ownerId) await assertUser(tx, actor.workspaceId, ownerId);
    const [row] = await repo.insertContacts(tx, [buildContactRow(actor.workspaceId, input, defs, company?.id ?? null, company?.name ?? null, ownerId)]);
    const contact = presentContact({ ...row!, companyName: company?.name ?? null });
    await emit(tx, deps.queue, actor, { type: 'contact.created', subject: { type: 'contact', id: row!.id }, payload: { after: contact } });
    if (input.note) await insertNote(tx, deps, actor, 'contact', row!.id, input.note);
    return contact;
  };
  return outer ? run(outer) : deps.db.transaction(run);
}

/** A person by id (404 when not in the actor's workspace). */
export async function getContact(deps: Deps, actor: Actor, id: string): Promise<Contact> {
  authorize(actor, 'contacts:read');
  const row = await repo.findContact(deps.db, actor.workspaceId, id);
  if (!row) throw new NotFound('contact_not_found', 'No such person');
  return presentContact(row);
}

/** Changes the fields sent; records before and after. */
export async function updateContact(deps: Deps, actor: Actor, id: string, patch: ContactPatch): Promise<Contact> {
  authorize(actor, 'contacts:write');
  return deps.db.transaction(async (tx) => {
    // Locked before it is read: two people editing different fields of a person at once both keep their change.
    await repo.lockContacts(tx, actor.workspaceId, [id]);
    const before = await repo.findContact(tx, actor.workspaceId, id);
    if (!before || before.mergedInto) throw new NotFound('contact_not_found', 'No such person');
    const defs = await repo.listCustomFields(tx, actor.workspaceId);
    const beforeView = presentContact(before);
    const merged: ContactInput = {
      firstName: patch.firstName ?? before.firstName ?? undefined,
      lastName: patch.lastName ?? before.lastName ?? undefined,
      emails: patch.emails ?? before.emails,
      phones: patch.phones ?? before.phones,
      addresses: patch.addresses ?? before.addresses,
      jobTitle: patch.jobTitle ?? before.jobTitle ?? undefined,
      website: patch.website ?? before.website ?? undefined,
      birthday: patch.birthday ?? before.birthday ?? undefined,
      language: patch.language ?? (before.language as ContactInput['language']) ?? undefined,
      lifecycleStage: patch.lifecycleStage ?? (before.lifecycleStage as ContactInput['lifecycleStage']) ?? undefined,
      tags: patch.tags ?? before.tags,
    };
    // An explicit empty string clears a text field.
    for (const k of ['firstName', 'lastName', 'jobTitle', 'website'] as const) if (patch[k] === '') merged[k] = undefined;
    let companyId = before.companyId;
    let companyName = before.companyName;
    if (patch.companyId !== undefined || patch.companyName !== undefined) {
      const company = await resolveCompany(tx, deps, actor, patch);
      companyId = company?.id ?? null;
      companyName = company?.name ?? null;
    }
    const ownerId = patch.ownerId === undefined ? before.ownerId : patch.ownerId;
    if (ownerId && ownerId !== before.ownerId) await assertUser(tx, actor.workspaceId, ownerId);
    const custom = { ...before.custom, ...validateCustomValues(patch.custom ?? {}, defs, 'contact') };
    const p = prepareContact(merged);
    const row = await repo.updateContact(tx, actor.workspaceId, id, {
      ...p, companyId, ownerId, custom: withoutCleared(custom), ...contactSearchColumns(p, companyName),
    });
    const after = presentContact({ ...row!, companyName });
    await emit(tx, deps.queue, actor, { type: 'contact.updated', subject: { type: 'contact', id }, payload: { before: beforeView, after } });
    return after;
  });
}

/** Deletes a person and their notes. */
export async function deleteContact(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'contacts:delete');
  await deps.db.transaction(async (tx) => {
    const before = await repo.findContact(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('contact_not_found', 'No such person');
    await repo.deleteContact(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'contact.deleted', subject: { type: 'contact', id }, payload: { before: presentContact(before) } });
  });
}

/** A page of people matching the filter. The total is its own request (countContacts), so a page never waits for a count. */
export async function listContacts(deps: Deps, actor: Actor, f: ContactFilter & { sort?: string; cursor?: string; limit: number }): Promise<ContactPage> {
  authorize(actor, 'contacts:read');
  const defs = f.custom?.length ? await repo.listCustomFields(deps.db, actor.workspaceId, 'contact') : [];
  const page = await repo.listContacts(deps.database, actor.workspaceId, f, f.sort, f.cursor, f.limit, defs);
  return { items: page.items.map(presentContactItem), nextCursor: page.nextCursor };
}

/** How many people match the filter: capped at 10,000 for a list and at the search depth for a search. */
export async function countContacts(deps: Deps, actor: Actor, f: ContactFilter): Promise<{ total: number; capped: boolean }> {
  authorize(actor, 'contacts:read');
  const defs = f.custom?.length ? await repo.listCustomFields(deps.db, actor.workspaceId, 'contact') : [];
  return repo.countContacts(deps.database, actor.workspaceId, f, defs);
}

/** Streams people matching a filter, for exports. Authorizes at once, before anything is streamed. */
export function streamContacts(deps: Deps, actor: Actor, f: ContactFilter): AsyncGenerator<Contact[]> {
  authorize(actor, 'contacts:export');
  return (async function* () {
    const defs = await repo.listCustomFields(deps.db, actor.workspaceId, 'contact');
    for await (const batch of repo.iterateContacts(deps.db, actor.workspaceId, f, defs)) yield batch.map(presentContact);
  })();
}

/** True when a person (not merged away) or a company with this id exists in the actor's workspace: other domains check their links with it. */
export async function recordExists(deps: Deps, actor: Actor, type: 'contact' | 'company', id: string): Promise<boolean> {
  if (type === 'company') return (await findCompany(deps.db, actor.workspaceId, id)) !== undefined;
  const row = await repo.findContact(deps.db, actor.workspaceId, id);
  return row !== undefined && row.mergedInto === null;
}

/**
 * The live person behind an id, read inside the caller's transaction: the person, or the survivor they were merged
 * into (followed to the end), or undefined. Other domains link records to people with it (identities, messages).
 */
export async function livePersonIn(ex: Executor, workspaceId: string, id: string): Promise<{ id: string; email: string | null } | undefined> {
  let row = await repo.findContact(ex, workspaceId, id);
  for (let hops = 0; row?.mergedInto && hops < 20; hops++) row = await repo.findContact(ex, workspaceId, row.mergedInto);
  return row && !row.mergedInto ? { id: row.id, email: row.email } : undefined;
}

/** A person's name, e-mail, language and merge state, read inside the caller's transaction (mails, consent pages). */
export async function personBasicsIn(ex: Executor, workspaceId: string, id: string): Promise<{ id: string; email: string | null; language: string | null; firstName: string | null; lastName: string | null; mergedInto: string | null } | undefined> {
  const c = await repo.findContact(ex, workspaceId, id);
  return c && { id: c.id, email: c.email, language: c.language, firstName: c.firstName, lastName: c.lastName, mergedInto: c.mergedInto };
}

/** Live people (not merged away) by id, fully presented: other domains show people beside their own records. */
export async function peopleByIds(deps: Deps, actor: Actor, ids: string[]): Promise<Map<string, Contact>> {
  const found = await repo.findContacts(deps.db, actor.workspaceId, [...new Set(ids)]);
  return new Map(found.filter((c) => !c.mergedInto).map((c) => [c.id, presentContact(c)]));
}

/** Live people whose primary e-mail is this address (case-insensitive), the longest-known first, read inside the caller's transaction. */
export async function peopleIdsByEmailIn(ex: Executor, workspaceId: string, email: string): Promise<string[]> {
  return repo.liveIdsByEmail(ex, workspaceId, email.trim().toLowerCase(), 10);
}

/** Existing companies by name as people write them (folded as company names are, "Wärmewerk GmbH" = "waermewerk gmbh"), keyed by the given name. */
export async function companiesByName(deps: Deps, actor: Actor, names: string[]): Promise<Map<string, { id: string; name: string }>> {
  const folded = new Map(names.map((n) => [companySearchColumns({ name: n }).sortName, n]));
  const found = await findCompaniesBySortName(deps.db, actor.workspaceId, [...folded.keys()]);
  return new Map(found.map((c) => [folded.get(c.sortName)!, { id: c.id, name: c.name }]));
}

/** A person found by the quick search (Ctrl+K). */
export interface ContactSearchHit { id: string; displayName: string; companyName: string | null; email: string | null; score: number }

/** The people best matching a quick search, best first, each with a score from 0 to 1. */
export async function searchContacts(deps: Deps, actor: Actor, q: string, limit: number): Promise<ContactSearchHit[]> {
  authorize(actor, 'contacts:read');
  const found = await searchRepo.searchContacts(deps.database, actor.workspaceId, q, limit);
  return found.map((c) => ({
    id: c.id, displayName: [c.firstName, c.lastName].filter(Boolean).join(' ') || c.email || c.phone || '—',
    companyName: c.companyName, email: c.email, score: c.score,
  }));
}

async function resolveCompany(tx: Executor, deps: Deps, actor: Actor, input: { companyId?: string | null; companyName?: string }): Promise<Pick<Company, 'id' | 'name'> | null> {
  if (input.companyId) {
    const [c] = await tx.select({ id: companies.id, name: companies.name }).from(companies)
      .where(and(eq(companies.workspaceId, actor.workspaceId), eq(companies.id, input.companyId)));
    if (!c) throw new Validation('company_not_found', 'The linked company does not exist', { field: 'companyId' });
    return c;
  }
  if (input.companyName) return findOrCreateCompanyByName(tx, deps, actor, input.companyName);
  return null;
}

async function assertUser(tx: Executor, workspaceId: string, userId: string): Promise<void> {
  const [u] = await tx.select({ id: users.id }).from(users).where(and(eq(users.workspaceId, workspaceId), eq(users.id, userId)));
  if (!u) throw new Validation('owner_not_found', 'The owner is not a user of this workspace', { field: 'ownerId' });
}


/** The keys of the workspace's custom fields for people, in their order (export columns). */
export async function customFieldKeys(deps: Deps, actor: Actor): Promise<string[]> {
  authorize(actor, 'contacts:read');
  return (await repo.listCustomFields(deps.db, actor.workspaceId, 'contact')).map((d) => d.key);
}

export { buildCompanyRow } from './companies-service.ts';
export { registerLinkedRecordMover, type LinkedRecordMover } from './linked-records.ts';
// The person's data for the GDPR export and erasure (registered with privacy/registry.ts as this module loads).
export { importFilesKept, lockPersonForPrivacy, peopleForPrivacyIn, type ErasureSubject } from './personal-data.ts';

/** Recounts the dictionary of name words behind fuzzy search (operator command `rebuild-name-words`). */
export async function rebuildNameWords(deps: Deps, workspaceId?: string): Promise<number> {
  return deps.db.transaction((tx) => repo.rebuildNameWords(tx, workspaceId));
}
export { dismissDuplicate } from './merge-service.ts';

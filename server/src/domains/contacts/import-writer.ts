import type { ContactInput } from '@parley/contracts/contacts';
import type { Deps } from '../../deps.ts';
import type { Executor } from '../../db/client.ts';
import { emit } from '../../events/emit.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { foldText } from '../../lib/text.ts';
import type { Actor } from '../../policies/actor.ts';
import { findCompaniesBySortName, insertCompanies } from './companies-repo.ts';
import { validateCustomValues, withoutCleared } from './custom-fields.ts';
import { findContactsByEmail, insertContactRows, updateContactRows, type ContactRecord } from './import-repo.ts';
import { companySearchColumns, contactSearchColumns, prepareContact } from './prepare.ts';
import type * as repo from './repo.ts';
import { buildContactRow } from './service.ts';

/** A row of an import: a person to write, or why not. */
export type ImportRow = { line: number; input: ContactInput; owner?: string } | { line: number; error: { code: string; message: string } };

export interface WriteContext {
  importId: string;
  defs: repo.CustomFieldRow[];
  /** Users by lower-case e-mail and by lower-case name, for the owner column. */
  owners: Map<string, string>;
  onDuplicate: 'update' | 'skip';
  tags: string[];
}

export interface BatchResult { created: number; updated: number; failed: number; skipped: number; ids: string[]; errors: ImportRowError[] }
export interface ImportRowError { line: number; code: string; message: string }

/**
 * A row checked and built as a new person, before the database is asked anything: its company is linked, and the
 * row possibly merged into an existing person, by writeBatch.
 */
export interface PreparedRow {
  line: number;
  input: ContactInput;
  ownerId: string | null;
  /** The new person as buildContactRow makes it, with the company named in the file and no company id yet. */
  row: repo.ContactInsert;
}

/** The rows of one batch: the ones to write and the ones that failed their checks. */
export interface PreparedBatch { rows: PreparedRow[]; errors: ImportRowError[] }

/**
 * The work on one row that needs no database (checks, owner, normalisation, search columns, id): an import does it
 * for the next batch while the database writes the previous one.
 */
export function prepareRow(actor: Actor, ctx: WriteContext, row: ImportRow): PreparedRow | ImportRowError {
  if ('error' in row) return { line: row.line, ...row.error };
  try {
    const custom = validateCustomValues(row.input.custom ?? {}, ctx.defs, 'contact');
    let ownerId = actor.userId;
    if (row.owner) {
      const found = ctx.owners.get(row.owner.trim().toLowerCase());
      if (!found) throw new AppError(400, 'owner_not_found', `No user "${row.owner}" to own this person`);
      ownerId = found;
    }
    const tags = ctx.tags.length ? [...new Set([...(row.input.tags ?? []), ...ctx.tags])] : row.input.tags;
    const input = { ...row.input, custom, tags };
    return { line: row.line, input, ownerId, row: buildContactRow(actor.workspaceId, input, ctx.defs, null, input.companyName ?? null, ownerId) };
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    return { line: row.line, code: err.code, message: err.message };
  }
}

/** Adds a prepared row, or its error, to a batch. */
export function addPrepared(batch: PreparedBatch, r: PreparedRow | ImportRowError): void {
  if ('row' in r) batch.rows.push(r);
  else batch.errors.push(r);
}

/**
 * Writes one batch of imported rows inside the caller's transaction: people deduplicated by e-mail (against the
 * workspace, which holds the earlier batches of the file, and within the batch), companies found or created by name.
 * Returns the rows it could not write.
 */
export async function writeBatch(tx: Executor, deps: Deps, actor: Actor, ctx: WriteContext, batch: PreparedBatch): Promise<BatchResult> {
  const errors = [...batch.errors];
  const good = batch.rows;

  // Companies by name: one lookup for the batch, the missing ones created together.
  const names = new Map<string, string>();
  for (const g of good) if (g.input.companyName) names.set(foldText(g.input.companyName).slice(0, 200), g.input.companyName);
  const companies = new Map<string, { id: string; name: string }>();
  for (const c of await findCompaniesBySortName(tx, actor.workspaceId, [...names.keys()])) companies.set(c.sortName, c);
  const missing = [...names].filter(([k]) => !companies.has(k));
  if (missing.length) {
    const now = new Date();
    const made = await insertCompanies(tx, missing.map(([, name]) => ({
      workspaceId: actor.workspaceId, id: newId(), name, ownerId: actor.userId, ...companySearchColumns({ name }), createdAt: now, updatedAt: now,
    })));
    for (const c of made) companies.set(c.sortName, c);
  }
  const companyOf = (name?: string) => (name ? companies.get(foldText(name).slice(0, 200)) ?? null : null);

  // Dedupe by e-mail: against the workspace, and within the batch (the later row adds to the earlier one).
  const emailsOf = (i: ContactInput) => (i.emails ?? []).map((e) => e.value.toLowerCase());
  const existing = await findContactsByEmail(tx, actor.workspaceId, [...new Set(good.flatMap((g) => emailsOf(g.input)))]);
  const byEmail = new Map<string, ContactRecord>();
  for (const c of existing) if (c.email && !byEmail.has(c.email)) byEmail.set(c.email, c);
  const inserts: repo.ContactInsert[] = [];
  const insertByEmail = new Map<string, repo.ContactInsert>();
  const updates = new Map<string, ContactRecord>();
  let skipped = 0;
  for (const g of good) {
    const emails = emailsOf(g.input);
    const current = emails.map((e) => byEmail.get(e)).find(Boolean);
    const company = companyOf(g.input.companyName);
    if (current) {
      if (ctx.onDuplicate === 'skip') { skipped++; continue; }
      const base = updates.get(current.id) ?? current;
      updates.set(current.id, mergeInto(base, g.input, company, g.ownerId));
      continue;
    }
    const pending = emails.map((e) => insertByEmail.get(e)).find(Boolean);
    if (pending) {
      Object.assign(pending, mergeInto(pending as ContactRecord, g.input, company, pending.ownerId ?? null));
      continue;
    }
    const row = g.row;
    row.companyId = company?.id ?? null;
    // The row was built with the company as the file spells it; the company found may spell it otherwise.
    if ((company?.name ?? null) !== (g.input.companyName ?? null)) Object.assign(row, contactSearchColumns(row as ContactRecord, company?.name ?? null));
    inserts.push(row);
    for (const e of emails) insertByEmail.set(e, row);
  }
  // Known people first, then the new ones: the update locks its people's rows before the name-words trigger locks
  // any dictionary word, as a single edit does, so an agent editing one of them at the same time cannot deadlock
  // with the import (the insert's words, taken after, lock no person anyone else could hold).
  const now = new Date();
  await updateContactRows(tx, actor.workspaceId, [...updates.values()].map((u) => ({ ...u, updatedAt: now })));
  await insertContactRows(tx, inserts);
  const ids = [...inserts.map((r) => r.id!), ...updates.keys()];
  if (ids.length) {
    await emit(tx, deps.queue, actor, { type: 'contacts.imported', subject: { type: 'import', id: ctx.importId }, payload: { ids, created: inserts.length, updated: updates.size } });
  }
  return { created: inserts.length, updated: updates.size, failed: errors.length, skipped, ids, errors };
}

// An import row on top of an existing person: the file's values win where given; lists are joined.
function mergeInto(base: ContactRecord, input: ContactInput, company: { id: string; name: string } | null, ownerId: string | null): ContactRecord {
  const p = prepareContact({
    firstName: input.firstName ?? base.firstName ?? undefined,
    lastName: input.lastName ?? base.lastName ?? undefined,
    emails: [...base.emails, ...(input.emails ?? [])],
    phones: [...base.phones, ...(input.phones ?? [])],
    addresses: input.addresses?.length ? input.addresses : base.addresses,
    jobTitle: input.jobTitle ?? base.jobTitle ?? undefined,
    website: input.website ?? base.website ?? undefined,
    birthday: input.birthday ?? base.birthday ?? undefined,
    language: input.language ?? (base.language as ContactInput['language']) ?? undefined,
    lifecycleStage: input.lifecycleStage ?? (base.lifecycleStage as ContactInput['lifecycleStage']) ?? undefined,
    tags: [...base.tags, ...(input.tags ?? [])],
  });
  const custom = withoutCleared({ ...base.custom, ...(input.custom ?? {}) });
  return {
    ...base, ...p, custom,
    companyId: company?.id ?? base.companyId,
    ownerId: base.ownerId ?? ownerId,
    ...contactSearchColumns(p, company ? company.name : base.companyName),
  };
}

import type { Company, CompanyInput } from '@parley/contracts/contacts';
import type { Deps } from '../../deps.ts';
import { emit } from '../../events/emit.ts';
import { NotFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { Actor } from '../../policies/actor.ts';
import { authorize } from '../../policies/authorize.ts';
import * as repo from './companies-repo.ts';
import { validateCustomValues, withoutCleared } from './custom-fields.ts';
import { companySearchColumns } from './prepare.ts';
import { presentCompany } from './presenter.ts';
import { listCustomFields, type CustomFieldRow } from './repo.ts';
import * as searchRepo from './search-repo.ts';

/** Builds the row of a new company (no writes): used by create and by seeding. */
export function buildCompanyRow(workspaceId: string, input: CompanyInput, defs: CustomFieldRow[], ownerId: string | null, now = new Date()): repo.CompanyInsert {
  const values = {
    name: input.name, domain: input.domain || null, website: input.website || null, phone: input.phone || null,
    industry: input.industry || null, size: input.size || null, addresses: input.addresses ?? [], tags: [...new Set(input.tags ?? [])],
    ownerId, custom: withoutCleared(validateCustomValues(input.custom ?? {}, defs, 'company')),
  };
  return { workspaceId, id: newId(), ...values, ...companySearchColumns(values), createdAt: now, updatedAt: now };
}

/** Creates a company. */
export async function createCompany(deps: Deps, actor: Actor, input: CompanyInput): Promise<Company> {
  authorize(actor, 'companies:write');
  return deps.db.transaction(async (tx) => {
    const defs = await listCustomFields(tx, actor.workspaceId, 'company');
    const [row] = await repo.insertCompanies(tx, [buildCompanyRow(actor.workspaceId, input, defs, input.ownerId === undefined ? actor.userId : input.ownerId)]);
    const company = presentCompany(row!, 0);
    await emit(tx, deps.queue, actor, { type: 'company.created', subject: { type: 'company', id: row!.id }, payload: { after: company } });
    return company;
  });
}

/** A company by id. */
export async function getCompany(deps: Deps, actor: Actor, id: string): Promise<Company> {
  authorize(actor, 'companies:read');
  const row = await repo.findCompany(deps.db, actor.workspaceId, id);
  if (!row) throw new NotFound('company_not_found', 'No such company');
  const counts = await repo.countCompanyContacts(deps.db, actor.workspaceId, [id]);
  return presentCompany(row, counts.get(id) ?? 0);
}

/** Changes the fields sent. */
export async function updateCompany(deps: Deps, actor: Actor, id: string, patch: Partial<CompanyInput>): Promise<Company> {
  authorize(actor, 'companies:write');
  return deps.db.transaction(async (tx) => {
    const before = await repo.findCompany(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('company_not_found', 'No such company');
    const defs = await listCustomFields(tx, actor.workspaceId, 'company');
    const next = {
      name: patch.name ?? before.name,
      domain: patch.domain === undefined ? before.domain : patch.domain || null,
      website: patch.website === undefined ? before.website : patch.website || null,
      phone: patch.phone === undefined ? before.phone : patch.phone || null,
      industry: patch.industry === undefined ? before.industry : patch.industry || null,
      size: patch.size === undefined ? before.size : patch.size || null,
      addresses: patch.addresses ?? before.addresses,
      tags: patch.tags ? [...new Set(patch.tags)] : before.tags,
      ownerId: patch.ownerId === undefined ? before.ownerId : patch.ownerId,
      custom: withoutCleared({ ...before.custom, ...validateCustomValues(patch.custom ?? {}, defs, 'company') }),
    };
    const row = await repo.updateCompany(tx, actor.workspaceId, id, { ...next, ...companySearchColumns(next) });
    const counts = await repo.countCompanyContacts(tx, actor.workspaceId, [id]);
    const after = presentCompany(row!, counts.get(id) ?? 0);
    await emit(tx, deps.queue, actor, { type: 'company.updated', subject: { type: 'company', id }, payload: { before: presentCompany(before, after.contactCount), after } });
    return after;
  });
}

/** Deletes a company; its people are kept and unlinked. */
export async function deleteCompany(deps: Deps, actor: Actor, id: string): Promise<void> {
  authorize(actor, 'companies:delete');
  await deps.db.transaction(async (tx) => {
    const before = await repo.findCompany(tx, actor.workspaceId, id);
    if (!before) throw new NotFound('company_not_found', 'No such company');
    await repo.deleteCompany(tx, actor.workspaceId, id);
    await emit(tx, deps.queue, actor, { type: 'company.deleted', subject: { type: 'company', id }, payload: { before: presentCompany(before, 0) } });
  });
}

/** A page of companies with their people counts. */
export async function listCompanies(deps: Deps, actor: Actor, q: { q?: string; tags?: string[]; ownerId?: string; sort?: string; cursor?: string; limit: number }) {
  authorize(actor, 'companies:read');
  const page = await repo.listCompanies(deps.db, actor.workspaceId, q, q.sort, q.cursor, q.limit);
  const counts = await repo.countCompanyContacts(deps.db, actor.workspaceId, page.items.map((c) => c.id));
  return { items: page.items.map((c) => presentCompany(c, counts.get(c.id) ?? 0)), nextCursor: page.nextCursor };
}

/** A company found by the quick search (Ctrl+K). */
export type CompanySearchHit = searchRepo.CompanySearchRow;

/** The companies best matching a quick search, best first, with city, number of people and a score from 0 to 1. */
export async function searchCompanies(deps: Deps, actor: Actor, q: string, limit: number): Promise<CompanySearchHit[]> {
  authorize(actor, 'companies:read');
  return searchRepo.searchCompanies(deps.db, actor.workspaceId, q, limit);
}

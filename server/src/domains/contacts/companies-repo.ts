import { and, eq, sql, type SQL } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { companies, contacts } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import type { Deps } from '../../deps.ts';
import { decodeCursor, encodeCursor } from '../../lib/cursor.ts';
import { Validation } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { textSearch } from './search-sql.ts';
import type { Actor } from '../../policies/actor.ts';
import { companySearchColumns } from './prepare.ts';
import { presentCompany } from './presenter.ts';

export type CompanyRow = typeof companies.$inferSelect;
export type CompanyInsert = typeof companies.$inferInsert;

export async function findCompany(ex: Executor, workspaceId: string, id: string): Promise<CompanyRow | undefined> {
  return (await ex.select().from(companies).where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id))))[0];
}

export async function insertCompanies(ex: Executor, values: CompanyInsert[]): Promise<CompanyRow[]> {
  if (!values.length) return [];
  return ex.insert(companies).values(values).returning();
}

export async function updateCompany(ex: Executor, workspaceId: string, id: string, set: Partial<CompanyInsert>): Promise<CompanyRow | undefined> {
  return (await ex.update(companies).set({ ...set, updatedAt: new Date() }).where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id))).returning())[0];
}

/** Deletes a company; its people stay, unlinked. */
export async function deleteCompany(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.update(contacts).set({ companyId: null }).where(and(eq(contacts.workspaceId, workspaceId), eq(contacts.companyId, id)));
  await ex.delete(companies).where(and(eq(companies.workspaceId, workspaceId), eq(companies.id, id)));
}

export async function countCompanyContacts(ex: Executor, workspaceId: string, ids: string[]): Promise<Map<string, number>> {
  if (!ids.length) return new Map();
  const list = await rows<{ company_id: string; n: number }>(ex, sql`
    SELECT company_id, count(*)::int AS n FROM contacts
    WHERE workspace_id = ${workspaceId} AND merged_into IS NULL AND company_id IN (${sql.join(ids.map((i) => sql`${i}`), sql`, `)})
    GROUP BY company_id`);
  return new Map(list.map((r) => [r.company_id, r.n]));
}

/**
 * Companies by their sort name (the folded name, companySearchColumns), for linking people to a company by name.
 * One json parameter however many names an import batch brings; the tsvector is not read.
 */
export async function findCompaniesBySortName(ex: Executor, workspaceId: string, sortNames: string[]): Promise<{ id: string; name: string; sortName: string }[]> {
  if (!sortNames.length) return [];
  return ex.select({ id: companies.id, name: companies.name, sortName: companies.sortName }).from(companies).where(and(
    eq(companies.workspaceId, workspaceId),
    sql`${companies.sortName} = ANY(ARRAY(SELECT json_array_elements_text(${JSON.stringify(sortNames)}::json)))`,
  ));
}

/** The company of that name, created (with its event) when there is none. */
export async function findOrCreateCompanyByName(tx: Executor, deps: Deps, actor: Actor, name: string): Promise<{ id: string; name: string }> {
  const [existing] = await findCompaniesBySortName(tx, actor.workspaceId, [companySearchColumns({ name }).sortName]);
  if (existing) return existing;
  const now = new Date();
  const [row] = await insertCompanies(tx, [{ workspaceId: actor.workspaceId, id: newId(), name, ...companySearchColumns({ name }), ownerId: actor.userId, createdAt: now, updatedAt: now }]);
  await emit(tx, deps.queue, actor, { type: 'company.created', subject: { type: 'company', id: row!.id }, payload: { after: presentCompany(row!, 0) } });
  return row!;
}

/** A page of companies; keyset by (sort column, id), search by relevance. */
export async function listCompanies(ex: Executor, workspaceId: string, f: { q?: string; tags?: string[]; ownerId?: string }, sort: string | undefined, cursor: string | undefined, limit: number) {
  const parts: SQL[] = [sql`workspace_id = ${workspaceId}`];
  if (f.tags?.length) parts.push(sql`tags @> ARRAY[${sql.join(f.tags.map((t) => sql`${t}`), sql`, `)}]::text[]`);
  if (f.ownerId) parts.push(sql`owner_id = ${f.ownerId}`);
  const where = sql.join(parts, sql` AND `);
  if (f.q) {
    const { match, rank } = textSearch(f.q, 'companies');
    const offset = cursor ? Number((decodeCursor(cursor, 2) as [string, string])[0]) : 0;
    if (!Number.isInteger(offset) || offset < 0 || offset > 1000) throw new Validation('invalid_cursor', 'The cursor is not valid');
    const list = await rows<Record<string, unknown>>(ex, sql`SELECT * FROM companies WHERE ${where} AND ${match}
      ORDER BY ${rank} DESC, id LIMIT ${limit + 1} OFFSET ${offset}`);
    return { items: list.slice(0, limit).map(fromRaw), nextCursor: list.length > limit ? encodeCursor([String(offset + limit), '']) : null };
  }
  const key = (sort ?? 'name').replace(/^-/, '');
  const desc = sort?.startsWith('-') ?? false;
  const col = sql.raw(key === 'createdAt' ? 'created_at' : 'sort_name');
  const dir = sql.raw(desc ? 'DESC' : 'ASC');
  let keyset: SQL = sql`true`;
  if (cursor) {
    const [v, id] = (decodeCursor(cursor, 2) as [string, string]);
    const val = key === 'createdAt' ? new Date(v) : v;
    keyset = desc ? sql`(${col}, id) < (${val}, ${id})` : sql`(${col}, id) > (${val}, ${id})`;
  }
  const list = (await rows<Record<string, unknown>>(ex, sql`SELECT * FROM companies WHERE ${where} AND ${keyset} ORDER BY ${col} ${dir}, id ${dir} LIMIT ${limit + 1}`)).map(fromRaw);
  const items = list.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: list.length > limit && last ? encodeCursor([key === 'createdAt' ? last.createdAt.toISOString() : last.sortName, last.id]) : null };
}

function fromRaw(r: Record<string, unknown>): CompanyRow {
  return {
    workspaceId: r.workspace_id as string, id: r.id as string, name: r.name as string, domain: r.domain as string | null,
    website: r.website as string | null, phone: r.phone as string | null, industry: r.industry as string | null, size: r.size as string | null,
    addresses: r.addresses as CompanyRow['addresses'], tags: r.tags as string[], ownerId: r.owner_id as string | null,
    custom: r.custom as Record<string, unknown>, sortName: r.sort_name as string, searchName: r.search_name as string,
    searchDoc: r.search_doc as string, searchTsv: null, createdAt: new Date(r.created_at as string), updatedAt: new Date(r.updated_at as string),
  };
}

import { sql } from 'drizzle-orm';
import { preparedRows, rows, type Database, type Executor } from '../../db/client.ts';
import { contactWhere, searchHits } from './repo.ts';
import { textSearch } from './search-sql.ts';

// The quick search (Ctrl+K): the same matching as the people and company lists (trigram word similarity on the
// folded name variants, full text on the search document), but only the few fields a result line shows and a
// score from 0 to 1 that can be set beside the scores of other record types.

export interface ContactSearchRow {
  id: string; firstName: string | null; lastName: string | null; email: string | null; phone: string | null;
  companyName: string | null; score: number;
}

export interface CompanySearchRow { id: string; name: string; city: string | null; peopleCount: number; score: number }

/** The best matching people (not merged away), best first (ranked among the first SEARCH_DEPTH matches of each kind). */
export async function searchContacts(database: Database, workspaceId: string, q: string, limit: number): Promise<ContactSearchRow[]> {
  const where = contactWhere(workspaceId, {}, []);
  const list = await preparedRows<{ id: string; first_name: string | null; last_name: string | null; email: string | null; phone: string | null; company_name: string | null; score: number }>(database, sql`
    WITH best AS MATERIALIZED (SELECT h.id, h.score FROM (${searchHits(workspaceId, where, q)}) h ORDER BY h.score DESC, h.id LIMIT ${limit})
    SELECT c.id, c.first_name, c.last_name, c.email, coalesce(c.first_phone, c.phone) AS phone, c.company_name,
      least(1, h.score) AS score
    FROM best h
    JOIN contacts c ON c.workspace_id = ${workspaceId}::uuid AND c.id = h.id
    ORDER BY h.score DESC, h.id`, false); // planned afresh each time, as repo.listContacts explains
  return list.map((r) => ({
    id: r.id, firstName: r.first_name, lastName: r.last_name, email: r.email, phone: r.phone, companyName: r.company_name, score: Number(r.score),
  }));
}

/** The best matching companies, best first, with their city and number of people. */
export async function searchCompanies(ex: Executor, workspaceId: string, q: string, limit: number): Promise<CompanySearchRow[]> {
  const { match, rank } = textSearch(q, 'co');
  // People are counted for the returned companies only, after the limit.
  const list = await rows<{ id: string; name: string; city: string | null; people: number; score: number }>(ex, sql`
    WITH hits AS (
      SELECT co.workspace_id, co.id, co.name, co.addresses -> 0 ->> 'city' AS city,
        least(1, ${rank}) AS score
      FROM companies co
      WHERE co.workspace_id = ${workspaceId} AND ${match}
      ORDER BY score DESC, co.id
      LIMIT ${limit}
    )
    SELECT h.id, h.name, h.city, h.score,
      (SELECT count(*)::int FROM contacts c WHERE c.workspace_id = h.workspace_id AND c.company_id = h.id AND c.merged_into IS NULL) AS people
    FROM hits h
    ORDER BY h.score DESC, h.id`);
  return list.map((r) => ({ id: r.id, name: r.name, city: r.city, peopleCount: Number(r.people), score: Number(r.score) }));
}

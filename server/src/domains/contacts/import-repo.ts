import { and, asc, desc, eq, getTableColumns, gt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client.ts';
import { contacts, importErrors, imports } from '../../db/schema.ts';

export type ImportRowRecord = typeof imports.$inferSelect;
type ContactInsert = typeof contacts.$inferInsert;

// Bulk writes of an import go to PostgreSQL as ONE jsonb parameter, an array with one array of values per row, each
// value at its column's position. Measured on 1,000-row batches into contacts (bench/RESULTS.md): drizzle's insert
// builder costs Node ~100 µs a row (a parameter per value); this costs Node and PostgreSQL about what an unnest of
// one array per column does, and PostgreSQL ~25 µs a row less than json_to_recordset, which builds a hash table for
// every row object. jsonb values are passed on as they are, text[] values as array literals. The same SQL runs on
// node-postgres and PGlite. The columns come from the schema, so a new column is carried along.
type ColumnKind = 'jsonb' | 'array' | 'scalar';
// Generated columns (search_tsv, first_phone, city) are PostgreSQL's to write.
const contactFields = Object.entries(getTableColumns(contacts)).filter(([, col]) => !col.generated).map(([key, col]) => {
  const type = col.getSQLType();
  const kind: ColumnKind = type === 'jsonb' ? 'jsonb' : type.endsWith('[]') ? 'array' : 'scalar';
  return { key, name: col.name, type, kind };
});
const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;
// A JSON null (a value not given) becomes NULL, as in any INSERT, so a NOT NULL column without a value fails loudly.
const contactValues = sql.raw(contactFields.map((f, i) => `${f.kind === 'jsonb' ? `nullif(r->${i}, 'null')` : `(r->>${i})::${f.type}`} AS ${quoted(f.name)}`).join(', '));
const contactInsertColumns = sql.raw(contactFields.map((f) => quoted(f.name)).join(', '));
const contactUpdateSet = sql.raw(contactFields.filter((f) => !['workspaceId', 'id', 'createdAt'].includes(f.key))
  .map((f) => `${quoted(f.name)} = j.${quoted(f.name)}`).join(', '));

/** A PostgreSQL array literal of strings: {"a","b \"c\""}. */
function arrayLiteral(values: readonly string[]): string {
  let out = '{';
  for (let i = 0; i < values.length; i++) out += `${i ? ',' : ''}"${values[i]!.replace(/["\\]/g, '\\$&')}"`;
  return `${out}}`;
}

// The rows as the jsonb parameter: [[workspaceId, id, …], …].
function contactRowsJson(rows: readonly object[]): string {
  return JSON.stringify(rows.map((row) => contactFields.map((f) => {
    const v = (row as Record<string, unknown>)[f.key];
    if (v === undefined || v === null) return null;
    return f.kind === 'array' ? arrayLiteral(v as string[]) : v;
  })));
}

// The rows of a contactRowsJson parameter as a table with the columns of contacts (but search_tsv).
function contactRowsSource(rows: readonly object[]) {
  return sql`(SELECT ${contactValues} FROM jsonb_array_elements(${contactRowsJson(rows)}::jsonb) r)`;
}

// What the import reads of a person to merge a row into: every column but the tsvector, the costliest to send.
const { searchTsv: _tsv, ...contactColumns } = getTableColumns(contacts);

/** A person as the import reads it to merge a row into. */
export type ContactRecord = Omit<typeof contacts.$inferSelect, 'searchTsv'>;

/**
 * Inserts new people in one statement, without returning them. Every column must be given (as buildContactRow
 * does): a missing one is NULL, not its default.
 */
export async function insertContactRows(ex: Executor, rows: ContactInsert[]): Promise<void> {
  if (!rows.length) return;
  await ex.execute(sql`INSERT INTO contacts (${contactInsertColumns}) SELECT * FROM ${contactRowsSource(rows)} j`);
}

/** Writes every column of these people but their keys and creation time, in one statement; updatedAt as given. */
export async function updateContactRows(ex: Executor, workspaceId: string, rows: ContactRecord[]): Promise<void> {
  if (!rows.length) return;
  await ex.execute(sql`UPDATE contacts c SET ${contactUpdateSet} FROM ${contactRowsSource(rows)} j
    WHERE c.workspace_id = ${workspaceId} AND c.id = j.id`);
}

/** The live (not merged) people whose primary e-mail is one of these (lower-case) addresses. */
export async function findContactsByEmail(ex: Executor, workspaceId: string, emails: string[]): Promise<ContactRecord[]> {
  if (!emails.length) return [];
  // One json parameter rather than one per address (1,000 rows bring ~1,300), and a plan that holds without table
  // statistics (a new workspace, autovacuum behind): with `merged_into IS NULL` in the query PostgreSQL may pick the
  // partial index contacts_live and filter the whole workspace by e-mail (seconds a batch at 100,000 people), so the
  // few merged-away people are left out here instead.
  const found = await ex.select(contactColumns).from(contacts).where(and(
    eq(contacts.workspaceId, workspaceId),
    sql`${contacts.email} = ANY(ARRAY(SELECT json_array_elements_text(${JSON.stringify(emails)}::json)))`,
  ));
  return found.filter((c) => c.mergedInto === null);
}

export async function insertImport(ex: Executor, row: typeof imports.$inferInsert): Promise<ImportRowRecord> {
  return (await ex.insert(imports).values(row).returning())[0]!;
}

export async function findImport(ex: Executor, workspaceId: string, id: string): Promise<ImportRowRecord | undefined> {
  return (await ex.select().from(imports).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id))))[0];
}

export async function updateImport(ex: Executor, workspaceId: string, id: string, set: Partial<typeof imports.$inferInsert>): Promise<ImportRowRecord | undefined> {
  return (await ex.update(imports).set(set).where(and(eq(imports.workspaceId, workspaceId), eq(imports.id, id))).returning())[0];
}

export async function listImports(ex: Executor, workspaceId: string, limit = 50): Promise<ImportRowRecord[]> {
  return ex.select().from(imports).where(eq(imports.workspaceId, workspaceId)).orderBy(desc(imports.createdAt)).limit(limit);
}

export async function listImportErrors(ex: Executor, workspaceId: string, importId: string, afterLine: number, limit: number) {
  return ex.select({ line: importErrors.line, code: importErrors.code, message: importErrors.message }).from(importErrors)
    .where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, importId), gt(importErrors.line, afterLine)))
    .orderBy(asc(importErrors.line)).limit(limit);
}

export async function clearImportErrors(ex: Executor, workspaceId: string, importId: string): Promise<void> {
  await ex.delete(importErrors).where(and(eq(importErrors.workspaceId, workspaceId), eq(importErrors.importId, importId)));
}

/** Records the rows an import could not write; a line already recorded (a batch written again after a restart) stays. */
export async function insertImportErrors(ex: Executor, workspaceId: string, importId: string, errors: { line: number; code: string; message: string }[]): Promise<void> {
  if (!errors.length) return;
  await ex.execute(sql`INSERT INTO import_errors (workspace_id, import_id, line, code, message)
    SELECT ${workspaceId}::uuid, ${importId}::uuid, e.line, e.code, e.message FROM json_to_recordset(${JSON.stringify(errors)}::json) AS e(line integer, code text, message text)
    ON CONFLICT DO NOTHING`);
}

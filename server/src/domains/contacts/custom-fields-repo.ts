import { and, asc, eq, sql } from 'drizzle-orm';
import { rows, type Executor } from '../../db/client.ts';
import { customFields } from '../../db/schema.ts';
import type { CustomFieldRow } from './repo.ts';

export type CustomEntity = 'contact' | 'company';

// The table holding an entity's custom values (fixed identifiers, never from input).
const TABLES: Record<CustomEntity, ReturnType<typeof sql.raw>> = { contact: sql.raw('contacts'), company: sql.raw('companies') };

export async function listDefinitions(ex: Executor, workspaceId: string, entity?: CustomEntity): Promise<CustomFieldRow[]> {
  const where = entity ? and(eq(customFields.workspaceId, workspaceId), eq(customFields.entity, entity)) : eq(customFields.workspaceId, workspaceId);
  return ex.select().from(customFields).where(where).orderBy(asc(customFields.entity), asc(customFields.position), asc(customFields.key));
}

export async function findDefinition(ex: Executor, workspaceId: string, id: string): Promise<CustomFieldRow | undefined> {
  return (await ex.select().from(customFields).where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.id, id))))[0];
}

export async function findDefinitionByKey(ex: Executor, workspaceId: string, entity: CustomEntity, key: string): Promise<CustomFieldRow | undefined> {
  return (await ex.select().from(customFields)
    .where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.entity, entity), eq(customFields.key, key))))[0];
}

/** The position after the last field of the entity (new fields go to the end). */
export async function nextPosition(ex: Executor, workspaceId: string, entity: CustomEntity): Promise<number> {
  const [r] = await rows<{ n: number }>(ex, sql`SELECT coalesce(max(position) + 1, 0)::int AS n FROM custom_fields WHERE workspace_id = ${workspaceId} AND entity = ${entity}`);
  return Math.min(r?.n ?? 0, 10_000);
}

export async function insertDefinition(ex: Executor, row: typeof customFields.$inferInsert): Promise<CustomFieldRow> {
  return (await ex.insert(customFields).values(row).returning())[0]!;
}

export async function updateDefinition(ex: Executor, workspaceId: string, id: string, set: Partial<typeof customFields.$inferInsert>): Promise<CustomFieldRow> {
  return (await ex.update(customFields).set(set).where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.id, id))).returning())[0]!;
}

export async function deleteDefinition(ex: Executor, workspaceId: string, id: string): Promise<void> {
  await ex.delete(customFields).where(and(eq(customFields.workspaceId, workspaceId), eq(customFields.id, id)));
}

/** Removes a field's values from every record of the entity, in one UPDATE; returns how many records had one. */
export async function removeValues(ex: Executor, workspaceId: string, entity: CustomEntity, key: string): Promise<number> {
  const r = await rows<{ n: number }>(ex, sql`
    WITH changed AS (
      UPDATE ${TABLES[entity]} SET custom = custom - ${key}::text
      WHERE workspace_id = ${workspaceId} AND jsonb_exists(custom, ${key}::text)
      RETURNING 1)
    SELECT count(*)::int AS n FROM changed`);
  return r[0]?.n ?? 0;
}

/** How many records use each of these option values of a select or multi-select field (unused values are left out). */
export async function countOptionUse(ex: Executor, workspaceId: string, entity: CustomEntity, key: string, multi: boolean, values: string[]): Promise<{ value: string; count: number }[]> {
  if (!values.length) return [];
  const list = textArray(values);
  const r = multi
    ? await rows<{ value: string; count: number }>(ex, sql`
        SELECT e AS value, count(*)::int AS count FROM ${TABLES[entity]} t,
          jsonb_array_elements_text(CASE WHEN jsonb_typeof(t.custom -> ${key}::text) = 'array' THEN t.custom -> ${key}::text ELSE '[]'::jsonb END) e
        WHERE t.workspace_id = ${workspaceId} AND e = ANY(${list}) GROUP BY e ORDER BY e`)
    : await rows<{ value: string; count: number }>(ex, sql`
        SELECT t.custom ->> ${key}::text AS value, count(*)::int AS count FROM ${TABLES[entity]} t
        WHERE t.workspace_id = ${workspaceId} AND t.custom ->> ${key}::text = ANY(${list}) GROUP BY 1 ORDER BY 1`);
  return r;
}

/** Clears these option values from every record (a multi-select keeps its other values); returns the records changed. */
export async function clearOptionValues(ex: Executor, workspaceId: string, entity: CustomEntity, key: string, multi: boolean, values: string[]): Promise<number> {
  if (!values.length) return 0;
  const list = textArray(values);
  const r = multi
    ? await rows<{ n: number }>(ex, sql`
        WITH changed AS (
          UPDATE ${TABLES[entity]} SET custom = CASE
              WHEN jsonb_array_length((custom -> ${key}::text) - ${list}) = 0 THEN custom - ${key}::text
              ELSE jsonb_set(custom, ARRAY[${key}::text], (custom -> ${key}::text) - ${list}) END
          WHERE workspace_id = ${workspaceId} AND jsonb_typeof(custom -> ${key}::text) = 'array'
            AND jsonb_exists_any(custom -> ${key}::text, ${list})
          RETURNING 1)
        SELECT count(*)::int AS n FROM changed`)
    : await rows<{ n: number }>(ex, sql`
        WITH changed AS (
          UPDATE ${TABLES[entity]} SET custom = custom - ${key}::text
          WHERE workspace_id = ${workspaceId} AND custom ->> ${key}::text = ANY(${list})
          RETURNING 1)
        SELECT count(*)::int AS n FROM changed`);
  return r[0]?.n ?? 0;
}

function textArray(values: string[]) {
  return sql`ARRAY[${sql.join(values.map((v) => sql`${v}::text`), sql`, `)}]::text[]`;
}

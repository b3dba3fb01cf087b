// Records the SQL a service call sends (text, parameters, time), so the slowest calls can be broken down into their
// queries and each one EXPLAINed with its real parameters.
import type { Database } from '../../server/src/db/client.ts';

export interface CapturedQuery { text: string; values: unknown[]; ms: number }

/** Runs `fn` and returns the queries it sent to the database (both drivers). */
export async function captureQueries<T>(database: Database, fn: () => Promise<T>): Promise<{ result: T; queries: CapturedQuery[] }> {
  const queries: CapturedQuery[] = [];
  const target = (database.kind === 'postgres' ? database.pool! : database.pglite!) as unknown as { query: (...a: unknown[]) => Promise<unknown> };
  const original = target.query;
  target.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text: string; values?: unknown[] };
    const text = typeof first === 'string' ? first : first.text;
    const values = ((typeof first === 'string' ? undefined : first.values) ?? args[1] ?? []) as unknown[];
    const t = performance.now();
    const out = original.apply(this, args) as Promise<unknown>;
    return out.then((r) => { queries.push({ text, values, ms: performance.now() - t }); return r; });
  };
  try {
    return { result: await fn(), queries };
  } finally {
    target.query = original;
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of a captured query, as text. */
export async function explainCaptured(database: Database, q: CapturedQuery): Promise<string> {
  const text = `EXPLAIN (ANALYZE, BUFFERS) ${q.text}`;
  if (database.kind === 'postgres') {
    const r = await database.pool!.query<{ 'QUERY PLAN': string }>(text, q.values);
    return r.rows.map((x) => x['QUERY PLAN']).join('\n');
  }
  const r = await database.pglite!.query<{ 'QUERY PLAN': string }>(text, q.values);
  return r.rows.map((x) => x['QUERY PLAN']).join('\n');
}

/** The first line of a query, shortened, for a table. */
export function shortSql(text: string, width = 70): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > width ? `${one.slice(0, width - 1)}…` : one;
}

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT, type PgTransaction } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** The database or an open transaction: repos accept either. */
export type Executor = Db | PgTransaction<PgQueryResultHKT, Schema>;

export type DatabaseConfig =
  | { kind: 'postgres'; url: string; poolSize?: number }
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob };

/** One open database: drizzle on node-postgres or on embedded PGlite, with the same schema. */
export interface Database {
  kind: 'postgres' | 'pglite';
  db: Db;
  pool?: pg.Pool;
  pglite?: PGlite;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

// int8 as a JS number (counts and sizes here stay far below 2^53); dates stay strings.
pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);

/** Opens the database the config names. */
export async function openDatabase(cfg: DatabaseConfig): Promise<Database> {
  if (cfg.kind === 'postgres') {
    // JIT never pays off for Parley's short queries and cost 90-130 ms on every query whose estimate passed
    // jit_above_cost (broad searches at 1M people, bench/RESULTS.md): off for Parley's own connections.
    const pool = new pg.Pool({ connectionString: cfg.url, max: cfg.poolSize ?? 10, options: '-c jit=off' });
    // An idle connection that PostgreSQL ends (a restart, a terminated backend) must not crash the process: the pool
    // drops it and the next query opens a new one.
    pool.on('error', () => undefined);
    const db = drizzlePg(pool, { schema }) as unknown as Db;
    return { kind: 'postgres', db, pool, close: () => pool.end() };
  }
  if (cfg.dataDir) await mkdir(cfg.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(cfg.dataDir ? { dataDir: cfg.dataDir } : {}),
    ...(cfg.loadDataDir ? { loadDataDir: cfg.loadDataDir } : {}),
    extensions: { pg_trgm },
  });
  const db = drizzlePglite(pglite, { schema }) as unknown as Db;
  return { kind: 'pglite', db, pglite, close: () => pglite.close() };
}

/** Applies the SQL migrations; on PostgreSQL under an advisory lock so several processes may start at once. */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === 'pglite') {
    await migratePglite(database.db as never, { migrationsFolder });
    return;
  }
  const client = await database.pool!.connect();
  try {
    await client.query('SELECT pg_advisory_lock(7243001)');
    await migratePg(drizzlePg(client) as never, { migrationsFolder });
  } finally {
    await client.query('SELECT pg_advisory_unlock(7243001)').catch(() => undefined);
    client.release();
  }
}

/** True when the database answers and every migration is applied. */
export async function isReady(database: Database): Promise<boolean> {
  try {
    const [r] = await rows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`);
    const { readMigrationFiles } = await import('drizzle-orm/migrator');
    return Number(r?.n) >= readMigrationFiles({ migrationsFolder }).length;
  } catch {
    return false;
  }
}

/** Rows of a raw query, the same shape on both drivers. */
export async function rows<T>(ex: Executor, query: ReturnType<typeof sql>): Promise<T[]> {
  const res = (await ex.execute(query)) as unknown as { rows: T[] };
  return res.rows;
}

const dialect = new PgDialect();

/**
 * Rows of a hot read, outside any transaction. On PostgreSQL it runs as a named prepared statement (named by a hash
 * of its text; node-postgres prepares it once per connection), so the planner does not parse and plan it again on
 * every call: planning was ~60 % of the people list query's cost with 12 indexes to consider (bench/RESULTS.md).
 * `prepare: false` for queries whose text varies without bound (each text would stay prepared on every connection).
 */
export async function preparedRows<T>(database: Database, query: SQL, prepare = true): Promise<T[]> {
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (database.kind === 'pglite') return (await database.pglite!.query<T>(text, params)).rows;
  const name = prepare ? `parley_${createHash('sha1').update(text).digest('base64url')}` : undefined;
  return (await database.pool!.query<T & pg.QueryResultRow>({ ...(name ? { name } : {}), text, values: params })).rows;
}

/**
 * A hot statement: SQL whose text never changes, with positional parameters. On PostgreSQL it is a named prepared
 * statement (parsed and planned once per connection); many rows go in as arrays and are unnested in the SQL, so one
 * text serves any batch size. Used where a statement runs for every delivery or every batch of the ingestion
 * pipeline: building a multi-row INSERT with the query builder cost more CPU than PostgreSQL's work on it
 * (bench/RESULTS.md, inbox ingestion).
 */
export interface Statement { name: string; text: string }

/** Declares a hot statement (at module load; the name is a hash of the text). */
export function statement(text: string): Statement {
  return { name: `parley_${createHash('sha1').update(text).digest('base64url')}`, text };
}

type RawClient = { query: (...args: unknown[]) => Promise<{ rows: unknown[] }> };

/** The driver's own client behind the database or a transaction (node-postgres pool/client, PGlite or its transaction). */
function rawClient(ex: Executor | Database): { pglite: boolean; client: RawClient } {
  if ('kind' in ex && (ex.kind === 'postgres' || ex.kind === 'pglite') && 'db' in ex) {
    return ex.kind === 'postgres' ? { pglite: false, client: ex.pool as unknown as RawClient } : { pglite: true, client: ex.pglite as unknown as RawClient };
  }
  const client = (ex as unknown as { session: { client: RawClient } }).session.client;
  return { pglite: !(client instanceof pg.Pool || client instanceof pg.Client), client };
}

/** Runs a hot statement on the database or in the caller's transaction; answers its rows. */
export async function run<T>(ex: Executor | Database, st: Statement, values: readonly unknown[]): Promise<T[]> {
  const { pglite, client } = rawClient(ex);
  if (pglite) return (await client.query(st.text, values)).rows as T[];
  return (await client.query({ name: st.name, text: st.text, values })).rows as T[];
}

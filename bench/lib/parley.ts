// Parley as the benchmarks run it: boot() with its real Deps, a workspace like the demo one, and a fast bulk loader
// for people whose rows are made by the server's own buildContactRow (so every search column is what Parley writes).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sql } from 'drizzle-orm';
import type pg from 'pg';
import { from } from 'pg-copy-streams';
import { boot } from '../../server/src/boot.ts';
import { loadConfig } from '../../server/src/config.ts';
import { rows } from '../../server/src/db/client.ts';
import { apiTokens, companies, customFields } from '../../server/src/db/schema.ts';
import type { Deps } from '../../server/src/deps.ts';
import { buildCompanyRow } from '../../server/src/domains/contacts/service.ts';
import { createUser, createWorkspace, newApiTokenSecret } from '../../server/src/domains/workspace/service.ts';
import { newId } from '../../server/src/lib/ids.ts';
import type { Actor } from '../../server/src/policies/actor.ts';
import { ms, silentLogger } from './common.ts';
import { COPY_COLUMNS, baseData } from './data.ts';

export type Parley = Deps & { close(): Promise<void> };

/** Boots Parley on a PostgreSQL database (url) or on embedded PGlite (a fresh temporary data directory). */
export async function bootParley(db: { postgres: string; poolSize?: number } | { pglite: true }, opts: { work?: boolean } = {}): Promise<Parley & { dataDir: string }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-'));
  const env: Record<string, string> = { LOG_LEVEL: 'silent', PARLEY_DEMO: 'false', PARLEY_DATA_DIR: dataDir, NODE_ENV: 'production' };
  if ('postgres' in db) {
    env.DATABASE_URL = db.postgres;
    if (db.poolSize) env.DATABASE_POOL_SIZE = String(db.poolSize);
  }
  const config = loadConfig(env);
  const parley = await boot(config, await silentLogger(), { work: opts.work ?? false });
  return Object.assign(parley, { dataDir });
}

/** What a loaded benchmark workspace consists of. */
export interface BenchWorkspace {
  workspaceId: string;
  adminId: string;
  adminEmail: string;
  password: string;
  userIds: string[];
  actor: Actor;
  /** Bearer token of the admin. */
  token: string;
  companies: { id: string; name: string }[];
  defs: (typeof customFields.$inferSelect)[];
}

export const BENCH_PASSWORD = 'bench-password-2026';

/** A workspace like the demo's: its staff as users, its custom fields and 1,000 companies. No people yet. */
export async function createBenchWorkspace(deps: Deps, slug = 'bench'): Promise<BenchWorkspace> {
  const data = baseData();
  const ws = await createWorkspace(deps.db, { name: `Bench ${slug}`, slug, defaultLanguage: 'de' });
  const userIds: string[] = [];
  for (const u of data.users) {
    userIds.push((await createUser(deps.db, { workspaceId: ws.id, email: u.email, name: u.name, role: u.role, password: BENCH_PASSWORD, language: u.language })).id);
  }
  const adminIndex = data.users.findIndex((u) => u.role === 'admin');
  const defs = await deps.db.insert(customFields).values(data.customFields.map((f, position) => ({
    workspaceId: ws.id, id: newId(), entity: f.appliesTo, key: f.key, label: f.label, type: f.type, options: f.options ?? [], position,
  }))).returning();
  const companyRows = data.companies.map((c) => buildCompanyRow(ws.id, {
    name: c.name, domain: c.domain, website: c.website, phone: c.phone, industry: c.industry, size: c.size,
    addresses: c.addresses, tags: c.tags, custom: c.custom,
  }, defs, c.ownerIndex === undefined ? null : userIds[c.ownerIndex]!, c.createdAt));
  for (let i = 0; i < companyRows.length; i += 500) await deps.db.insert(companies).values(companyRows.slice(i, i + 500));
  const adminId = userIds[adminIndex]!;
  const { secret, hash } = newApiTokenSecret(ws.id);
  await deps.db.insert(apiTokens).values({ workspaceId: ws.id, id: newId(), userId: adminId, name: 'bench', tokenHash: hash });
  return {
    workspaceId: ws.id, adminId, adminEmail: data.users[adminIndex]!.email, password: BENCH_PASSWORD, userIds,
    actor: { workspaceId: ws.id, userId: adminId, role: 'admin', kind: 'user', language: 'de' },
    token: secret, companies: companyRows.map((c) => ({ id: c.id!, name: c.name })), defs,
  };
}

/** What the row-building workers need to know of the workspace. */
export interface WorkerInput { workspaceId: string; userIds: string[]; companies: { id: string; name: string }[]; defs: BenchWorkspace['defs'] }

/**
 * Builds the COPY text of people [from, to) in worker threads (buildContactRow costs ~50 µs a row), in chunks,
 * and hands each chunk to `sink` as it is ready (not necessarily in order).
 */
export async function buildCopyChunks(ws: BenchWorkspace, from: number, to: number, sink: (text: string, rows: number) => Promise<void>, opts: { workers?: number; chunk?: number } = {}): Promise<void> {
  const input: WorkerInput = { workspaceId: ws.workspaceId, userIds: ws.userIds, companies: ws.companies, defs: ws.defs };
  const chunk = opts.chunk ?? 5000;
  const ranges: [number, number][] = [];
  for (let s = from; s < to; s += chunk) ranges.push([s, Math.min(to, s + chunk)]);
  const count = Math.max(1, Math.min(opts.workers ?? 2, ranges.length));
  let next = 0;
  let failed: unknown;
  // Serialise the sink: one chunk goes into COPY at a time, while the workers build the next ones.
  let sinking = Promise.resolve();
  await Promise.all(Array.from({ length: count }, () => new Promise<void>((resolve, reject) => {
    const worker = new Worker(new URL('./build-worker.ts', import.meta.url), { workerData: input });
    const ask = () => {
      if (failed || next >= ranges.length) {
        void worker.terminate().then(() => resolve());
        return;
      }
      const [a, b] = ranges[next++]!;
      worker.postMessage({ from: a, to: b });
    };
    worker.on('message', (m: { text: string; rows: number }) => {
      sinking = sinking.then(() => sink(m.text, m.rows));
      // Ask for the next chunk only once this one is in: bounded memory, and COPY sets the pace.
      sinking.then(ask, (err) => { failed = err; reject(err as Error); });
    });
    worker.on('error', (err) => { failed = err; reject(err); });
    ask();
  })));
  await sinking;
}

/** Index definitions of a table except its primary key. */
async function secondaryIndexes(client: pg.ClientBase, table: string): Promise<{ name: string; def: string }[]> {
  const r = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
     WHERE i.tablename = $1 AND NOT x.indisprimary ORDER BY i.indexname`, [table]);
  return r.rows.map((x) => ({ name: x.indexname, def: x.indexdef }));
}

export interface LoadReport { rows: number; copySeconds: number; indexSeconds: Record<string, number>; vacuumSeconds: number; total: number }

/**
 * Loads `count` people into PostgreSQL the way a restore does: secondary indexes dropped, COPY, indexes rebuilt,
 * VACUUM ANALYZE. Rows come from buildContactRow (in workers), so every derived column is Parley's own.
 */
export async function loadContactsPostgres(deps: Deps, ws: BenchWorkspace, count: number, log = console.log): Promise<LoadReport> {
  const t0 = performance.now();
  const client = await deps.database.pool!.connect();
  try {
    const indexes = await secondaryIndexes(client, 'contacts');
    for (const i of indexes) await client.query(`DROP INDEX ${i.name}`);
    const stream = client.query(from(`COPY contacts (${COPY_COLUMNS.join(', ')}) FROM STDIN`));
    const done = new Promise<void>((resolve, reject) => { stream.on('finish', resolve); stream.on('error', reject); });
    let loaded = 0;
    let lastLog = performance.now();
    const tCopy = performance.now();
    await buildCopyChunks(ws, 0, count, async (text, n) => {
      if (!stream.write(text)) await new Promise((r) => stream.once('drain', r));
      loaded += n;
      if (performance.now() - lastLog > 15_000) {
        lastLog = performance.now();
        log(`  … ${loaded.toLocaleString('en-US')} people (${Math.round(loaded / (ms(tCopy) / 1000)).toLocaleString('en-US')}/s)`);
      }
    });
    stream.end();
    await done;
    const copySeconds = ms(tCopy) / 1000;
    log(`  COPY of ${count.toLocaleString('en-US')} people: ${copySeconds.toFixed(1)} s`);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    const indexSeconds: Record<string, number> = {};
    for (const i of indexes) {
      const t = performance.now();
      await client.query(i.def);
      indexSeconds[i.name] = ms(t) / 1000;
    }
    log(`  indexes rebuilt: ${Object.entries(indexSeconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
    // BENCH_DROP_INDEXES=a,b measures without those indexes (before/after of an index change).
    for (const name of (process.env.BENCH_DROP_INDEXES ?? '').split(',').filter(Boolean)) {
      if (!/^[a-z_]+$/.test(name)) throw new Error(`bad index name ${name}`);
      await client.query(`DROP INDEX IF EXISTS ${name}`);
      log(`  dropped index ${name} (BENCH_DROP_INDEXES)`);
    }
    const tv = performance.now();
    await client.query('VACUUM ANALYZE contacts');
    await client.query('VACUUM ANALYZE companies');
    await client.query('VACUUM ANALYZE name_words');
    const vacuumSeconds = ms(tv) / 1000;
    return { rows: count, copySeconds, indexSeconds, vacuumSeconds, total: ms(t0) / 1000 };
  } finally {
    client.release();
  }
}

/** Loads `count` people into PGlite the same way (COPY from a blob, in slices to bound memory). */
export async function loadContactsPglite(deps: Deps, ws: BenchWorkspace, count: number, log = console.log): Promise<LoadReport> {
  const t0 = performance.now();
  const lite = deps.database.pglite!;
  const idx = (await lite.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
     WHERE i.tablename = 'contacts' AND NOT x.indisprimary ORDER BY i.indexname`)).rows;
  for (const i of idx) await lite.exec(`DROP INDEX ${i.indexname}`);
  const tCopy = performance.now();
  let parts: string[] = [];
  let partRows = 0;
  const flush = async () => {
    if (!partRows) return;
    const blob = new Blob(parts);
    parts = [];
    partRows = 0;
    await lite.query(`COPY contacts (${COPY_COLUMNS.join(', ')}) FROM '/dev/blob'`, [], { blob });
  };
  await buildCopyChunks(ws, 0, count, async (text, n) => {
    parts.push(text);
    partRows += n;
    if (partRows >= 20_000) await flush();
  });
  await flush();
  const copySeconds = ms(tCopy) / 1000;
  log(`  COPY of ${count.toLocaleString('en-US')} people into PGlite: ${copySeconds.toFixed(1)} s`);
  const indexSeconds: Record<string, number> = {};
  await lite.exec(`SET maintenance_work_mem = '256MB'`);
  for (const i of idx) {
    const t = performance.now();
    await lite.exec(i.indexdef);
    indexSeconds[i.indexname] = ms(t) / 1000;
  }
  log(`  indexes rebuilt: ${Object.entries(indexSeconds).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')}`);
  const tv = performance.now();
  await lite.exec('VACUUM ANALYZE contacts');
  await lite.exec('VACUUM ANALYZE companies');
  await lite.exec('VACUUM ANALYZE name_words');
  return { rows: count, copySeconds, indexSeconds, vacuumSeconds: ms(tv) / 1000, total: ms(t0) / 1000 };
}

/** Number of people in a workspace (exact). */
export async function countPeople(deps: Deps, workspaceId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(deps.db, sql`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = ${workspaceId}`);
  return r?.n ?? 0;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a query on a pg client, as text. */
export async function explain(client: pg.ClientBase, query: string, params: unknown[]): Promise<string> {
  const r = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${query}`, params);
  return r.rows.map((x) => x['QUERY PLAN']).join('\n');
}

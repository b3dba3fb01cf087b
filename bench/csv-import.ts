// CSV import throughput on PostgreSQL through Parley's real import path, with the raw COPY of the same data beside it.
//
// Goal (issue): ≥ 20,000 rows/s, in constant memory. The path: uploadImport (stores the file, detects the format,
// suggests the mapping, previews) → startImport (queues the job) → runImport, the job's own code, called directly
// with the Deps of boot() (no worker polling in between). References in the same run: COPY of the CSV file into a
// bare table with its 16 text columns (the physical limit), and COPY of the imported rows into a copy of Parley's
// contacts table with all its indexes and its name-words trigger (the database's share of the cost).
//
//   npx tsx bench/csv-import.ts        BENCH_IMPORT_ROWS=200000 (200,000 … 1,000,000)
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { rows } from '../server/src/db/client.ts';
import { getImport, runImport, startImport, uploadImport } from '../server/src/domains/contacts/import-service.ts';
import { createDatabase, dropDatabase, fmt, mib, ms, printMachine, printTable, RssSampler, saveResult, verdict } from './lib/common.ts';
import { baseData, COPY_COLUMNS, CSV_HEADER, csvLine, personAt } from './lib/data.ts';
import { bootParley, createBenchWorkspace, type BenchWorkspace, type Parley } from './lib/parley.ts';
import { profile, type ProfileSummary } from './lib/profile.ts';

const N = Number(process.env.BENCH_IMPORT_ROWS ?? 200_000);
const GOAL = 20_000;
const DB = 'parley_bench_import';

/** Writes the import file: a generic spreadsheet export of people N0..N0+count-1. */
async function writeCsv(file: string, ws: BenchWorkspace, first: number, count: number): Promise<number> {
  const base = baseData().contacts;
  const out = createWriteStream(file);
  out.write(`${CSV_HEADER.join(',')}\r\n`);
  for (let i = first; i < first + count; i++) {
    const p = personAt(base, i);
    const line = csvLine(p, p.companyIndex === undefined ? undefined : ws.companies[p.companyIndex]?.name);
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(file).size;
}

/** Time spent waiting on each kind of statement (all pg clients of the process: pool, transactions, pg-boss). */
function statementTimer() {
  const byKind = new Map<string, { n: number; ms: number }>();
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text;
    const out = original.apply(this, args);
    if (!text || !(out instanceof Promise)) return out;
    const kind = text.replace(/\s+/g, ' ').replace(/\(.*$/, '').replace(/ (values|where|set|from \(|returning).*$/i, '').slice(0, 60).trim();
    const t = performance.now();
    return out.then((r) => {
      const k = byKind.get(kind) ?? { n: 0, ms: 0 };
      k.n++;
      k.ms += performance.now() - t;
      byKind.set(kind, k);
      return r;
    });
  };
  return { byKind, restore: () => { proto.query = original; } };
}

/**
 * CPU seconds the server processes of this database have used (utime + stime from /proc), when PostgreSQL runs on this
 * machine; undefined otherwise. With the import's own CPU it shows which side limits the import.
 */
async function backendCpuSeconds(parley: Parley): Promise<number | undefined> {
  const pids = await rows<{ pid: number }>(parley.db, sql`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
  let total = 0;
  for (const { pid } of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks (USER_HZ = 100 on Linux)
    } catch {
      if (pid === pids[0]?.pid) return undefined; // not on this machine
    }
  }
  return total;
}

/** Upload + start + runImport of one file; the figures of one run. */
async function importFile(parley: Parley, ws: BenchWorkspace, file: string) {
  const tUp = performance.now();
  const up = await uploadImport(parley, ws.actor, { filename: 'people.csv', stream: createReadStream(file), truncated: () => false });
  const uploadMs = ms(tUp);
  await startImport(parley, ws.actor, up.id, { dryRun: false, onDuplicate: 'update' });
  return { up, uploadMs };
}

/** A CPU profile of runImport on a further file: where the Node side spends its time, by library and by function. */
async function profileImport(parley: Parley, ws: BenchWorkspace, dir: string, first: number, count: number): Promise<ProfileSummary> {
  const file = path.join(dir, 'profile.csv');
  await writeCsv(file, ws, first, count);
  const { up } = await importFile(parley, ws, file);
  const { summary } = await profile(() => runImport(parley, { workspaceId: ws.workspaceId, importId: up.id }), [
    'mapRows', 'prepareRow', 'writeBatch', 'buildContactRow', 'newId', 'normalizePhone', 'contactSearchColumns', 'insertContactRows', 'sqlToQuery',
    'findContactsByEmail', 'submit', 'parseRow',
  ]);
  return summary;
}

async function main() {
  const machine = await printMachine(`csv-import: ${N.toLocaleString('en-US')} rows through the import job, PostgreSQL`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-import-'));
  const url = await createDatabase(DB);
  const parley = await bootParley({ postgres: url });
  const result: Record<string, unknown> = { machine, rows: N };
  try {
    const ws = await createBenchWorkspace(parley);
    const file = path.join(dir, 'people.csv');
    const tGen = performance.now();
    const bytes = await writeCsv(file, ws, 0, N);
    console.log(`\nGenerated ${file}: ${N.toLocaleString('en-US')} rows, ${fmt(mib(bytes))} MiB, in ${fmt(ms(tGen) / 1000)} s`);

    // Parley's import path
    const { up, uploadMs } = await importFile(parley, ws, file);
    console.log(`Upload (store + detect + suggest mapping + preview): ${fmt(uploadMs)} ms; preset ${up.preset}; mapping: ${
      (up.mapping ?? []).map((c) => `${c.header}→${c.target}`).join(', ')}`);
    const unmapped = (up.mapping ?? []).filter((c) => c.target === 'ignore').map((c) => c.header);
    if (unmapped.length) console.log(`  (ignored columns: ${unmapped.join(', ')})`);
    const scans = async () => (await rows<{ seq: number; seqRows: number; idx: number }>(parley.db, sql`
      SELECT seq_scan AS seq, seq_tup_read AS "seqRows", coalesce(idx_scan, 0) AS idx FROM pg_stat_user_tables WHERE relname = 'contacts'`))[0]!;
    const scans0 = await scans();
    // What autovacuum would do during a long import (analyze after 50 + 10 % changed rows, checked every minute). This
    // server runs with autovacuum = off; without fresh statistics the e-mail lookup of every batch becomes a
    // sequential scan of the growing table. The analyzes are counted and timed apart.
    const [{ on } = { on: 'on' }] = await rows<{ on: string }>(parley.db, sql`SELECT current_setting('autovacuum') AS on`);
    let analyzes = 0;
    let analyzeMs = 0;
    const standIn = on === 'off' && process.env.BENCH_AUTOANALYZE !== '0' ? setInterval(() => {
      void (async () => {
        const [st] = await rows<{ changed: number; tuples: number }>(parley.db, sql`
          SELECT n_mod_since_analyze AS changed, (SELECT reltuples FROM pg_class WHERE relname = 'contacts') AS tuples FROM pg_stat_user_tables WHERE relname = 'contacts'`);
        if (!st || Number(st.changed) < 50 + 0.1 * Math.max(0, Number(st.tuples))) return;
        const t = performance.now();
        await parley.db.execute(sql`ANALYZE contacts`);
        analyzes++;
        analyzeMs += ms(t);
      })().catch(() => undefined);
    }, 60_000) : undefined;
    if (on === 'off') console.log(`autovacuum is off on this server: ${standIn ? 'the benchmark runs its ANALYZE (every 60 s when 10 % changed) in its place' : 'BENCH_AUTOANALYZE=0: no analyze during the import'}`);
    global.gc?.();
    const rss = new RssSampler();
    const rssStart = rss.sample();
    rss.start(100);
    const timer = statementTimer();
    const cpu0 = process.cpuUsage();
    const pg0 = await backendCpuSeconds(parley);
    const elu0 = performance.eventLoopUtilization();
    const t0 = performance.now();
    await runImport(parley, { workspaceId: ws.workspaceId, importId: up.id });
    const importMs = ms(t0);
    clearInterval(standIn);
    const cpu = process.cpuUsage(cpu0);
    const elu = performance.eventLoopUtilization(elu0);
    const pg1 = await backendCpuSeconds(parley);
    const pgCpuS = pg0 === undefined || pg1 === undefined ? undefined : pg1 - pg0;
    timer.restore();
    const peak = rss.stop();
    const imp = await getImport(parley, ws.actor, up.id);
    await new Promise((r) => setTimeout(r, 700)); // the statistics collector reports with a delay
    const scans1 = await scans();
    const seqScans = Number(scans1.seq) - Number(scans0.seq);
    const seqRows = Number(scans1.seqRows) - Number(scans0.seqRows);
    const [{ n: people } = { n: 0 }] = await rows<{ n: number }>(parley.db, sql`SELECT count(*)::int AS n FROM contacts WHERE workspace_id = ${ws.workspaceId}`);
    const rate = imp.rowsTotal / (importMs / 1000);
    const dbMs = [...timer.byKind.values()].reduce((a, b) => a + b.ms, 0);
    console.log(`\nImport ${imp.status}: ${imp.rowsTotal.toLocaleString('en-US')} rows (${imp.rowsCreated.toLocaleString('en-US')} created, ${imp.rowsUpdated} updated, ${imp.rowsFailed} failed); ${people.toLocaleString('en-US')} people in the workspace`);
    const quarter = (q: number) => rss.samples[Math.min(rss.samples.length - 1, Math.floor((q * rss.samples.length) / 4))]?.rss ?? Number.NaN;
    console.log(`RSS: ${fmt(mib(rssStart))} MiB before, ${[1, 2, 3].map((q) => fmt(mib(quarter(q)))).join(' / ')} MiB at 25/50/75 %, peak ${fmt(mib(peak))} MiB`);
    console.log(`Node CPU during the import: ${fmt((cpu.user + cpu.system) / 1000 / importMs * 100)} % of one core (user ${fmt(cpu.user / 1e6)} s, system ${fmt(cpu.system / 1e6)} s over ${fmt(importMs / 1000)} s wall; ${fmt((cpu.user + cpu.system) / imp.rowsTotal)} µs a row); main thread busy ${fmt(elu.utilization * 100)} % of the wall time`);
    if (pgCpuS !== undefined) console.log(`PostgreSQL backends of this database: ${fmt((pgCpuS * 1000 / importMs) * 100)} % of one core, ${fmt((pgCpuS * 1e6) / imp.rowsTotal)} µs a row`);
    printTable('Where the import waits on the database (sum of statement round trips)', ['statement', 'count', 'total s', 'ms each', '% of wall'],
      [...timer.byKind].sort((a, b) => b[1].ms - a[1].ms).slice(0, 10).map(([k, v]) => [k, v.n, v.ms / 1000, v.ms / v.n, (100 * v.ms) / importMs]));
    console.log(`Database round trips: ${fmt(dbMs / 1000)} s of ${fmt(importMs / 1000)} s (${fmt((100 * dbMs) / importMs)} %); the import builds the next batch meanwhile, so a reply may also wait for the thread.`);
    console.log(`contacts during the import: ${seqScans} sequential scans reading ${seqRows.toLocaleString('en-US')} rows, ${Number(scans1.idx) - Number(scans0.idx)} index scans; ${analyzes} ANALYZE (${fmt(analyzeMs / 1000)} s)`);

    // Reference A: the CSV file itself into a bare table with its columns
    const client = await parley.database.pool!.connect();
    let refA = 0;
    let refB = 0;
    try {
      const cols = CSV_HEADER.map((_, i) => `c${i} text`).join(', ');
      await client.query(`CREATE TABLE bench_raw_csv (${cols})`);
      const tA = performance.now();
      await pipeline(createReadStream(file), client.query(copyFrom(`COPY bench_raw_csv FROM STDIN WITH (FORMAT csv, HEADER true)`)));
      refA = N / (ms(tA) / 1000);
      // Reference B: the imported rows into a copy of contacts with every index (and the generated tsvector)
      await client.query('CREATE TABLE bench_contacts_copy (LIKE contacts INCLUDING ALL)');
      // LIKE copies no triggers: the one that keeps the dictionary of name words is part of what a write to contacts costs.
      await client.query(`CREATE TRIGGER bench_copy_name_words AFTER INSERT ON bench_contacts_copy REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION parley_name_words_inserted()`);
      const reader = await parley.database.pool!.connect();
      try {
        const tB = performance.now();
        await pipeline(
          reader.query(copyTo(`COPY (SELECT ${COPY_COLUMNS.join(', ')} FROM contacts WHERE workspace_id = '${ws.workspaceId}') TO STDOUT`)),
          client.query(copyFrom(`COPY bench_contacts_copy (${COPY_COLUMNS.join(', ')}) FROM STDIN`)),
        );
        refB = people / (ms(tB) / 1000);
      } finally {
        reader.release();
      }
    } finally {
      client.release();
    }

    // Follow-up work the import queued: timeline entries and audit rows for every imported person (event handlers).
    const [{ n: queued } = { n: 0 }] = await rows<{ n: number }>(parley.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'event.%' AND state = 'created'`);
    const worker = await bootParley({ postgres: url }, { work: true });
    const tDrain = performance.now();
    for (;;) {
      const [{ n } = { n: 0 }] = await rows<{ n: number }>(parley.db, sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name LIKE 'event.%' AND state IN ('created', 'retry', 'active')`);
      if (n === 0 || ms(tDrain) > 300_000) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const drainMs = ms(tDrain);
    await worker.close();
    rmSync(worker.dataDir, { recursive: true, force: true });

    let prof: ProfileSummary | undefined;
    if (rate < GOAL) {
      const rows = Math.min(20_000, N);
      prof = await profileImport(parley, ws, dir, 2_000_000, rows);
      printTable(`CPU profile of runImport, ${rows.toLocaleString('en-US')} more rows: time by library (self time; µs a row)`, ['where', 'ms', '%', 'µs/row'],
        prof.byLibrary.slice(0, 12).map((p) => [p.name, p.ms, p.pct, (p.ms * 1000) / rows]));
      printTable('… and in these functions (inclusive time)', ['function', 'ms', '%', 'µs/row'], prof.functions.map((p) => [p.name, p.ms, p.pct, (p.ms * 1000) / rows]));
    }

    printTable('SUMMARY csv-import.ts', ['figure', 'measured', 'goal', 'verdict'], [
      [`import rows/s (${N.toLocaleString('en-US')} rows, Parley import job)`, fmt(rate), `≥ ${GOAL.toLocaleString('en-US')}`, verdict(rate, GOAL, 'min')],
      ['peak RSS during the import', `${fmt(mib(peak))} MiB`, 'constant', `${fmt(mib(peak - rssStart))} MiB above the start`],
      ['reference A: COPY of the CSV into a bare 16-column table', `${fmt(refA)} rows/s`, '–', `${fmt(refA / rate)}× the import`],
      ['reference B: COPY of the same people into contacts (all indexes)', `${fmt(refB)} rows/s`, '–', `${fmt(refB / rate)}× the import`],
      [`follow-up event jobs (${queued} timeline/audit/webhook jobs)`, `${fmt(drainMs / 1000)} s`, '–', `${fmt(people / (drainMs / 1000))} people/s`],
    ]);
    Object.assign(result, {
      bytes, uploadMs, importMs, rate, status: imp.status, rowsTotal: imp.rowsTotal, created: imp.rowsCreated, updated: imp.rowsUpdated, failed: imp.rowsFailed,
      seqScans, seqRows, analyzes, analyzeMs, autovacuum: on, rssStartMiB: mib(rssStart), rssPeakMiB: mib(peak), nodeCpuPct: ((cpu.user + cpu.system) / 1000 / importMs) * 100, dbWaitPct: (100 * dbMs) / importMs,
      mainThreadBusyPct: elu.utilization * 100, pgBackendCpuUsPerRow: pgCpuS === undefined ? null : (pgCpuS * 1e6) / imp.rowsTotal,
      statements: Object.fromEntries(timer.byKind), refCsvCopy: refA, refContactsCopy: refB, eventJobs: queued, drainMs, profile: prof,
    });
    saveResult('csv-import', result);
  } finally {
    await parley.close();
    await dropDatabase(DB);
    rmSync(dir, { recursive: true, force: true });
    rmSync(parley.dataDir, { recursive: true, force: true });
  }
}

await main();

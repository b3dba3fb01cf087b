// Requests per second of the people list endpoint, against a real listening server, with a bare Fastify route beside it.
//
// Goal (issue): GET /api/contacts ≥ 2,000 requests/s with `autocannon -c 50 -d 10`, Bearer API token. The server is
// buildApp() on boot()'s Deps, listening on 127.0.0.1, in this process; autocannon runs as a child process (client and
// server share the machine's 2 cores, as in STACK-NOTES §6). Reference in the same run: a bare Fastify instance with
// GET /bare returning a constant. Extra rows split the cost: /api/health (Parley's plugins and hooks, no database),
// a deep cursor page, the count endpoint (the list header's total), and the list with request logging on (LOG_LEVEL=info into /dev/null).
//
//   npx tsx bench/http.ts              BENCH_HTTP_ROWS=100000 BENCH_HTTP_SECONDS=10
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import pino from 'pino';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/src/app.ts';
import { rows } from '../server/src/db/client.ts';
import { benchDir, createDatabase, dropDatabase, fmt, printMachine, printTable, saveResult, verdict } from './lib/common.ts';
import { bootParley, createBenchWorkspace, loadContactsPostgres } from './lib/parley.ts';
import { profile } from './lib/profile.ts';

const N = Number(process.env.BENCH_HTTP_ROWS ?? 100_000);
const SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const CONNECTIONS = 50;
const GOAL = 2000;
const DB = 'parley_bench_http';
const run = promisify(execFile);
const autocannonBin = path.join(benchDir, '..', 'node_modules', '.bin', 'autocannon');

// The list's first page as raw SQL (the columns repo.listContacts reads), for the /bare-page reference.
const LIST_SQL = `SELECT c.id, c.first_name, c.last_name, c.email, c.phone, c.first_phone, c.company_id, c.company_name,
  c.job_title, c.city, c.lifecycle_stage, c.owner_id, array_to_json(c.tags) AS tags, c.custom,
  (c.created_at AT TIME ZONE 'UTC')::text AS created_at, (c.updated_at AT TIME ZONE 'UTC')::text AS updated_at, c.sort_name AS k
  FROM contacts c WHERE c.workspace_id = $1::uuid AND c.merged_into IS NULL ORDER BY c.sort_name, c.id LIMIT 51`;

interface Cannon { rps: number; p50: number; p99: number; errors: number; non2xx: number; timeouts: number; total: number }

/** One autocannon run (child process): 2 s warm-up, then -c 50 -d SECONDS. */
async function cannon(url: string, headers: Record<string, string> = {}): Promise<Cannon> {
  const h = Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  await run(autocannonBin, ['-c', String(CONNECTIONS), '-d', '2', '-j', ...h, url], { maxBuffer: 64 << 20 });
  const { stdout } = await run(autocannonBin, ['-c', String(CONNECTIONS), '-d', String(SECONDS), '-j', ...h, url], { maxBuffer: 64 << 20 });
  const r = JSON.parse(stdout) as {
    requests: { average: number; total: number }; latency: { p50: number; p99: number }; errors: number; non2xx: number; timeouts: number; duration: number;
  };
  return { rps: r.requests.total / r.duration, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx, timeouts: r.timeouts, total: r.requests.total };
}

/** CPU seconds used so far by the PostgreSQL backends serving one database (from /proc; Linux only). */
function postgresCpu(db: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${db} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}

/**
 * CPU time one request costs, without HTTP and without autocannon: `count` requests through Fastify's inject, 10 at a
 * time, with the Node process's CPU and the database backends' CPU measured, and a profile of where Node's goes.
 */
async function cpuPerRequest(app: Awaited<ReturnType<typeof buildApp>>, url: string, headers: Record<string, string>, count = 1000) {
  for (let i = 0; i < 100; i++) await app.inject({ url, headers });
  const run = async () => {
    await Promise.all(Array.from({ length: 10 }, async (_, k) => {
      for (let i = k; i < count; i += 10) {
        const r = await app.inject({ url, headers });
        if (r.statusCode !== 200) throw new Error(`${url}: ${r.statusCode}`);
      }
    }));
  };
  const pg0 = postgresCpu(DB);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await run();
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const pgMs = ((postgresCpu(DB) - pg0) * 1000) / count;
  const nodeMs = (c.user + c.system) / 1000 / count;
  const { summary } = await profile(run, ['listContacts', 'listContactsJson', 'preparedRows', 'countContacts', 'resolveApiToken', 'cachedCredential', 'parseRow']);
  return { nodeMs, pgMs, injectRps: (count * 1000) / wall, summary };
}

async function main() {
  const machine = await printMachine(`http: GET /api/contacts with ${N.toLocaleString('en-US')} people, autocannon -c ${CONNECTIONS} -d ${SECONDS}`);
  const url = await createDatabase(DB);
  // The default role 'all': API and job workers in one process, as `npm start` runs it.
  const parley = await bootParley({ postgres: url }, { work: true });
  const result: Record<string, unknown> = { machine, rows: N, seconds: SECONDS, connections: CONNECTIONS };
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const ws = await createBenchWorkspace(parley);
    console.log(`\nLoading ${N.toLocaleString('en-US')} people …`);
    await loadContactsPostgres(parley, ws, N);

    const bare = Fastify();
    bare.get('/bare', async () => ({ hello: 'world' }));
    // The floor of any endpoint that reads the database: the bare route plus one round trip of a trivial prepared
    // statement, and plus the same 51-row page query as the list (prepared, raw rows), on the same pool.
    const pool = parley.database.pool!;
    bare.get('/bare-db', async () => (await pool.query({ name: 'bench_one', text: 'SELECT 1 AS one' })).rows[0]);
    bare.get('/bare-page', async () => ({ items: (await pool.query({ name: 'bench_page', text: LIST_SQL, values: [ws.workspaceId] })).rows }));
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => bare.close());

    const app = await buildApp(parley, { serveWeb: false });
    const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());

    // The same app with request logging as production has it (info), written to /dev/null.
    const logged = await buildApp({ ...parley, log: pino({ level: 'info' }, pino.destination({ dest: '/dev/null', sync: false })) as unknown as typeof parley.log }, { serveWeb: false });
    const loggedUrl = await logged.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => logged.close());

    const auth = { authorization: `Bearer ${ws.token}` };
    const check = await fetch(`${appUrl}/api/contacts`, { headers: auth });
    const page = (await check.json()) as { items: unknown[]; nextCursor: string };
    if (check.status !== 200 || page.items.length !== 50) throw new Error(`GET /api/contacts answered ${check.status}`);
    const count = (await fetch(`${appUrl}/api/contacts/count`, { headers: auth }).then((r) => r.json())) as { total: number; capped: boolean };
    console.log(`GET /api/contacts: ${page.items.length} items, ${(await fetch(`${appUrl}/api/contacts`, { headers: auth }).then((r) => r.arrayBuffer())).byteLength} bytes; GET /api/contacts/count: ${count.total}${count.capped ? '+' : ''}`);
    const [deep] = await rows<{ sort_name: string; id: string }>(parley.db, sql`SELECT sort_name, id FROM contacts WHERE workspace_id = ${ws.workspaceId} ORDER BY sort_name, id OFFSET ${Math.floor(N / 2)} LIMIT 1`);
    const cursor = Buffer.from(JSON.stringify([deep!.sort_name, deep!.id])).toString('base64url');

    const runs: [string, string, Record<string, string>][] = [
      ['GET /bare (bare Fastify, constant)', `${bareUrl}/bare`, {}],
      ['GET /bare-db (bare Fastify + SELECT 1, prepared)', `${bareUrl}/bare-db`, {}],
      ['GET /bare-page (bare Fastify + the 51-row page query, prepared, no auth)', `${bareUrl}/bare-page`, {}],
      ['GET /api/health (Parley plugins + hooks, no DB)', `${appUrl}/api/health`, {}],
      ['GET /api/contacts (first page)', `${appUrl}/api/contacts`, auth],
      ['GET /api/contacts?cursor=… (deep page)', `${appUrl}/api/contacts?cursor=${cursor}`, auth],
      ['GET /api/contacts, request logging on', `${loggedUrl}/api/contacts`, auth],
      ['GET /api/contacts/count (the list header\'s total, capped at 10,000)', `${appUrl}/api/contacts/count`, auth],
    ];
    const measured: Record<string, Cannon> = {};
    for (const [label, target, headers] of runs) {
      measured[label] = await cannon(target, headers);
      console.log(`  ${label}: ${fmt(measured[label].rps)} req/s`);
    }
    printTable(`autocannon -c ${CONNECTIONS} -d ${SECONDS} (after a 2 s warm-up), ${N.toLocaleString('en-US')} people, pool ${parley.config.database.kind === 'postgres' ? parley.config.database.poolSize : '-'} connections`,
      ['route', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'timeouts'],
      Object.entries(measured).map(([k, v]) => [k, v.rps, v.p50, v.p99, v.errors, v.non2xx, v.timeouts]));
    // Where a request's time goes, without the network: CPU per request of Node and of PostgreSQL.
    const cost: Record<string, Awaited<ReturnType<typeof cpuPerRequest>>> = {};
    for (const [label, target] of [['GET /api/contacts (first page)', '/api/contacts'], ['GET /api/contacts?cursor=… (deep page)', `/api/contacts?cursor=${cursor}`]] as const) {
      cost[label] = await cpuPerRequest(app, target, auth);
    }
    printTable('CPU per request through inject (no HTTP, 10 at a time, 1,000 requests): what the 2 cores can serve at most', ['route', 'Node ms', 'PostgreSQL ms', 'ceiling req/s (2 cores)', 'inject req/s'],
      Object.entries(cost).map(([k, v]) => [k, v.nodeMs, v.pgMs, 2000 / (v.nodeMs + v.pgMs), v.injectRps]));
    const first = cost['GET /api/contacts (first page)']!;
    printTable('Where Node spends a first-page request (profile of the same 1,000 inject requests; self time by library)', ['where', '%', 'ms a request'],
      first.summary.byLibrary.slice(0, 12).map((p) => [p.name, p.pct, p.ms / 1000]));
    printTable('… in these functions (inclusive)', ['function', '%', 'ms a request'], first.summary.functions.map((p) => [p.name, p.pct, p.ms / 1000]));
    // By label, not by position: reference rows come first and their number changes.
    const list = measured['GET /api/contacts (first page)']!;
    const ref = measured[runs[0]![0]]!;
    printTable('SUMMARY http.ts', ['figure', 'measured', 'goal', 'verdict', 'reference (same run)'], [
      ['GET /api/contacts req/s', fmt(list.rps), `≥ ${GOAL.toLocaleString('en-US')}`, verdict(list.rps, GOAL, 'min'), `GET /bare ${fmt(ref.rps)} req/s`],
    ]);
    Object.assign(result, { runs: measured, listRps: list.rps, bareRps: ref.rps, cpuPerRequest: cost });
    saveResult('http', result);
  } finally {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await parley.close();
    await dropDatabase(DB);
    rmSync(parley.dataDir, { recursive: true, force: true });
  }
}

await main();

// Activity streams (issue 5): the personal stream's first and a later page with 10,000,000 activities in the workspace
// and 1,000 followed records, through the HTTP route (buildApp on boot()'s Deps, listening on 127.0.0.1, Bearer token)
// and, as the reference in the same run, the very same SQL (repo.personalStreamQuery) on a bare pg client.
//
// Load: generate_series in PostgreSQL (no round trips), 200,000 records (60 % contacts, 20 % companies, 20 %
// conversations), 50 activities each spread over a year, time-ordered ids like UUID v7; the stream's indexes are
// dropped for the load and built afterwards, then VACUUM ANALYZE (index-only scans need the visibility map).
//
//   npx tsx bench/activity-stream.ts        BENCH_ACTIVITIES=10000000 BENCH_RECORDS=200000 BENCH_FOLLOWS=1000 BENCH_REPS=300
import { performance } from 'node:perf_hooks';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { personalStreamQuery } from '../server/src/domains/activity/repo.ts';
import { createDatabase, dropDatabase, fmt, ms, printMachine, printTable, saveResult, summarize, verdict } from './lib/common.ts';
import { bootParley, createBenchWorkspace } from './lib/parley.ts';

const N = Number(process.env.BENCH_ACTIVITIES ?? 10_000_000);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200_000);
const FOLLOWS = Number(process.env.BENCH_FOLLOWS ?? 1_000);
const REPS = Number(process.env.BENCH_REPS ?? 300);
const CHUNK = 1_000_000;
const GOAL_MS = 50;
const DB = 'parley_bench_activity';

const INDEXES = [
  'CREATE INDEX "activities_record" ON "activities" USING btree ("workspace_id","record_type","record_id","id")',
  'CREATE INDEX "activities_team" ON "activities" USING btree ("workspace_id","team_id","id")',
  'CREATE INDEX "activities_actor" ON "activities" USING btree ("workspace_id","actor_id","id")',
  'CREATE INDEX "activities_hashtags" ON "activities" USING gin ("hashtags")',
];

// The record k: its type and a deterministic id.
const recordType = (k: string) => `(CASE WHEN ${k} % 5 = 0 THEN 'conversation' WHEN ${k} % 5 = 1 THEN 'company' ELSE 'contact' END)`;
const recordId = (k: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${k}), 12, '0'))::uuid`;

async function main() {
  const machine = await printMachine('Activity streams (issue 5): personal stream');
  const url = await createDatabase(DB);
  const parley = await bootParley({ postgres: url, poolSize: 5 });
  const ws = await createBenchWorkspace(parley);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const timings: Record<string, number> = {};
  try {
    let t = performance.now();
    await client.query('DROP INDEX activities_record, activities_team, activities_actor, activities_hashtags');
    const t0 = Date.now() - 365 * 24 * 3600 * 1000;
    const step = Math.floor((365 * 24 * 3600 * 1000) / N);
    const users = `ARRAY[${ws.userIds.map((u) => `'${u}'::uuid`).join(',')}]`;
    for (let from = 0; from < N; from += CHUNK) {
      const to = Math.min(N, from + CHUNK) - 1;
      await client.query(`
        INSERT INTO activities (workspace_id, id, occurred_at, actor_id, verb, record_type, record_id, team_id, hashtags, summary)
        SELECT $1::uuid,
          (lpad(to_hex(${t0}::bigint + i * ${step}), 12, '0') || '7000' || '8000' || lpad(to_hex(i), 12, '0'))::uuid,
          to_timestamp((${t0}::bigint + i * ${step}) / 1000.0),
          (${users})[1 + i % ${ws.userIds.length}],
          (ARRAY['contact.updated','note.created','conversation.assigned','message.received','task.created','comment.created'])[1 + i % 6],
          ${recordType(`(i % ${RECORDS})`)}, ${recordId(`(i % ${RECORDS})`)}, NULL,
          CASE WHEN i % 50 = 0 THEN ARRAY['wärmepumpe'] WHEN i % 77 = 0 THEN ARRAY['rückruf', 'angebot'] ELSE '{}'::text[] END,
          jsonb_build_object('title', 'Datensatz ' || (i % ${RECORDS}))
        FROM generate_series(${from}::bigint, ${to}::bigint) AS i`, [ws.workspaceId]);
      process.stdout.write(`\rloaded ${fmt(to + 1)} activities (${fmt(ms(t) / 1000)} s)`);
    }
    timings.insertSeconds = ms(t) / 1000;
    t = performance.now();
    for (const ix of INDEXES) await client.query(ix);
    timings.indexSeconds = ms(t) / 1000;
    t = performance.now();
    await client.query('VACUUM ANALYZE activities');
    timings.vacuumSeconds = ms(t) / 1000;
    // The admin follows 1,000 records spread over the whole range (every 200th).
    const spacing = Math.max(1, Math.floor(RECORDS / FOLLOWS));
    await client.query(`
      INSERT INTO follows (workspace_id, user_id, record_type, record_id, reason)
      SELECT $1::uuid, $2::uuid, ${recordType('k')}, ${recordId('k')}, 'manual' FROM generate_series(0, ${FOLLOWS - 1}) AS j, LATERAL (SELECT j * ${spacing} + 3 AS k) r`,
    [ws.workspaceId, ws.adminId]);
    await client.query('VACUUM ANALYZE follows');
    console.log(`\nload: ${fmt(timings.insertSeconds)} s insert, ${fmt(timings.indexSeconds)} s indexes, ${fmt(timings.vacuumSeconds)} s vacuum`);

    const app = await buildApp(parley, { serveWeb: false });
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const auth = { authorization: `Bearer ${ws.token}` };
    const first = await (await fetch(`${address}/api/streams/me?limit=30`, { headers: auth })).json() as { items: { id: string }[]; nextCursor: string };
    if (first.items.length !== 30) throw new Error(`first page has ${first.items.length} items`);
    // A later page: the 10th.
    let cursor = first.nextCursor;
    for (let p = 2; p < 10; p++) cursor = ((await (await fetch(`${address}/api/streams/me?limit=30&cursor=${cursor}`, { headers: auth })).json()) as { nextCursor: string }).nextCursor;

    const dialect = new PgDialect();
    const scope = { types: ['contact', 'company', 'conversation'], conversationIds: null };
    const bare = (c?: string) => dialect.sqlToQuery(personalStreamQuery(ws.workspaceId, ws.adminId, scope, { limit: 30, cursor: c }));
    const plan = await client.query({ text: `EXPLAIN (ANALYZE, BUFFERS) ${bare(cursor).sql}`, values: bare(cursor).params });
    console.log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));

    const results: (string | number)[][] = [];
    const saved: Record<string, unknown> = {};
    for (const [label, c] of [['first page', undefined], ['10th page', cursor]] as const) {
      const route: number[] = [];
      const sqlRef: number[] = [];
      const q = bare(c);
      for (let i = 0; i < REPS + 20; i++) {
        let s = performance.now();
        const res = await fetch(`${address}/api/streams/me?limit=30${c ? `&cursor=${c}` : ''}`, { headers: auth });
        await res.arrayBuffer();
        if (i >= 20) route.push(ms(s));
        s = performance.now();
        await client.query({ name: `bench_${label.replace(/\W/g, '')}`, text: q.sql, values: q.params });
        if (i >= 20) sqlRef.push(ms(s));
      }
      const r = summarize(route);
      const b = summarize(sqlRef);
      results.push([`${label}: GET /api/streams/me`, r.p50, r.p95, r.p99, r.max, verdict(r.p99, GOAL_MS, 'max')]);
      results.push([`${label}: bare SQL (reference)`, b.p50, b.p95, b.p99, b.max, '']);
      saved[label] = { route: r, sql: b };
    }
    printTable(`Personal stream, ${fmt(N)} activities, ${fmt(RECORDS)} records, ${fmt(FOLLOWS)} follows, ${REPS} requests each (ms)`,
      ['what', 'p50', 'p95', 'p99', 'max', `goal p99 ≤ ${GOAL_MS} ms`], results);
    saveResult('activity-stream', { machine, n: N, records: RECORDS, follows: FOLLOWS, reps: REPS, timings, results: saved });
    await app.close();
  } finally {
    await client.end();
    await parley.close();
    await dropDatabase(DB);
  }
}

await main();

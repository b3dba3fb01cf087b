// Inbox ingestion (issue 3): webhook acknowledgement, sustained ingestion through the whole pipeline, and the inbox
// list and conversation open at 1,000,000 messages — on real PostgreSQL, one Parley process (API + job workers, as
// `npm start` runs it), the load generator (autocannon) in a child process on the same 2 cores.
//
// Goals: ingestion ≥ 2,000 messages/s (goal 5,000); webhook ack p99 ≤ 25 ms under that load; inbox list and
// conversation open p99 ≤ 50 ms with 1,000,000 messages in the workspace.
// References in the same run: a bare Fastify POST route that reads the body and answers 200 (same process, same
// load); multi-row INSERTs of the same message rows in batches of 1,000 into a copy of `messages` with its indexes;
// the raw SQL of the list and thread queries on node-postgres.
//
// 1+2. BENCH_INGEST_N distinct signed Messenger deliveries (one message each, from BENCH_INGEST_AUTHORS customers,
//      German and English texts) are posted to /api/channels/:id/webhook by BENCH_INGEST_CONNECTIONS connections as
//      fast as they are acknowledged; the workers process them meanwhile. Ack latency comes from autocannon; ingestion
//      is "first delivery received → last delivery processed" from the deliveries' own timestamps.
// 3.   1,000,000 messages in 100,000 conversations are loaded with INSERT … SELECT generate_series, then
//      GET /api/conversations (first page, a later page by cursor, status=open) and GET /api/conversations/:id (threads
//      of 10–50 messages) are timed over BENCH_INBOX_REQUESTS requests each, one at a time.
//
//   npx tsx bench/ingestion.ts      BENCH_INGEST_N=20000 BENCH_INGEST_CONNECTIONS=10 BENCH_INBOX_MESSAGES=1000000 BENCH_KEEP_DB=1
import { execFile } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import Fastify from 'fastify';
import { buildApp } from '../server/src/app.ts';
import { createChannel } from '../server/src/domains/inbox/channels-service.ts';
import { encodeCursor } from '../server/src/lib/cursor.ts';
import type { CannonRequest, CannonResult, CannonSpec } from './lib/cannon-child.ts';
import pg from 'pg';
import { shortSql } from './lib/capture.ts';
import { benchDir, createDatabase, dropDatabase, fmt, ms, printMachine, printTable, saveResult, summarize, verdict, type Summary } from './lib/common.ts';
import { bootParley, createBenchWorkspace, type BenchWorkspace, type Parley } from './lib/parley.ts';
import { profile } from './lib/profile.ts';
import { agentProfiles, routingRules, teamMembers, teamRouting, teams, userPresence } from '../server/src/db/schema.ts';
import { demoRoutingRules } from '../server/src/db/seed/demo-routing.ts';
import { seedDemoSla } from '../server/src/db/seed/demo-sla.ts';
import { newId } from '../server/src/lib/ids.ts';

const N = Number(process.env.BENCH_INGEST_N ?? 20_000);
const AUTHORS = Number(process.env.BENCH_INGEST_AUTHORS ?? 4_000);
const CONNECTIONS = Number(process.env.BENCH_INGEST_CONNECTIONS ?? 10);
const WARMUP = 500;
const PROFILE_N = Number(process.env.BENCH_INGEST_PROFILE_N ?? 2_000);
const INBOX_MESSAGES = Number(process.env.BENCH_INBOX_MESSAGES ?? 1_000_000);
const INBOX_CONVERSATIONS = Math.round(INBOX_MESSAGES / 10);
/** How deep the later list page is (conversations skipped by the cursor). */
const DEEP = Math.min(5000, Math.floor(INBOX_CONVERSATIONS * 0.1));
const INBOX_REQUESTS = Number(process.env.BENCH_INBOX_REQUESTS ?? 400);
/**
 * BENCH_INGEST_WORKERS=process: the job workers run in a second Parley process (PARLEY_ROLE=worker on the same
 * database, as docs/README "Scaling out" deploys it), the bench's process serves the API only; default: one process
 * with both (as `npm start` runs it).
 */
const SPLIT = process.env.BENCH_INGEST_WORKERS === 'process';
/** With SPLIT: the worker process's nice value (0 = same priority as the API; docs/operations.md "Webhooks first"). */
const WORKER_NICE = Number(process.env.BENCH_INGEST_WORKER_NICE ?? 0);
/**
 * BENCH_INGEST_WORKSPACE=bare: no teams, routing rules or SLA policies (the pipeline's routing and SLA steps find
 * nothing to do); default: set up as the demo's social media manager set it up (inboxSetup below).
 */
const BARE_WORKSPACE = process.env.BENCH_INGEST_WORKSPACE === 'bare';
const GOAL_RATE = 2000;
const STRETCH_RATE = 5000;
const GOAL_ACK_P99 = 25;
const GOAL_INBOX_P99 = 50;
const DB = 'parley_bench_ingestion';
const PAGE = '12345654332';
const SECRET = 'bench-app-secret';
const execFileP = promisify(execFile);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-ingest-'));
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

// ---- the load generator ----

let specNo = 0;
/** Runs the child load generator on a list of requests and returns its figures. */
async function cannon(spec: CannonSpec): Promise<CannonResult> {
  const file = path.join(tmp, `spec-${specNo++}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const { stdout } = await execFileP(process.execPath, ['--import', 'tsx', path.join(benchDir, 'lib', 'cannon-child.ts'), file], { maxBuffer: 16 << 20 });
  rmSync(file, { force: true });
  return JSON.parse(stdout.trim().split('\n').pop()!) as CannonResult;
}

const TEXTS = [
  'Hallo, meine Rechnung vom März ist doppelt abgebucht worden. Können Sie das bitte prüfen?',
  'Ich warte seit zwei Wochen auf meine Lieferung, Bestellnummer 4711-2231. Das ist echt ärgerlich!',
  'Danke für die schnelle Hilfe gestern, super Service!',
  'Gibt es das Modell X200 auch in Schwarz? Wir würden gern 40 Stück für unser Büro bestellen.',
  'Mein Router verliert jeden Abend die Verbindung, Neustart hilft nicht.',
  'Hi, I was charged twice for my subscription this month, can you refund one of them?',
  'My order still has not arrived and tracking shows nothing since Monday. Very disappointed.',
  'Thanks a lot, the replacement works perfectly!',
  'Do you offer volume discounts for schools? We need about 120 licences.',
  'The app crashes every time I open the settings page on Android 15.',
  'Wann öffnet die neue Filiale in Köln?',
  'Can I change the delivery address of an order that was already shipped?',
];

/**
 * Message times: delivery n was written BASE_MS + n ms, so the run's deliveries (n from 1,000,000) carry the time they
 * are sent at, as a network's do (SLA clocks start at the message's time: old timestamps would breach at once).
 */
const BASE_MS = Date.now() - 1_000_000;

/** A Messenger delivery as Meta sends it: one message of one customer, signed with the app secret. */
function messengerDelivery(n: number, tag: string): { body: string; signature: string } {
  const body = JSON.stringify({ object: 'page', entry: [{ id: PAGE, time: BASE_MS + n, messaging: [{
    sender: { id: String(7_100_000_000_000 + (n % AUTHORS)) }, recipient: { id: PAGE }, timestamp: BASE_MS + n,
    message: { mid: `m_${tag}.${n}.${createHmac('sha1', tag).update(String(n)).digest('hex').slice(0, 24)}`, seq: n, text: TEXTS[(n * 7 + Math.floor(n / AUTHORS)) % TEXTS.length] },
  }] }] });
  return { body, signature: `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}` };
}

function deliveries(pathname: string, from: number, count: number, tag: string): CannonRequest[] {
  return Array.from({ length: count }, (_, i) => {
    const d = messengerDelivery(from + i, tag);
    return { method: 'POST', path: pathname, headers: { 'content-type': 'application/json', 'x-hub-signature-256': d.signature }, body: d.body };
  });
}

// ---- the workspace's inbox set-up ----

/**
 * The inbox as a team runs it, so routing, assignment and SLA clocks do their work for every conversation: the demo's
 * teams (Service: round-robin, Vertrieb: least-load) with every bench user in both, online, capacity 40, German and
 * English; the demo's routing rules (team by keywords and intent, priority, labels; without the after-hours
 * auto-reply, which would depend on the time of the run) and its business hours and SLA policies per team.
 */
async function inboxSetup(parley: Parley, ws: BenchWorkspace): Promise<{ heartbeat: () => Promise<void> }> {
  const workspaceId = ws.workspaceId;
  const service = newId();
  const sales = newId();
  await parley.db.transaction(async (tx) => {
    await tx.insert(teams).values([{ workspaceId, id: service, name: 'Service' }, { workspaceId, id: sales, name: 'Vertrieb' }]);
    await tx.insert(teamMembers).values(ws.userIds.flatMap((userId) => [{ workspaceId, teamId: service, userId }, { workspaceId, teamId: sales, userId }]));
    await tx.insert(agentProfiles).values(ws.userIds.map((userId) => ({ workspaceId, userId, capacity: 40, skills: [], languages: ['de', 'en'] })));
    await tx.insert(teamRouting).values([
      { workspaceId, teamId: service, policy: 'round_robin', respectSkills: false },
      { workspaceId, teamId: sales, policy: 'least_load', respectSkills: false },
    ]);
    await tx.insert(routingRules).values(demoRoutingRules(service, sales, { autoReply: false }).map((r, position) => ({ workspaceId, id: newId(), position, enabled: true, ...r })));
    await seedDemoSla(tx, workspaceId, new Date());
  });
  // Agents online: their browsers' heartbeat, every 30 s while the benchmark runs.
  const heartbeat = async () => {
    await parley.db.insert(userPresence).values(ws.userIds.map((userId) => ({ workspaceId, userId, status: 'online', lastSeenAt: new Date() })))
      .onConflictDoUpdate({ target: [userPresence.workspaceId, userPresence.userId], set: { lastSeenAt: new Date(), status: 'online' } });
  };
  await heartbeat();
  return { heartbeat };
}

// ---- measuring the database and the processes ----

/** CPU seconds used so far by the PostgreSQL backends serving one database (from /proc; Linux only). */
function postgresCpu(db: string): number {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(` ${db} `)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks / 100;
}

/** CPU seconds a process has used so far (user + system), from /proc. */
function processCpu(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

let workerPid: number | undefined;

async function one<T>(parley: Parley, text: string, values: unknown[] = []): Promise<T> {
  return (await parley.database.pool!.query(text, values)).rows[0] as T;
}

/** Jobs not yet done, by queue. */
async function pendingJobs(parley: Parley): Promise<Record<string, number>> {
  const r = await parley.database.pool!.query<{ name: string; n: number }>(
    // Profile fetches call the network (unreachable here, each waits for its timeout): not part of the pipeline's drain.
    `SELECT name, count(*)::int AS n FROM pgboss.job WHERE state IN ('created', 'retry', 'active') AND name <> 'inbox.fetch-profile' GROUP BY name ORDER BY name`);
  return Object.fromEntries(r.rows.map((x) => [x.name, x.n]));
}

async function processedSince(parley: Parley, ws: string, since: Date): Promise<{ total: number; processed: number; failed: number }> {
  return one(parley, `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'processed')::int AS processed, count(*) FILTER (WHERE status = 'failed')::int AS failed
    FROM inbound_deliveries WHERE workspace_id = $1 AND received_at >= $2`, [ws, since]);
}

/** Waits until every delivery received since `since` is processed (or failed); samples progress for a timeline. */
async function waitProcessed(parley: Parley, ws: string, since: Date, expected: number, timeline?: { t: number; processed: number }[], timeoutMs = 900_000) {
  const t0 = performance.now();
  for (;;) {
    const c = await processedSince(parley, ws, since);
    timeline?.push({ t: Date.now(), processed: c.processed });
    if (c.total >= expected && c.processed + c.failed >= c.total) return c;
    if (performance.now() - t0 > timeoutMs) throw new Error(`deliveries not processed in time: ${JSON.stringify(c)}`);
    await new Promise((r) => setTimeout(r, timeline ? 1000 : 250));
  }
}

async function waitJobsDrained(parley: Parley, timeoutMs = 900_000): Promise<number> {
  const t0 = performance.now();
  while (Object.keys(await pendingJobs(parley)).length) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`jobs not drained: ${JSON.stringify(await pendingJobs(parley))}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return Date.now();
}

// ---- 1+2: acknowledgement and sustained ingestion ----

interface IngestResult {
  ack: CannonResult; bare: CannonResult; stored: number; processed: number; failed: number;
  messagesPerSecond: number; wallSeconds: number; ackSeconds: number; drainedSeconds: number;
  nodeCpuS: number; workerCpuS: number; pgCpuS: number; loadDuring: string; timeline: { second: number; rate: number }[];
  rows: Record<string, number>; pending: Record<string, number>;
}

async function ingestion(parley: Parley, ws: BenchWorkspace, appUrl: string, bareUrl: string, webhookPath: string): Promise<IngestResult> {
  const db = parley.database.pool!;
  // Warm-up: JIT, the channel cache, prepared statements, pg-boss's first fetches.
  const warmSince = new Date();
  await cannon({ url: appUrl, connections: CONNECTIONS, amount: WARMUP, requests: deliveries(webhookPath, 0, WARMUP, 'warm') });
  await waitProcessed(parley, ws.workspaceId, warmSince, WARMUP);
  await waitJobsDrained(parley);
  // A running installation has statistics on its tables (autovacuum analyzes them); this server runs with autovacuum =
  // off (CI), and a never-analyzed table makes PostgreSQL guess that `workspace_id = $1` picks 0.5 % of the rows: the
  // handlers' read of 100 events by id became a scan of the workspace's events (6.5 ms instead of 0.14). The
  // benchmark analyzes once after the warm-up, in autovacuum's place (bench/RESULTS.md).
  if ((await one<{ on: string }>(parley, "SELECT current_setting('autovacuum') AS on")).on === 'off') await db.query('ANALYZE');

  const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE workspace_id = $1`, [ws.workspaceId])).rows[0]!.n;
  const tables = ['inbound_deliveries', 'messages', 'conversations', 'social_identities', 'events'];
  const before: Record<string, number> = {};
  for (const t of tables) before[t] = await count(t);
  const jobsBefore = (await one<{ n: number }>(parley, 'SELECT count(*)::int AS n FROM pgboss.job')).n;

  const requests = deliveries(webhookPath, 1_000_000, N, 'run');
  const since = new Date(Date.now() - 5);
  const timeline: { t: number; processed: number }[] = [];
  const pg0 = postgresCpu(DB);
  const c0 = process.cpuUsage();
  const w0 = processCpu(workerPid);
  let loadDuring = '';
  let ackDone = false;
  const loadTimer = setTimeout(() => { loadDuring = load(); }, 8_000);
  const poll = (async () => {
    // Progress while the deliveries come in (for the timeline); waitProcessed below goes on from here.
    while (!ackDone) {
      timeline.push({ t: Date.now(), processed: (await processedSince(parley, ws.workspaceId, since)).processed });
      // Once a second: the count is the benchmark's own load on PostgreSQL (its CPU is counted as Parley's).
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  const ack = await cannon({ url: appUrl, connections: CONNECTIONS, amount: N, requests });
  ackDone = true;
  await poll;
  const done = await waitProcessed(parley, ws.workspaceId, since, ack.ok, timeline);
  const nodeCpu = process.cpuUsage(c0);
  const workerCpu = processCpu(workerPid) - w0;
  const pgCpu = postgresCpu(DB) - pg0;
  clearTimeout(loadTimer);
  loadDuring ||= load();
  const pending = await pendingJobs(parley);
  const drainedAt = await waitJobsDrained(parley);
  const span = await one<{ first: Date; last: Date }>(parley,
    `SELECT min(received_at) AS first, max(processed_at) AS last FROM inbound_deliveries WHERE workspace_id = $1 AND received_at >= $2`, [ws.workspaceId, since]);
  const wallSeconds = (span.last.getTime() - span.first.getTime()) / 1000;
  const rows: Record<string, number> = {};
  for (const t of tables) rows[t] = (await count(t)) - before[t]!;
  rows['pgboss.job'] = (await one<{ n: number }>(parley, 'SELECT count(*)::int AS n FROM pgboss.job')).n - jobsBefore;

  // Processed per second in 2-second windows, from the progress samples.
  const windows: { second: number; rate: number }[] = [];
  const t0 = span.first.getTime();
  for (let s = 0; s < wallSeconds; s += 2) {
    const at = (ms: number) => { let v = 0; for (const p of timeline) if (p.t <= ms) v = p.processed; return v; };
    windows.push({ second: s, rate: (at(t0 + (s + 2) * 1000) - at(t0 + s * 1000)) / 2 });
  }

  // The reference: the same load on a bare Fastify route that reads the body and answers 200.
  const bare = await cannon({ url: bareUrl, connections: CONNECTIONS, amount: N, requests: requests.map((r) => ({ ...r, path: '/bare' })) });
  return {
    ack, bare, stored: done.total, processed: done.processed, failed: done.failed, messagesPerSecond: rows.messages! / wallSeconds, wallSeconds,
    ackSeconds: (ack.finish - ack.start) / 1000, drainedSeconds: (drainedAt - span.first.getTime()) / 1000,
    nodeCpuS: (nodeCpu.user + nodeCpu.system) / 1e6 + workerCpu, workerCpuS: workerCpu, pgCpuS: pgCpu, loadDuring, timeline: windows, rows, pending,
  };
}

/** The reference: the same message rows INSERTed into a copy of `messages` (its indexes too) in batches of 1,000. */
async function rawInsert(parley: Parley, ws: string, limit: number): Promise<{ rows: number; seconds: number; rate: number }> {
  const db = parley.database.pool!;
  await db.query('DROP TABLE IF EXISTS bench_messages_copy');
  await db.query('CREATE TABLE bench_messages_copy (LIKE messages INCLUDING ALL)');
  const cols = ['workspace_id', 'id', 'conversation_id', 'channel_id', 'external_id', 'parent_external_id', 'direction', 'object_type', 'identity_id',
    'author_user_id', 'text', 'attachments', 'mentions', 'language', 'sentiment', 'intent', 'flags', 'delivery_id', 'send_status', 'send_error',
    'occurred_at', 'created_at', 'updated_at'];
  const list = (await db.query<Record<string, unknown>>(
    `SELECT ${cols.map((c) => (c === 'attachments' || c === 'mentions' ? `${c}::text AS ${c}` : c)).join(', ')}
     FROM messages WHERE workspace_id = $1 AND delivery_id IS NOT NULL ORDER BY created_at DESC LIMIT $2`, [ws, limit])).rows;
  const t = performance.now();
  for (let i = 0; i < list.length; i += 1000) {
    const batch = list.slice(i, i + 1000);
    const values: unknown[] = [];
    const tuples = batch.map((r, k) => `(${cols.map((c, j) => { values.push(r[c]); return `$${k * cols.length + j + 1}`; }).join(', ')})`);
    await db.query(`INSERT INTO bench_messages_copy (${cols.join(', ')}) VALUES ${tuples.join(', ')}`, values);
  }
  const seconds = ms(t) / 1000;
  await db.query('DROP TABLE bench_messages_copy');
  return { rows: list.length, seconds, rate: list.length / seconds };
}

/**
 * Every statement this process sends while `fn` runs, on any pg client (Parley's pool, its transactions and pg-boss's
 * own pool), with its time from send to answer (queueing in the connection included).
 */
async function captureAll<T>(fn: () => Promise<T>): Promise<{ result: T; queries: { text: string; ms: number }[] }> {
  const queries: { text: string; ms: number }[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const first = args[0] as string | { text?: string } | undefined;
    const text = typeof first === 'string' ? first : first?.text ?? '(other)';
    const t = performance.now();
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const cb = args[last] as (...r: unknown[]) => void;
      args[last] = (...r: unknown[]) => { queries.push({ text, ms: performance.now() - t }); cb(...r); };
      return original.apply(this, args);
    }
    const out = original.apply(this, args);
    if (out && typeof (out as Promise<unknown>).then === 'function') (out as Promise<unknown>).then(() => queries.push({ text, ms: performance.now() - t }), () => undefined);
    return out;
  };
  try {
    return { result: await fn(), queries };
  } finally {
    proto.query = original;
  }
}

/** Where one delivery's work goes: every statement sent and a CPU profile of Node, over PROFILE_N deliveries. */
async function breakdown(parley: Parley, ws: string, appUrl: string, webhookPath: string) {
  const since = new Date();
  const { result: { queries }, summary } = await profile(() => captureAll(async () => {
    await cannon({ url: appUrl, connections: CONNECTIONS, amount: PROFILE_N, requests: deliveries(webhookPath, 1_000_000 + N, PROFILE_N, 'prof') });
    await waitProcessed(parley, ws, since, PROFILE_N);
    await waitJobsDrained(parley);
  }), ['receiveWebhook', 'ingestBatch', 'addMessages', 'addMessage', 'upsertIdentity', 'classifyText', 'emit', 'threadOf', 'touchConversation', 'handle', 'parseDelivery']);
  const byStatement = new Map<string, { n: number; ms: number }>();
  for (const q of queries) {
    const k = shortSql(q.text, 90);
    const v = byStatement.get(k) ?? { n: 0, ms: 0 };
    v.n++; v.ms += q.ms;
    byStatement.set(k, v);
  }
  return { statements: queries.length / PROFILE_N, byStatement: [...byStatement].sort((a, b) => b[1].n - a[1].n).slice(0, 25), summary };
}

// ---- 3: the inbox at 1,000,000 messages ----

async function loadInbox(parley: Parley, ws: BenchWorkspace, channelId: string): Promise<{ seconds: number; messages: number; conversations: number }> {
  const db = await parley.database.pool!.connect();
  const t = performance.now();
  try {
    const idx = (await db.query<{ indexname: string; indexdef: string }>(
      `SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname JOIN pg_index x ON x.indexrelid = c.oid
       WHERE i.tablename = 'messages' AND NOT x.indisprimary`)).rows;
    for (const i of idx) await db.query(`DROP INDEX ${i.indexname}`);
    const w = ws.workspaceId;
    // Conversations: 40 % public comment threads, 60 % direct-message threads; activity skewed towards the last weeks;
    // messages a thread 1 + exponential (mean 10 in all); statuses as an inbox has them (most open ones recent).
    await db.query(`CREATE TEMP TABLE bench_conv AS
      SELECT g AS n, gen_random_uuid() AS id, 1 + floor(-ln(1 - random()) * 9.5)::int AS msgs,
        now() - (random() ^ 2) * interval '365 days' AS last_at,
        (ARRAY['open','open','open','pending','waiting_customer','waiting_expert','resolved','resolved','resolved','closed'])[1 + floor(random() * 10)::int] AS status,
        CASE WHEN random() < 0.6 THEN 'private' ELSE 'public' END AS kind,
        CASE WHEN random() < 0.55 THEN 'de' ELSE 'en' END AS lang,
        g % ${Math.round(INBOX_CONVERSATIONS * 0.7)} AS author
      FROM generate_series(1, ${INBOX_CONVERSATIONS}) g`);
    await db.query(`CREATE TEMP TABLE bench_ident AS SELECT author, gen_random_uuid() AS id FROM (SELECT DISTINCT author FROM bench_conv) a`);
    await db.query(`INSERT INTO social_identities (workspace_id, id, network, external_id, handle, display_name, profile, first_seen_at, last_seen_at)
      SELECT $1, id, 'facebook', 'bulk-' || author, NULL, 'Kunde ' || author, '{}'::jsonb, now() - interval '400 days', now() FROM bench_ident`, [w]);
    await db.query(`INSERT INTO conversations (workspace_id, id, channel_id, kind, thread_key, identity_id, status, priority, subject, preview,
        language, sentiment, intent, message_count, last_message_at, last_inbound_at, created_at, updated_at)
      SELECT $1, c.id, $2, c.kind, 'bulk-thread-' || c.n, i.id, c.status, CASE WHEN c.n % 17 = 0 THEN 'high' ELSE 'normal' END,
        CASE WHEN c.kind = 'public' THEN 'Post ' || c.n ELSE NULL END, left(($3::text[])[(c.n * 7 + c.msgs) % 12 + 1], 120),
        c.lang, (ARRAY['negative','neutral','positive'])[1 + c.n % 3], (ARRAY['service_request','complaint','sales_lead','praise','spam'])[1 + c.n % 5],
        c.msgs, c.last_at, c.last_at, c.last_at - c.msgs * interval '9 minutes', c.last_at
      FROM bench_conv c JOIN bench_ident i ON i.author = c.author`, [w, channelId, TEXTS]);
    await db.query(`INSERT INTO messages (workspace_id, id, conversation_id, channel_id, external_id, direction, object_type, identity_id, author_user_id,
        text, language, sentiment, intent, send_status, occurred_at, created_at, updated_at)
      SELECT $1, gen_random_uuid(), c.id, $2, 'bulk.' || c.n || '.' || g, CASE WHEN g % 3 = 0 THEN 'outbound' ELSE 'inbound' END,
        CASE WHEN c.kind = 'private' THEN 'message' ELSE 'comment' END, CASE WHEN g % 3 = 0 THEN NULL ELSE i.id END,
        CASE WHEN g % 3 = 0 THEN ($4::uuid[])[1 + (c.n + g) % cardinality($4::uuid[])] END,
        ($3::text[])[(c.n * 7 + g) % 12 + 1], c.lang, CASE WHEN g % 3 = 0 THEN NULL ELSE (ARRAY['negative','neutral','positive'])[1 + g % 3] END,
        CASE WHEN g % 3 = 0 THEN NULL ELSE 'service_request' END, CASE WHEN g % 3 = 0 THEN 'sent' END,
        c.last_at - (c.msgs - g) * interval '9 minutes', c.last_at - (c.msgs - g) * interval '9 minutes', c.last_at - (c.msgs - g) * interval '9 minutes'
      FROM bench_conv c JOIN bench_ident i ON i.author = c.author, generate_series(1, c.msgs) g`, [w, channelId, TEXTS, ws.userIds]);
    await db.query(`SET maintenance_work_mem = '512MB'`);
    for (const i of idx) await db.query(i.indexdef);
    await db.query('DROP TABLE bench_conv, bench_ident');
    for (const table of ['messages', 'conversations', 'social_identities', 'inbound_deliveries']) await db.query(`VACUUM ANALYZE ${table}`);
  } finally {
    db.release();
  }
  const m = await one<{ n: number }>(parley, 'SELECT count(*)::int AS n FROM messages WHERE workspace_id = $1', [ws.workspaceId]);
  const c = await one<{ n: number }>(parley, 'SELECT count(*)::int AS n FROM conversations WHERE workspace_id = $1', [ws.workspaceId]);
  return { seconds: ms(t) / 1000, messages: m.n, conversations: c.n };
}

// The list and thread queries as repo.ts sends them (columns of conversations and the channel's network), as raw SQL.
const LIST_SQL = `SELECT c.*, ch.network FROM conversations c LEFT JOIN channels ch ON ch.workspace_id = c.workspace_id AND ch.id = c.channel_id
  WHERE c.workspace_id = $1 AND c.status = $2 AND ($3::timestamptz IS NULL OR c.last_message_at < $3 OR (c.last_message_at = $3 AND c.id < $4::uuid))
  ORDER BY c.last_message_at DESC, c.id DESC LIMIT 51`;
const CONV_SQL = `SELECT c.*, ch.network FROM conversations c LEFT JOIN channels ch ON ch.workspace_id = c.workspace_id AND ch.id = c.channel_id
  WHERE c.workspace_id = $1 AND c.id = $2`;
const THREAD_SQL = 'SELECT * FROM messages WHERE workspace_id = $1 AND conversation_id = $2 ORDER BY occurred_at, id LIMIT 500';

interface InboxRow { label: string; api: CannonResult; raw: Summary }

async function inbox(parley: Parley, ws: BenchWorkspace, appUrl: string): Promise<{ rows: InboxRow[]; threadSizes: Summary }> {
  const db = parley.database.pool!;
  const w = ws.workspaceId;
  const auth = { authorization: `Bearer ${ws.token}` };
  const deep = await one<{ last_message_at: Date; id: string }>(parley,
    `SELECT last_message_at, id FROM conversations WHERE workspace_id = $1 AND status = 'open' ORDER BY last_message_at DESC, id DESC OFFSET $2 LIMIT 1`, [w, DEEP]);
  const cursor = encodeCursor([deep.last_message_at.toISOString(), deep.id]);
  const threads = (await db.query<{ id: string; message_count: number }>(
    `SELECT id, message_count FROM conversations WHERE workspace_id = $1 AND message_count BETWEEN 10 AND 50 ORDER BY md5(id::text) LIMIT $2`, [w, INBOX_REQUESTS])).rows;
  const check = await fetch(`${appUrl}/api/conversations/${threads[0]!.id}`, { headers: auth });
  const detail = (await check.json()) as { messages: unknown[] };
  if (check.status !== 200 || detail.messages.length !== threads[0]!.message_count) throw new Error(`GET /api/conversations/:id answered ${check.status} with ${detail.messages?.length} messages`);
  const listCheck = await fetch(`${appUrl}/api/conversations?status=open&cursor=${cursor}`, { headers: auth });
  if (listCheck.status !== 200 || ((await listCheck.json()) as { items: unknown[] }).items.length !== 50) throw new Error(`GET /api/conversations answered ${listCheck.status}`);

  const raw = async (fn: (i: number) => Promise<unknown>): Promise<Summary> => {
    for (let i = 0; i < 20; i++) await fn(i);
    const samples: number[] = [];
    for (let i = 0; i < INBOX_REQUESTS; i++) {
      const t = performance.now();
      await fn(i);
      samples.push(ms(t));
    }
    return summarize(samples);
  };
  const api = async (requests: CannonRequest[]) => {
    await cannon({ url: appUrl, connections: 1, amount: 20, requests });
    return cannon({ url: appUrl, connections: 1, amount: INBOX_REQUESTS, requests });
  };
  const rows: InboxRow[] = [];
  rows.push({
    label: 'GET /api/conversations?status=open (first page, 50)',
    api: await api([{ method: 'GET', path: '/api/conversations?status=open', headers: auth }]),
    raw: await raw(() => db.query({ name: 'bench_list', text: LIST_SQL, values: [w, 'open', null, null] })),
  });
  rows.push({
    label: `GET /api/conversations?status=open&cursor=… (after ${DEEP.toLocaleString('en-US')})`,
    api: await api([{ method: 'GET', path: `/api/conversations?status=open&cursor=${cursor}`, headers: auth }]),
    raw: await raw(() => db.query({ name: 'bench_list', text: LIST_SQL, values: [w, 'open', deep.last_message_at, deep.id] })),
  });
  rows.push({
    label: `GET /api/conversations/:id (${threads.length} threads of 10–50 messages)`,
    api: await api(threads.map((t) => ({ method: 'GET', path: `/api/conversations/${t.id}`, headers: auth }))),
    raw: await raw(async (i) => {
      const id = threads[i % threads.length]!.id;
      await db.query({ name: 'bench_conv', text: CONV_SQL, values: [w, id] });
      await db.query({ name: 'bench_thread', text: THREAD_SQL, values: [w, id] });
    }),
  });
  return { rows, threadSizes: summarize(threads.map((t) => t.message_count)) };
}

// ---- main ----

async function main() {
  const machine = await printMachine(`ingestion: ${N.toLocaleString('en-US')} Messenger deliveries, -c ${CONNECTIONS}; inbox at ${INBOX_MESSAGES.toLocaleString('en-US')} messages`);
  console.log(`nproc ${os.cpus().length}`);
  const url = await createDatabase(DB);
  const parley = await bootParley({ postgres: url }, { work: !SPLIT });
  const closers: (() => Promise<unknown>)[] = [];
  if (SPLIT) {
    // The worker process shares the data directory (and so the secret key) with the API process of the bench.
    const { spawn } = await import('node:child_process');
    // BENCH_WORKER_CPU_PROF=dir: the worker process writes a CPU profile there when it stops.
    const prof = process.env.BENCH_WORKER_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_WORKER_CPU_PROF}`] : [];
    const child = spawn(process.execPath, [...prof, '--import', 'tsx', path.join(import.meta.dirname, '../server/src/main.ts')], {
      env: { ...process.env, PARLEY_ROLE: 'worker', DATABASE_URL: url, PARLEY_DATA_DIR: parley.dataDir, LOG_LEVEL: 'silent', PARLEY_DEMO: 'false', NODE_ENV: 'production' },
      stdio: 'ignore',
    });
    workerPid = child.pid;
    if (WORKER_NICE) os.setPriority(child.pid!, WORKER_NICE);
    closers.push(async () => { child.kill('SIGTERM'); await new Promise((r) => child.once('exit', r)); });
    console.log(`workers in a second process (pid ${child.pid}, PARLEY_ROLE=worker, nice ${WORKER_NICE}); this process serves the API only`);
  }
  const result: Record<string, unknown> = { machine, n: N, connections: CONNECTIONS, authors: AUTHORS, workers: SPLIT ? `process, nice ${WORKER_NICE}` : 'same process', workspace: BARE_WORKSPACE ? 'bare' : 'demo inbox set-up' };
  try {
    const ws = await createBenchWorkspace(parley);
    if (!BARE_WORKSPACE) {
      const { heartbeat } = await inboxSetup(parley, ws);
      const beat = setInterval(() => void heartbeat().catch(() => undefined), 30_000);
      closers.push(async () => clearInterval(beat));
    }
    console.log(`workspace: ${BARE_WORKSPACE ? 'bare (no teams, routing rules or SLA policies)' : `the demo's inbox set-up: 2 teams, ${ws.userIds.length} agents online, routing rules, business hours, SLA policies`}`);
    const channel = await createChannel(parley, ws.actor, { network: 'facebook', externalId: PAGE, name: 'Bench page', secrets: { appSecret: SECRET } });
    const webhookPath = `/api/channels/${channel.id}/webhook`;
    const app = await buildApp(parley, { serveWeb: false });
    const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());
    const bare = Fastify();
    bare.removeAllContentTypeParsers();
    bare.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    bare.post('/bare', async (_req, reply) => reply.status(200).header('content-type', 'application/json').send('{"ok":true}'));
    const bareUrl = await bare.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => bare.close());

    console.log(`\n1+2. Posting ${N.toLocaleString('en-US')} distinct signed deliveries (${AUTHORS.toLocaleString('en-US')} customers) … load ${load()}`);
    const ing = await ingestion(parley, ws, appUrl, bareUrl, webhookPath);
    if (ing.ack.non2xx || ing.ack.errors || ing.failed || ing.rows.messages !== ing.ack.ok) {
      console.log(`  ! non-2xx ${ing.ack.non2xx}, errors ${ing.ack.errors}, failed deliveries ${ing.failed}, messages ${ing.rows.messages} of ${ing.ack.ok} acknowledged`);
    }
    printTable(`Webhook acknowledgement, ${N.toLocaleString('en-US')} deliveries, autocannon -c ${CONNECTIONS}${SPLIT ? `, workers in their own process (nice ${WORKER_NICE})` : ''} (load during: ${ing.loadDuring})`,
      ['route', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'non-2xx', 'errors'],
      [['POST /api/channels/:id/webhook (verify, store, enqueue; workers busy)', ing.ack.rps, ing.ack.p50, ing.ack.p90, ing.ack.p99, ing.ack.max, ing.ack.non2xx, ing.ack.errors],
        ['POST /bare (bare Fastify, body read, 200; idle workers)', ing.bare.rps, ing.bare.p50, ing.bare.p90, ing.bare.p99, ing.bare.max, ing.bare.non2xx, ing.bare.errors]]);
    console.log(`\nIngestion: ${ing.rows.messages!.toLocaleString('en-US')} messages in ${ing.wallSeconds.toFixed(1)} s from the first delivery received to the last processed` +
      ` = ${fmt(ing.messagesPerSecond)} messages/s (acknowledging took ${ing.ackSeconds.toFixed(1)} s; event-handler jobs drained ${ing.drainedSeconds.toFixed(1)} s after the first delivery)`);
    console.log(`  jobs still waiting when the last delivery was processed: ${JSON.stringify(ing.pending)}`);
    console.log(`  rows written: ${Object.entries(ing.rows).map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`);
    const perMessage = (s: number) => fmt((s * 1000) / ing.rows.messages!);
    console.log(`  CPU during it: Node ${ing.nodeCpuS.toFixed(1)} s (${perMessage(ing.nodeCpuS)} ms a message${SPLIT ? `: API ${perMessage(ing.nodeCpuS - ing.workerCpuS)}, workers ${perMessage(ing.workerCpuS)}` : ''}), PostgreSQL ${ing.pgCpuS.toFixed(1)} s (${fmt((ing.pgCpuS * 1000) / ing.rows.messages!)} ms), load generator ${(ing.ack.cpuMs / 1000).toFixed(1)} s;` +
      ` ceiling on 2 cores without the generator ≈ ${fmt(2 / ((ing.nodeCpuS + ing.pgCpuS) / ing.rows.messages!))} messages/s`);
    console.log(`  processed per second, 2-s windows: ${ing.timeline.map((x) => Math.round(x.rate)).join(' ')}`);

    const ref = await rawInsert(parley, ws.workspaceId, ing.rows.messages!);
    console.log(`Reference: ${ref.rows.toLocaleString('en-US')} of the same message rows INSERTed in batches of 1,000 into a copy of messages with its indexes: ${ref.seconds.toFixed(2)} s = ${fmt(ref.rate)} rows/s`);

    // BENCH_INGEST_PROFILE_N=0 and BENCH_INBOX_MESSAGES=0 skip the breakdown and the inbox part (a quick ingestion run).
    const bd = PROFILE_N > 0 ? await (async () => {
    console.log(`\nWhere a delivery's work goes: ${PROFILE_N.toLocaleString('en-US')} more deliveries under the profiler, statements captured …`);
    const bd = await breakdown(parley, ws.workspaceId, appUrl, webhookPath);
    printTable(`Statements a delivery (every pg client of the process, pg-boss's included; the bench's own polling too): ${fmt(bd.statements)}`, ['statement', 'a delivery', 'ms a delivery (wall)'],
      bd.byStatement.map(([k, v]) => [k, v.n / PROFILE_N, v.ms / PROFILE_N]));
    printTable('Node CPU by library (self time; profile of the same run)', ['where', '%', 'ms a delivery'], bd.summary.byLibrary.slice(0, 12).map((p) => [p.name, p.pct, p.ms / PROFILE_N]));
    printTable('… in these functions (inclusive)', ['function', '%', 'ms a delivery'], bd.summary.functions.map((p) => [p.name, p.pct, p.ms / PROFILE_N]));
    return bd;
    })() : null;
    const summary = [
      ['ingestion, messages/s (whole pipeline)', fmt(ing.messagesPerSecond), `≥ ${GOAL_RATE.toLocaleString('en-US')} (goal ${STRETCH_RATE.toLocaleString('en-US')})`,
        `${verdict(ing.messagesPerSecond, GOAL_RATE, 'min')} / ${verdict(ing.messagesPerSecond, STRETCH_RATE, 'min')}`, `batched INSERT of the same rows ${fmt(ref.rate)} rows/s`],
      ['webhook ack p99 ms', fmt(ing.ack.p99), `≤ ${GOAL_ACK_P99}`, verdict(ing.ack.p99, GOAL_ACK_P99, 'max'), `bare Fastify p99 ${fmt(ing.bare.p99)} ms (${fmt(ing.bare.rps)} req/s)`],
    ];
    Object.assign(result, { ingestion: ing, rawInsert: ref, breakdown: bd && { statements: bd.statements, byStatement: bd.byStatement, summary: bd.summary } });
    if (INBOX_MESSAGES === 0) {
      printTable('SUMMARY ingestion.ts', ['figure', 'measured', 'goal', 'verdict', 'reference (same run)'], summary);
      saveResult('ingestion', { ...result, loadAtEnd: load() });
      return;
    }

    console.log(`\n3. Loading ${INBOX_MESSAGES.toLocaleString('en-US')} messages in ${INBOX_CONVERSATIONS.toLocaleString('en-US')} conversations … load ${load()}`);
    const bulk = await createChannel(parley, ws.actor, { network: 'facebook', externalId: '99887766554', name: 'Bulk page', secrets: { appSecret: SECRET } });
    const loaded = await loadInbox(parley, ws, bulk.id);
    console.log(`  loaded in ${loaded.seconds.toFixed(0)} s: ${loaded.messages.toLocaleString('en-US')} messages, ${loaded.conversations.toLocaleString('en-US')} conversations in the workspace; load ${load()}`);
    const ib = await inbox(parley, ws, appUrl);
    printTable(`Inbox at ${loaded.messages.toLocaleString('en-US')} messages: ${INBOX_REQUESTS} requests each, one at a time (threads opened: p50 ${ib.threadSizes.p50} messages, max ${ib.threadSizes.max}); load ${load()}`,
      ['request', 'API p50 ms', 'API p90', 'API p99', 'API max', 'raw SQL p50', 'raw p99', 'raw max'],
      ib.rows.map((r) => [r.label, r.api.p50, r.api.p90, r.api.p99, r.api.max, r.raw.p50, r.raw.p99, r.raw.max]));

    const [list, page, open] = ib.rows as [InboxRow, InboxRow, InboxRow];
    printTable('SUMMARY ingestion.ts', ['figure', 'measured', 'goal', 'verdict', 'reference (same run)'], [
      ...summary,
      ['inbox list p99 ms (first page)', fmt(list.api.p99), `≤ ${GOAL_INBOX_P99}`, verdict(list.api.p99, GOAL_INBOX_P99, 'max'), `raw SQL p99 ${fmt(list.raw.p99)} ms`],
      ['inbox list p99 ms (page by cursor)', fmt(page.api.p99), `≤ ${GOAL_INBOX_P99}`, verdict(page.api.p99, GOAL_INBOX_P99, 'max'), `raw SQL p99 ${fmt(page.raw.p99)} ms`],
      ['conversation open p99 ms', fmt(open.api.p99), `≤ ${GOAL_INBOX_P99}`, verdict(open.api.p99, GOAL_INBOX_P99, 'max'), `raw SQL p99 ${fmt(open.raw.p99)} ms`],
    ]);
    Object.assign(result, { inboxLoad: loaded, inbox: ib, loadAtEnd: load() });
    saveResult('ingestion', result);
  } finally {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await parley.close();
    await dropDatabase(DB);
    rmSync(parley.dataDir, { recursive: true, force: true });
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();

// Realtime (issue 3): commit-to-browser latency of a domain event over server-sent events, across two Parley processes
// on one PostgreSQL database. Goal: every open inbox has the change within a second (p99 ≤ 1,000 ms).
//
// Process A is this script (Parley booted in-process, its API listening); process B is a second Parley API process
// (`PARLEY_ROLE=api`, a child). BENCH_RT_CLIENTS SSE clients (half on A, half on B, authenticated by API token) stay
// connected; BENCH_RT_EVENTS domain events are emitted through Parley's own `emit()` in their own transactions, one every
// BENCH_RT_GAP_MS, and each client records when each event arrives. Latency = arrival − the moment COMMIT returned.
// Reference in the same run: a raw node-postgres client LISTENing on the same channel (the bare NOTIFY path, no Parley).
// The clients run in this process too, so A's figures include the parsing of every client's stream on the same core.
//
//   npx tsx bench/realtime.ts      BENCH_RT_CLIENTS=200 BENCH_RT_EVENTS=300 BENCH_RT_GAP_MS=20
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { emit } from '../server/src/events/emit.ts';
import { newId } from '../server/src/lib/ids.ts';
import { REALTIME_CHANNEL } from '../server/src/realtime/hub.ts';
import { openStream, type StreamClient } from '../server/src/realtime/testing.ts';
import { benchDir, createDatabase, dropDatabase, percentile, printMachine, printTable, saveResult, summarize, verdict } from './lib/common.ts';
import { bootParley, createBenchWorkspace } from './lib/parley.ts';

const CLIENTS = Number(process.env.BENCH_RT_CLIENTS ?? 200);
const EVENTS = Number(process.env.BENCH_RT_EVENTS ?? 300);
const GAP_MS = Number(process.env.BENCH_RT_GAP_MS ?? 20);
const GOAL_P99 = 1000;
const DB = 'parley_bench_realtime';
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

async function main(): Promise<void> {
  const machine = await printMachine('Realtime: commit → SSE client, two Parley processes on one PostgreSQL');
  const url = await createDatabase(DB);
  const a = await bootParley({ postgres: url, poolSize: 10 });
  const ws = await createBenchWorkspace(a, 'realtime');
  const appA = await buildApp(a, { serveWeb: false });
  await appA.listen({ port: 0, host: '127.0.0.1' });
  const baseA = `http://127.0.0.1:${(appA.server.address() as net.AddressInfo).port}`;

  const portB = await freePort();
  const dataB = mkdtempSync(path.join(os.tmpdir(), 'parley-bench-rt-'));
  const childB = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], {
    cwd: path.join(benchDir, '..'),
    env: { ...process.env, DATABASE_URL: url, PARLEY_ROLE: 'api', PORT: String(portB), HOST: '127.0.0.1', PARLEY_DATA_DIR: dataB, PARLEY_DEMO: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  // Never leave process B behind, whatever happens to this one.
  process.once('exit', () => { if (childB.exitCode === null) childB.kill('SIGKILL'); });
  const baseB = `http://127.0.0.1:${portB}`;
  for (let i = 0; ; i++) {
    if (await fetch(`${baseB}/api/ready`).then((r) => r.ok, () => false)) break;
    if (i > 400 || childB.exitCode !== null) throw new Error('process B did not start');
    await new Promise((r) => setTimeout(r, 250));
  }

  // arrivals[eventId] = arrival times (performance.now()) per client kind
  const arrivals = new Map<string, { a: number[]; b: number[]; raw: number[] }>();
  const slot = (id: string) => {
    let s = arrivals.get(id);
    if (!s) arrivals.set(id, (s = { a: [], b: [], raw: [] }));
    return s;
  };
  const headers = { authorization: `Bearer ${ws.token}` };
  const clients: StreamClient[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const side = i % 2 === 0 ? 'a' : 'b';
    clients.push(await openStream(side === 'a' ? baseA : baseB, headers, (m, at) => { if (m.id) slot(m.id)[side].push(at); }));
  }
  const raw = new pg.Client({ connectionString: url });
  await raw.connect();
  raw.on('notification', (n) => {
    const at = performance.now();
    try { slot((JSON.parse(n.payload ?? '{}') as { id: string }).id).raw.push(at); } catch { /* not ours */ }
  });
  await raw.query(`LISTEN ${REALTIME_CHANNEL}`);
  console.log(`${CLIENTS} clients connected (${Math.ceil(CLIENTS / 2)} on A, ${Math.floor(CLIENTS / 2)} on B); load ${load()}`);

  const committedAt = new Map<string, number>();
  const startLoad = load();
  const conversationId = newId();
  for (let i = 0; i < EVENTS; i++) {
    let id = '';
    await a.db.transaction(async (tx) => {
      id = await emit(tx, a.queue, ws.actor, { type: 'conversation.updated', subject: { type: 'conversation', id: conversationId }, payload: { after: { priority: i % 2 ? 'high' : 'normal' } } });
    });
    committedAt.set(id, performance.now());
    await new Promise((r) => setTimeout(r, GAP_MS));
  }
  await new Promise((r) => setTimeout(r, 2000)); // the last events' stragglers

  const lat = { a: [] as number[], b: [] as number[], raw: [] as number[] };
  let missing = 0;
  for (const [id, t0] of committedAt) {
    const s = arrivals.get(id) ?? { a: [], b: [], raw: [] };
    for (const k of ['a', 'b', 'raw'] as const) for (const t of s[k]) lat[k].push(t - t0);
    missing += Math.ceil(CLIENTS / 2) - s.a.length + Math.floor(CLIENTS / 2) - s.b.length;
  }
  const rows = ([['SSE clients on process A (emitting)', lat.a], ['SSE clients on process B (other process)', lat.b], ['reference: raw pg LISTEN client', lat.raw]] as const)
    .map(([label, xs]) => { const s = summarize([...xs]); return [label, s.n, s.p50, s.p95, s.p99, s.max] as (string | number)[]; });
  printTable(`Commit → arrival (ms), ${EVENTS} events every ${GAP_MS} ms, ${CLIENTS} clients, load at start ${startLoad}, at end ${load()}`, ['path', 'samples', 'p50', 'p95', 'p99', 'max'], rows);
  const both = lat.a.concat(lat.b);
  const all = { p50: percentile(both, 50), p99: percentile(both, 99) }; // summarize() spreads into Math.max: too many samples
  console.log(`missing deliveries: ${missing}`);
  console.log(`SUMMARY realtime: commit→SSE p99 ${all.p99.toFixed(1)} ms (p50 ${all.p50.toFixed(1)}) with ${CLIENTS} clients on 2 processes, ${verdict(all.p99, GOAL_P99, 'max')} (goal ≤ ${GOAL_P99} ms); raw LISTEN p99 ${summarize(lat.raw).p99.toFixed(1)} ms`);
  saveResult('realtime', { machine, clients: CLIENTS, events: EVENTS, gapMs: GAP_MS, a: summarize(lat.a), b: summarize(lat.b), raw: summarize(lat.raw), missing });

  for (const c of clients) c.close();
  await raw.end();
  childB.kill('SIGTERM');
  await new Promise((r) => childB.once('exit', r));
  rmSync(dataB, { recursive: true, force: true });
  await appA.close();
  await a.close();
  rmSync(a.dataDir, { recursive: true, force: true });
  await dropDatabase(DB);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
process.once('SIGTERM', () => process.exit(143));
process.once('SIGINT', () => process.exit(130));

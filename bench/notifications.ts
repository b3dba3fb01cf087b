// Notifications (issue 5): mention-to-notification latency. Goal: p99 ≤ 500 ms with 200 connected users.
//
// Parley boots in this process on PostgreSQL with its job workers (the notifications handler is woken by NOTIFY) and
// its API listening. BENCH_NT_CLIENTS SSE clients stay connected: one is the colleague who gets mentioned, the others
// are other users' streams (they receive the note's event, never the notification). BENCH_NT_MENTIONS notes are written
// through the HTTP API (POST /api/contacts/:id/notes with @[Name](user:id)), one after the other; latency = from
// sending the request to the `notification.created` notice arriving on the mentioned user's stream.
// Reference in the same run: raw NOTIFY → LISTEN round trip on the same server (two node-postgres clients).
//
//   npx tsx bench/notifications.ts      BENCH_NT_CLIENTS=200 BENCH_NT_MENTIONS=100
import type net from 'node:net';
import { rmSync } from 'node:fs';
import pg from 'pg';
import { buildApp } from '../server/src/app.ts';
import { apiTokens } from '../server/src/db/schema.ts';
import { createUser, newApiTokenSecret } from '../server/src/domains/workspace/service.ts';
import { newId } from '../server/src/lib/ids.ts';
import { openStream, type StreamClient } from '../server/src/realtime/testing.ts';
import { createDatabase, dropDatabase, percentile, printMachine, printTable, saveResult, summarize, verdict } from './lib/common.ts';
import { BENCH_PASSWORD, bootParley, createBenchWorkspace } from './lib/parley.ts';

const CLIENTS = Number(process.env.BENCH_NT_CLIENTS ?? 200);
const MENTIONS = Number(process.env.BENCH_NT_MENTIONS ?? 100);
const GOAL_P99 = 500;
const DB = 'parley_bench_notifications';

async function main(): Promise<void> {
  const machine = await printMachine('Notifications: @mention in a note → notice on the mentioned user\'s stream');
  const url = await createDatabase(DB);
  const p = await bootParley({ postgres: url, poolSize: 10 }, { work: true });
  const ws = await createBenchWorkspace(p, 'notifications');
  const bea = await createUser(p.db, { workspaceId: ws.workspaceId, email: `bea.${newId().slice(-6)}@bench.example`, name: 'Bea Brenner', role: 'sales', password: BENCH_PASSWORD, language: 'de' });
  const beaToken = newApiTokenSecret(ws.workspaceId);
  await p.db.insert(apiTokens).values({ workspaceId: ws.workspaceId, id: newId(), userId: bea.id, name: 'bench', tokenHash: beaToken.hash });
  const app = await buildApp(p, { serveWeb: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://127.0.0.1:${(app.server.address() as net.AddressInfo).port}`;
  const admin = { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' };

  const clients: StreamClient[] = [];
  let waiting: ((at: number) => void) | null = null;
  clients.push(await openStream(base, { authorization: `Bearer ${beaToken.secret}` }, (m, at) => { if (m.type === 'notification.created') waiting?.(at); }));
  for (let i = 1; i < CLIENTS; i++) clients.push(await openStream(base, { authorization: `Bearer ${ws.token}` }));
  console.log(`${CLIENTS} streams connected (1 mentioned user, ${CLIENTS - 1} others)`);

  const contact = await fetch(`${base}/api/contacts`, { method: 'POST', headers: admin, body: JSON.stringify({ firstName: 'Annegret', lastName: 'Vogelsang' }) }).then((r) => r.json()) as { id: string };
  const lat: number[] = [];
  let lost = 0;
  for (let i = 0; i < MENTIONS + 5; i++) {
    const arrived = new Promise<number>((resolve) => {
      const t = setTimeout(() => resolve(-1), 5_000);
      waiting = (at) => { clearTimeout(t); waiting = null; resolve(at); };
    });
    const t0 = performance.now();
    const res = await fetch(`${base}/api/contacts/${contact.id}/notes`, { method: 'POST', headers: admin, body: JSON.stringify({ body: `Rückruf Nr. ${i} bitte übernehmen, @[Bea Brenner](user:${bea.id})` }) });
    if (res.status !== 201) throw new Error(`note: ${res.status} ${await res.text()}`);
    const at = await arrived;
    if (i < 5) continue; // warm-up
    if (at < 0) lost++;
    else lat.push(at - t0);
    await new Promise((r) => setTimeout(r, 50));
  }

  // Reference: the bare NOTIFY → LISTEN path of the same server.
  const listener = new pg.Client({ connectionString: url });
  const notifier = new pg.Client({ connectionString: url });
  await listener.connect();
  await notifier.connect();
  await listener.query('LISTEN bench_reference');
  const raw: number[] = [];
  for (let i = 0; i < MENTIONS; i++) {
    const got = new Promise<number>((resolve) => listener.once('notification', () => resolve(performance.now())));
    const t0 = performance.now();
    await notifier.query(`NOTIFY bench_reference, '${i}'`);
    raw.push((await got) - t0);
  }
  await listener.end();
  await notifier.end();

  const rows = ([['mention → notification on the recipient\'s stream', lat], ['reference: raw NOTIFY → LISTEN', raw]] as const)
    .map(([label, xs]) => { const s = summarize([...xs]); return [label, s.n, s.p50, s.p95, s.p99, s.max] as (string | number)[]; });
  printTable(`Latency (ms), ${MENTIONS} mentions one after another, ${CLIENTS} connected streams`, ['path', 'samples', 'p50', 'p95', 'p99', 'max'], rows);
  console.log(`lost notices: ${lost}`);
  const p99 = percentile(lat, 99);
  console.log(`SUMMARY notifications: mention→notice p99 ${p99.toFixed(1)} ms (p50 ${percentile(lat, 50).toFixed(1)}) with ${CLIENTS} streams, ${verdict(p99, GOAL_P99, 'max')} (goal ≤ ${GOAL_P99} ms); raw NOTIFY→LISTEN p99 ${percentile(raw, 99).toFixed(1)} ms`);
  saveResult('notifications', { machine, clients: CLIENTS, mentions: MENTIONS, mention: summarize(lat), raw: summarize(raw), lost });

  for (const c of clients) c.close();
  await app.close();
  await p.close();
  rmSync(p.dataDir, { recursive: true, force: true });
  await dropDatabase(DB);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
process.once('SIGTERM', () => process.exit(143));
process.once('SIGINT', () => process.exit(130));

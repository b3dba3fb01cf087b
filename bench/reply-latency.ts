// Reply to the sandbox network (issue 3, "A reply reaches the sandbox network ≤ 1 s after send (p99)"), on real
// PostgreSQL: one Parley process (API + job workers, as `npm start` runs it) and the sandbox's imitation of the Graph
// API (server/src/sandbox/network.ts) on its own Fastify server, which a Facebook sandbox channel sends to.
//
// Measured: an agent's POST /api/conversations/:id/replies (Bearer token, over HTTP) → the imitation records the reply
// (its `onCall` hook, same process clock), BENCH_REPLIES replies to as many customer comments, BENCH_REPLY_INFLIGHT at a
// time. The path: the reply stored and queued with its `inbox.send` job in one transaction → the worker wakes (NOTIFY
// on the send queue, else its 0.5 s poll) → the connector's Graph API call → the imitation.
// Reference in the same run: the same Graph API POST sent straight to the imitation (fetch → recorded).
//
//   npx tsx bench/reply-latency.ts      BENCH_REPLIES=300 BENCH_REPLY_INFLIGHT=4
import os from 'node:os';
import Fastify from 'fastify';
import { createHmac } from 'node:crypto';
import { buildApp } from '../server/src/app.ts';
import { openSecrets } from '../server/src/domains/inbox/channel-secrets.ts';
import { ensureSandboxChannel } from '../server/src/domains/inbox/channels-service.ts';
import * as inboxRepo from '../server/src/domains/inbox/repo.ts';
import { newId } from '../server/src/lib/ids.ts';
import { SandboxNetwork, sandboxRoutes, type SandboxCall } from '../server/src/sandbox/network.ts';
import { createDatabase, dropDatabase, fmt, ms, printMachine, printTable, saveResult, summarize, verdict } from './lib/common.ts';
import { bootParley, createBenchWorkspace } from './lib/parley.ts';

const N = Number(process.env.BENCH_REPLIES ?? 300);
const INFLIGHT = Number(process.env.BENCH_REPLY_INFLIGHT ?? 4);
const GOAL_P99_MS = 1000;
const DB = 'parley_bench_replies';
const PAGE = '104729435218830';
const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');

async function main() {
  const machine = await printMachine(`reply → sandbox: ${N} replies, ${INFLIGHT} at a time`);
  const url = await createDatabase(DB);
  const parley = await bootParley({ postgres: url }, { work: true });
  const closers: (() => Promise<unknown>)[] = [];
  try {
    const ws = await createBenchWorkspace(parley);
    // The imitation of the networks, on its own server (as a network is another host).
    const network = new SandboxNetwork();
    const imitation = Fastify();
    await sandboxRoutes(imitation, network);
    const imitationUrl = await imitation.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => imitation.close());
    const { row: channel } = await ensureSandboxChannel(parley, ws.workspaceId, {
      network: 'facebook', externalId: PAGE, name: 'Bench page (sandbox)', apiBaseUrl: `${imitationUrl}/sandbox/facebook`,
      newSecrets: () => ({ appSecret: 'bench-app-secret', verifyToken: 'bench-verify', accessToken: 'EAAbench-token' }),
    });
    const secrets = openSecrets(parley, channel.credentialsEnc);
    const app = await buildApp(parley, { serveWeb: false });
    const appUrl = await app.listen({ host: '127.0.0.1', port: 0 });
    closers.push(() => app.close());

    // N customer comments, each its own public thread (what the pipeline would have stored).
    const threads: { conversationId: string; commentId: string }[] = [];
    await parley.db.transaction(async (tx) => {
      for (let i = 0; i < N + 20; i++) {
        const commentId = `${PAGE}_9021${i}_${7000 + i}`;
        const { row } = await inboxRepo.upsertConversation(tx, {
          workspaceId: ws.workspaceId, id: newId(), channelId: channel.id, kind: 'public', threadKey: `${PAGE}_9021${i}`, lastMessageAt: new Date(), messageCount: 1,
        });
        await inboxRepo.insertMessage(tx, {
          workspaceId: ws.workspaceId, id: newId(), conversationId: row.id, channelId: channel.id, externalId: commentId, direction: 'inbound',
          objectType: 'comment', text: `Frage ${i}: Wann kommt der Techniker?`, occurredAt: new Date(),
        });
        threads.push({ conversationId: row.id, commentId });
      }
    });

    const arrivals = new Map<string, (call: SandboxCall) => void>();
    network.onCall((c) => { if (c.text) arrivals.get(c.text)?.(c); });
    const arrival = (text: string) => new Promise<number>((resolve) => arrivals.set(text, () => { arrivals.delete(text); resolve(performance.now()); }));
    const auth = { authorization: `Bearer ${ws.token}`, 'content-type': 'application/json' };

    // One reply: POST → recorded by the imitation. Returns [end-to-end ms, POST answered ms].
    const reply = async (i: number, tag: string): Promise<[number, number]> => {
      const t = threads[i % threads.length]!;
      const text = `Guten Tag, ein Techniker kommt morgen zwischen 8 und 12 Uhr. (${tag} ${i})`;
      const arrived = arrival(text);
      const t0 = performance.now();
      const res = await fetch(`${appUrl}/api/conversations/${t.conversationId}/replies`, { method: 'POST', headers: auth, body: JSON.stringify({ text }) });
      const posted = ms(t0);
      if (res.status !== 201 && res.status !== 200) throw new Error(`reply answered ${res.status}: ${await res.text()}`);
      const timeout = new Promise<number>((_, reject) => setTimeout(() => reject(new Error(`reply ${i} did not reach the sandbox in 30 s`)), 30_000));
      return [(await Promise.race([arrived, timeout])) - t0, posted];
    };
    const run = async <T>(count: number, fn: (i: number) => Promise<T>): Promise<T[]> => {
      const out: T[] = [];
      let next = 0;
      await Promise.all(Array.from({ length: INFLIGHT }, async () => {
        while (next < count) { const i = next++; out.push(await fn(i)); }
      }));
      return out;
    };

    // The reference: the connector's call, sent straight to the imitation.
    const proof = createHmac('sha256', secrets.appSecret!).update(secrets.accessToken!).digest('hex');
    const bare = async (i: number): Promise<number> => {
      const text = `bare ${i}`;
      const arrived = arrival(text);
      const t0 = performance.now();
      const res = await fetch(`${imitationUrl}/sandbox/facebook/v23.0/${threads[i % threads.length]!.commentId}/comments?appsecret_proof=${proof}`, {
        method: 'POST', headers: { authorization: `Bearer ${secrets.accessToken}`, 'content-type': 'application/json' }, body: JSON.stringify({ message: text }),
      });
      if (!res.ok) throw new Error(`imitation answered ${res.status}`);
      return (await arrived) - t0;
    };

    console.log(`\nWarm-up (20 replies) … load ${load()}`);
    await run(20, (i) => reply(N + i, 'warm'));
    await run(50, (i) => bare(i));
    console.log(`Timing ${N} replies, ${INFLIGHT} at a time … load ${load()}`);
    const t = performance.now();
    const samples = await run(N, (i) => reply(i, 'run'));
    const seconds = ms(t) / 1000;
    const loadDuring = load();
    const e2e = summarize(samples.map((s) => s[0]));
    const post = summarize(samples.map((s) => s[1]));
    const ref = summarize(await run(N, (i) => bare(i + 1000)));
    printTable(`Reply → sandbox network, ${N} replies, ${INFLIGHT} in flight, ${fmt(N / seconds)} replies/s (load during: ${loadDuring})`,
      ['path', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
      [['POST /api/conversations/:id/replies → recorded by the imitation', e2e.p50, e2e.p95, e2e.p99, e2e.max],
        ['… of which the POST itself (stored, queued, answered)', post.p50, post.p95, post.p99, post.max],
        ['reference: the Graph API POST straight to the imitation', ref.p50, ref.p95, ref.p99, ref.max]]);
    printTable('SUMMARY reply-latency.ts', ['figure', 'measured', 'goal', 'verdict', 'reference (same run)'], [
      ['reply reaches the sandbox, p99 ms', fmt(e2e.p99), `≤ ${GOAL_P99_MS}`, verdict(e2e.p99, GOAL_P99_MS, 'max'), `direct POST to the imitation p99 ${fmt(ref.p99)} ms`],
    ]);
    saveResult('reply-latency', { machine, n: N, inflight: INFLIGHT, e2e, post, reference: ref, loadDuring, loadAtEnd: load() });
  } finally {
    for (const c of closers.reverse()) await c().catch(() => undefined);
    await parley.close();
    await dropDatabase(DB);
  }
}

await main();

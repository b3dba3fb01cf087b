import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { buildApp } from '../app.ts';
import type { Deps } from '../deps.ts';
import { openDatabase, rows, type Database } from '../db/client.ts';
import { emit } from '../events/emit.ts';
import type { App } from '../http/types.ts';
import { newId } from '../lib/ids.ts';
import { useApi, type TestUser, type TestWorkspace } from '../testing/harness.ts';
import { listenerName } from './hub.ts';
import { openStream, type StreamClient } from './testing.ts';

const api = useApi();

// Two app instances on the same database, as two API processes would be: on PostgreSQL each with its own pool and its
// own listening connection; on PGlite (one process by design) two apps on the one embedded instance.
let other: { app: App; database: Database | null };
let baseA: string;
let baseB: string;
const streams: StreamClient[] = [];

async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  let deps: Deps = api.deps;
  let database: Database | null = null;
  if (api.kind === 'postgres') {
    database = await openDatabase({ kind: 'postgres', url: inject('postgresUrl'), poolSize: 3 });
    deps = { ...api.deps, database, db: database.db };
  }
  other = { app: await buildApp(deps, { serveWeb: false }), database };
  baseA = await listen(api.app);
  baseB = await listen(other.app);
}, 60_000);

afterAll(async () => {
  for (const s of streams) s.close();
  await other?.app.close();
  await other?.database?.close();
});

async function stream(base: string, user: TestUser): Promise<StreamClient> {
  const s = await openStream(base, { cookie: user.cookie });
  streams.push(s);
  return s;
}

/** A conversation row of the workspace (only the base columns: the inbox's own factories need a channel and a delivery). */
async function conversation(ws: TestWorkspace): Promise<string> {
  const id = newId();
  await api.deps.db.execute(sql`INSERT INTO conversations (workspace_id, id, channel_id, kind, thread_key) VALUES (${ws.id}, ${id}, ${newId()}, 'public', ${`t-${id}`})`);
  return id;
}

const actorOf = (ws: TestWorkspace) => ({ workspaceId: ws.id, userId: ws.admin.id, role: 'admin' as const, kind: 'user' as const, language: 'en' as const });

describe('the event stream', () => {
  test('an event committed through one app reaches a client of the other app within a second, and only its workspace', async () => {
    const a = await api.workspace();
    const b = await api.workspace();
    const agent = await a.user('agent');
    const clientA = await stream(baseB, agent);
    const clientB = await stream(baseB, b.admin);

    const created = await a.admin.req('POST', '/api/contacts', { firstName: 'Anna', lastName: 'Schäfer' }); // through app A
    expect(created.status).toBe(201);
    // The change committed before the response was sent: from then on, the other app's client has it within a second.
    const committed = performance.now();
    const got = await clientA.waitFor((m) => m.type === 'contact.created' && m.subject?.id === created.body.id, 1_000);
    expect(got.at - committed).toBeLessThan(1_000);
    // Ids and type only: nothing of the record's content travels on the stream.
    expect(got.message).toEqual({ type: 'contact.created', id: expect.any(String), subject: { type: 'contact', id: created.body.id }, conversationId: null, userId: a.admin.id });
    expect(JSON.stringify(clientA.messages)).not.toContain('Schäfer');

    // Workspace B's stream works (its own event arrives) and never carried A's.
    const own = await b.admin.req('POST', '/api/contacts', { firstName: 'Bernd', lastName: 'Vogel' });
    await clientB.waitFor((m) => m.subject?.id === own.body.id, 1_000);
    expect(clientB.messages.some((x) => x.message.subject?.id === created.body.id)).toBe(false);
  });

  test('a rolled-back transaction notifies nothing; the committed one names its conversation', async () => {
    const ws = await api.workspace();
    const client = await stream(baseB, ws.admin);
    const rolledBack = newId();
    await expect(api.deps.db.transaction(async (tx) => {
      await emit(tx, api.deps.queue, actorOf(ws), { type: 'conversation.updated', subject: { type: 'conversation', id: rolledBack }, payload: { after: { status: 'resolved' } } });
      throw new Error('rollback');
    })).rejects.toThrow('rollback');
    const committed = newId();
    await api.deps.db.transaction(async (tx) => {
      await emit(tx, api.deps.queue, actorOf(ws), { type: 'conversation.updated', subject: { type: 'conversation', id: committed }, payload: { after: { status: 'resolved' } } });
      // Not yet committed: nobody may hear of it.
      await new Promise((r) => setTimeout(r, 150));
      expect(client.messages.some((x) => x.message.subject?.id === committed)).toBe(false);
    });
    const got = await client.waitFor((m) => m.subject?.id === committed, 1_000);
    expect(got.message.conversationId).toBe(committed);
    // Commits are delivered in order, so the rolled-back event, had it been sent, would have come before.
    expect(client.messages.some((x) => x.message.subject?.id === rolledBack)).toBe(false);
  });

  test('a role without inbox:read gets no inbox events, but other events it may read', async () => {
    const ws = await api.workspace();
    const sales = await ws.user('sales');
    const client = await stream(baseA, sales);
    const conv = newId();
    await api.deps.db.transaction(async (tx) => {
      await emit(tx, api.deps.queue, actorOf(ws), { type: 'message.received', subject: { type: 'message', id: newId() }, payload: { conversationId: conv } });
    });
    const contact = await ws.admin.req('POST', '/api/contacts', { firstName: 'Clara', lastName: 'Berg' });
    await client.waitFor((m) => m.subject?.id === contact.body.id, 1_000);
    expect(client.messages.some((x) => x.message.conversationId === conv)).toBe(false);
  });

  test('needs a signed-in user; many streams of a process share one database listener', async () => {
    const res = await fetch(`${baseA}/api/stream`);
    expect(res.status).toBe(401);
    const ws = await api.workspace();
    const clients = await Promise.all([1, 2, 3, 4].map(() => stream(baseB, ws.admin)));
    const contact = await ws.admin.req('POST', '/api/contacts', { firstName: 'Dora', lastName: 'Lind' });
    await Promise.all(clients.map((c) => c.waitFor((m) => m.subject?.id === contact.body.id, 1_000)));
    if (api.kind === 'postgres') {
      // This process's listeners only: other test files of the run share the database and listen too.
      const [r] = await rows<{ n: number }>(api.deps.db, sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN parley_realtime' AND application_name = ${listenerName()}`);
      // One per app instance (A may still hold its listener from the test before), however many streams are open.
      expect(r!.n).toBeGreaterThanOrEqual(1);
      expect(r!.n).toBeLessThanOrEqual(2);
    }
  });
});

describe('the listener', () => {
  test('reconnects after losing its connection (PostgreSQL) and tells the streams to refetch; streams come and go', async () => {
    const ws = await api.workspace();
    const client = await stream(baseB, ws.admin);
    if (api.kind === 'postgres') {
      // Kill every listening backend of this database, as a PostgreSQL restart or a network cut would.
      // (This process's only: other test files of the run share the database.)
      await api.deps.db.execute(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN parley_realtime' AND application_name = ${listenerName()}`);
      await client.waitFor((m) => m.type === 'stream.resync', 5_000);
    } else {
      // One process: the last stream closing stops nothing another stream needs, and a new stream listens again.
      const second = await stream(baseB, ws.admin);
      second.close();
      await new Promise((r) => setTimeout(r, 100));
    }
    const contact = await ws.admin.req('POST', '/api/contacts', { firstName: 'Emil', lastName: 'Brandt' });
    await client.waitFor((m) => m.subject?.id === contact.body.id, 1_000);
  });
});

describe('presence', () => {
  test('chosen status while seen recently, offline when stale; changes are pushed', async () => {
    const ws = await api.workspace();
    const anna = await ws.user('agent');
    const watcher = await stream(baseB, ws.admin);
    const before = await ws.admin.req('GET', '/api/presence');
    expect(before.status).toBe(200);
    expect(before.body.items.find((p: { userId: string }) => p.userId === anna.id)).toMatchObject({ status: 'offline', chosen: null, lastSeenAt: null });

    const set = await anna.req('PUT', '/api/presence', { status: 'away' });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ userId: anna.id, status: 'away', chosen: 'away' });
    await watcher.waitFor((m) => m.type === 'presence.changed' && m.userId === anna.id, 1_000);
    const seen = (await ws.admin.req('GET', '/api/presence')).body.items.find((p: { userId: string }) => p.userId === anna.id);
    expect(seen).toMatchObject({ status: 'away', chosen: null });
    const { presenceOf, setLastSeen } = await import('../domains/presence/repo.ts');
    const unknown = newId();
    expect(await presenceOf(api.deps.db, ws.id, [anna.id, ws.admin.id, unknown])).toEqual(new Map([[anna.id, 'away'], [ws.admin.id, 'online'], [unknown, 'offline']]));

    // Not seen for longer than the window: offline, whatever she chose; a heartbeat brings her back (and says so).
    await setLastSeen(api.deps.db, ws.id, anna.id, new Date(Date.now() - 120_000));
    expect((await presenceOf(api.deps.db, ws.id, [anna.id])).get(anna.id)).toBe('offline');
    const count = watcher.messages.length;
    expect((await anna.req('POST', '/api/presence/heartbeat')).status).toBe(204);
    await watcher.waitFor((m) => m.type === 'presence.changed' && m.userId === anna.id && watcher.messages.length > count, 1_000);
    expect((await presenceOf(api.deps.db, ws.id, [anna.id])).get(anna.id)).toBe('away');

    // Another workspace does not see her at all.
    const other = await api.workspace();
    expect((await other.admin.req('GET', '/api/presence')).body.items.map((p: { userId: string }) => p.userId)).not.toContain(anna.id);
    expect((await anna.req('PUT', '/api/presence', { status: 'busy' })).status).toBe(400);
  });

  test('the open stream is a heartbeat: its user is online', async () => {
    const ws = await api.workspace();
    const bob = await ws.user('agent');
    const { presenceOf } = await import('../domains/presence/repo.ts');
    expect((await presenceOf(api.deps.db, ws.id, [bob.id])).get(bob.id)).toBe('offline');
    await stream(baseA, bob);
    expect((await presenceOf(api.deps.db, ws.id, [bob.id])).get(bob.id)).toBe('online');
  });
});

describe('viewing and typing', () => {
  test('who has a conversation open and who is typing reaches the others, across apps', async () => {
    const ws = await api.workspace();
    const anna = await ws.user('agent');
    const ben = await ws.user('agent');
    const conv = await conversation(ws);
    const benStream = await stream(baseB, ben);

    expect((await anna.req('POST', `/api/conversations/${conv}/viewing`, { active: true })).status).toBe(204);
    await benStream.waitFor((m) => m.type === 'viewers.changed' && m.conversationId === conv && m.userId === anna.id, 1_000);
    let viewers = (await ben.req('GET', `/api/conversations/${conv}/viewers`)).body.items;
    expect(viewers).toEqual([expect.objectContaining({ userId: anna.id, name: 'agent user', typing: false })]);

    // A repeated "still viewing" is not pushed again; typing is.
    const n = benStream.messages.length;
    await anna.req('POST', `/api/conversations/${conv}/viewing`, { active: true });
    await anna.req('POST', `/api/conversations/${conv}/typing`, { active: true });
    await benStream.waitFor((m) => m.type === 'viewers.changed' && m.userId === anna.id && benStream.messages.length > n, 1_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(benStream.messages.slice(n).filter((x) => x.message.type === 'viewers.changed')).toHaveLength(1);
    viewers = (await ben.req('GET', `/api/conversations/${conv}/viewers`)).body.items;
    expect(viewers[0]).toMatchObject({ userId: anna.id, typing: true });

    await anna.req('POST', `/api/conversations/${conv}/typing`, { active: false });
    expect((await ben.req('GET', `/api/conversations/${conv}/viewers`)).body.items[0]).toMatchObject({ typing: false });
    await anna.req('POST', `/api/conversations/${conv}/viewing`, { active: false });
    expect((await ben.req('GET', `/api/conversations/${conv}/viewers`)).body.items).toEqual([]);
  });

  test('a stale viewer is gone; other workspaces and roles without the inbox are refused', async () => {
    const ws = await api.workspace();
    const conv = await conversation(ws);
    await ws.admin.req('POST', `/api/conversations/${conv}/viewing`, { active: true });
    await api.deps.db.execute(sql`UPDATE conversation_viewers SET seen_at = now() - interval '5 minutes' WHERE workspace_id = ${ws.id}`);
    expect((await ws.admin.req('GET', `/api/conversations/${conv}/viewers`)).body.items).toEqual([]);

    const other = await api.workspace();
    expect((await other.admin.req('POST', `/api/conversations/${conv}/viewing`, { active: true })).status).toBe(404);
    expect((await other.admin.req('GET', `/api/conversations/${conv}/viewers`)).status).toBe(404);
    const sales = await ws.user('sales');
    expect((await sales.req('POST', `/api/conversations/${conv}/typing`, { active: true })).status).toBe(403);
  });

  test('an expert views only a conversation they were asked into, and the agents see them there', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const expert = await ws.user('expert');
    const conv = await conversation(ws);
    const other = await conversation(ws);
    const expertStream = await stream(baseB, expert);
    const asked = await agent.req('POST', `/api/conversations/${conv}/consults`, { expertUserId: expert.id, question: 'Ist das ein Garantiefall?' });
    expect(asked.status, asked.text).toBe(201);
    // Her stream learns of the consult itself, and from then on of what happens in that conversation, not in others.
    await expertStream.waitFor((m) => m.type === 'consult.requested' && m.conversationId === conv, 1_000);
    for (const id of [other, conv]) {
      await api.deps.db.transaction((tx) => emit(tx, api.deps.queue, actorOf(ws), { type: 'conversation.updated', subject: { type: 'conversation', id }, payload: {} }));
    }
    await expertStream.waitFor((m) => m.type === 'conversation.updated' && m.conversationId === conv, 1_000);
    expect(expertStream.messages.some((x) => x.message.conversationId === other)).toBe(false);
    expect((await expert.req('POST', `/api/conversations/${other}/viewing`, { active: true })).status).toBe(404);
    expect((await expert.req('POST', `/api/conversations/${conv}/viewing`, { active: true })).status).toBe(204);
    expect((await agent.req('GET', `/api/conversations/${conv}/viewers`)).body.items.map((v: { userId: string }) => v.userId)).toEqual([expert.id]);
  });
});

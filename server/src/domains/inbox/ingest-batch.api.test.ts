import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { events } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { useApi } from '../../testing/harness.ts';
import { baselineClassifier, setClassifier } from './classify.ts';
import { processDeliveries } from './process.ts';
import * as repo from './repo.ts';
import { connect, fixtureJson, stored } from './testing.ts';

// Batched ingestion (process.ts, ingest-batch.ts): many deliveries in one transaction must come to what ingesting them
// one after the other does. The deliveries are stored here not due (so no worker takes them) and the batch
// is run directly, as the ingest queue's worker runs a fetched batch.

const api = useApi();
const PAGE = '1234567890321';
const POST = `${PAGE}_7293787835232`;

function feed(value: Record<string, unknown>, time = 1454707020): Buffer {
  const base = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
  base.entry[0].time = time;
  base.entry[0].changes[0].value = value;
  return Buffer.from(JSON.stringify(base));
}

const comment = (id: string, parent: string, from: { id: string; name: string }, message: string, at: number, verb = 'add') =>
  feed({ item: 'comment', verb, comment_id: id, post_id: POST, parent_id: parent, from, created_time: at, message }, at);

async function store(workspaceId: string, channelId: string, bodies: Buffer[]): Promise<string[]> {
  const ids: string[] = [];
  let n = 0;
  for (const body of bodies) {
    const id = newId();
    await repo.insertDelivery(api.deps.db, {
      workspaceId, id, channelId, deliveryKey: `batch-test-${id}`, body: body.toString('utf8'), bodyEncoding: 'utf8', headers: {},
      // Not due (no worker claims them): the batch is run directly below, as a worker runs what it claimed.
      status: 'received', error: null, receivedAt: new Date(Date.UTC(2026, 0, 1, 10, 0, n++)), nextAttemptAt: null,
    });
    ids.push(id);
  }
  return ids;
}

test('a batch threads a reply with its parent, stores a repeated comment once, applies an edit, and keeps a malformed delivery failed', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const bernd = { id: '555000222', name: 'Bernd' };
  const carla = { id: '555000333', name: 'Carla' };
  const ids = await store(ws.id, fb.id, [
    comment(`${POST}_1`, POST, bernd, 'Was kostet der Ökostrom-Tarif?', 1454707100),
    comment(`${POST}_2`, `${POST}_1`, carla, 'Das würde mich auch interessieren!', 1454707200),
    // The same comment again (a webhook retry with another envelope): stored once.
    comment(`${POST}_1`, POST, bernd, 'Was kostet der Ökostrom-Tarif?', 1454707100),
    Buffer.from('{"object":"page","entry":[{"id":'),
    comment(`${POST}_1`, POST, bernd, 'Was kostet der Ökostrom-Tarif für 4 Personen?', 1454707300, 'edited'),
  ]);
  const outcomes = await processDeliveries(api.deps, ids.map((deliveryId) => ({ workspaceId: ws.id, deliveryId })));
  expect(outcomes).toEqual([null, null, null, null, null]);

  const s = await stored(api, ws.id, fb.id);
  const byId = new Map(s.deliveries.map((d) => [d.id, d]));
  expect(ids.map((id) => byId.get(id)!.status)).toEqual(['processed', 'processed', 'processed', 'failed', 'processed']);
  expect(ids.map((id) => byId.get(id)!.attempts)).toEqual([1, 1, 1, 1, 1]);
  expect(byId.get(ids[3]!)!.error).toBeTruthy();
  expect(s.conversations).toHaveLength(1);
  expect(s.conversations[0]).toMatchObject({ threadKey: POST, messageCount: 2, kind: 'public' });
  expect(s.messages).toHaveLength(2);
  const first = s.messages.find((m) => m.externalId === `${POST}_1`)!;
  expect(first.text).toBe('Was kostet der Ökostrom-Tarif für 4 Personen?');
  expect(first.flags).toContain('edited');
  expect(s.messages.find((m) => m.externalId === `${POST}_2`)!.conversationId).toBe(s.conversations[0]!.id);
  // Two new authors, one conversation, two messages, one edit, one failed delivery: each a fact, each once.
  const types = (await api.deps.db.select({ type: events.type }).from(events).where(eq(events.workspaceId, ws.id))).map((e) => e.type).sort();
  expect(types.filter((t) => t !== 'channel.created' && t !== 'channel.updated')).toEqual([
    'conversation.created', 'delivery.failed', 'identity.created', 'identity.created', 'message.received', 'message.received', 'message.updated',
  ]);

  // A second run of the same jobs (a worker killed after the commit) leaves the processed ones alone; the failed one
  // is tried again (as a retry after a fix would) and fails again.
  expect(await processDeliveries(api.deps, ids.map((deliveryId) => ({ workspaceId: ws.id, deliveryId })))).toEqual([null, null, null, null, null]);
  const again = await stored(api, ws.id, fb.id);
  expect(again.messages).toHaveLength(2);
  expect(again.conversations[0]!.messageCount).toBe(2);
  const againById = new Map(again.deliveries.map((d) => [d.id, d]));
  expect(ids.map((id) => againById.get(id)!.attempts)).toEqual([1, 1, 1, 2, 1]);
});

test('a delivery that trips its batch fails alone: the batch is ingested again one by one and the others pass', async () => {
  const ws = await api.workspace();
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const ids = await store(ws.id, fb.id, [
    comment(`${POST}_11`, POST, { id: '555000444', name: 'Dora' }, 'Wann kommt der Techniker?', 1454707100),
    comment(`${POST}_12`, POST, { id: '555000555', name: 'Emil' }, 'GIFTIG: dieser Text bringt den Klassifikator zum Absturz', 1454707200),
    comment(`${POST}_13`, POST, { id: '555000666', name: 'Frieda' }, 'Danke für die schnelle Hilfe!', 1454707300),
  ]);
  setClassifier({
    classify: (text, hint) => {
      if (text?.startsWith('GIFTIG')) throw new Error('classifier offline');
      return baselineClassifier.classify(text, hint);
    },
  });
  let outcomes: (Error | null)[];
  try {
    outcomes = await processDeliveries(api.deps, ids.map((deliveryId) => ({ workspaceId: ws.id, deliveryId })));
  } finally {
    setClassifier(baselineClassifier);
  }
  // The bad one's job fails (the queue retries it with backoff); the others are done.
  expect(outcomes.map((o) => o?.message ?? null)).toEqual([null, 'classifier offline', null]);
  const s = await stored(api, ws.id, fb.id);
  const byId = new Map(s.deliveries.map((d) => [d.id, d]));
  expect(ids.map((id) => byId.get(id)!.status)).toEqual(['processed', 'failed', 'processed']);
  expect(byId.get(ids[1]!)!.error).toContain('classifier offline');
  // The failed batch left nothing behind: each good delivery counted one attempt and stored its message once.
  expect(ids.map((id) => byId.get(id)!.attempts)).toEqual([1, 1, 1]);
  expect(s.messages.map((m) => m.externalId).sort()).toEqual([`${POST}_11`, `${POST}_13`]);
  expect(s.conversations).toMatchObject([{ messageCount: 2 }]);
  const received = await api.deps.db.select({ id: events.id }).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'message.received')));
  expect(received).toHaveLength(2);
});

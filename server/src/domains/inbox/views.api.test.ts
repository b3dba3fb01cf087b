import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { conversations, events } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { eventually, useApi, type TestWorkspace } from '../../testing/harness.ts';
import { connect, fixtureJson, settled, stored } from './testing.ts';

const api = useApi();

const PAGE = '1234567890321';
const POST = `${PAGE}_7293787835232`;

type Seed = Partial<typeof conversations.$inferInsert> & { name: string };

/** Conversations straight into the table (a factory): the list's filters are about columns, not about ingestion. */
async function seedConversations(ws: TestWorkspace, channelId: string, list: Seed[], t0 = Date.parse('2026-11-01T10:00:00Z')): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  let i = 0;
  for (const { name, ...c } of list) {
    const id = newId();
    ids[name] = id;
    await api.deps.db.insert(conversations).values({
      workspaceId: ws.id, id, channelId, kind: 'public', threadKey: `thread-${name}-${id}`, status: 'open', priority: 'normal',
      preview: `Nachricht ${name}`, lastMessageAt: new Date(t0 + (i++) * 60_000), ...c,
    });
  }
  return ids;
}

async function listNames(ws: TestWorkspace, user: TestWorkspace['admin'], query: string, ids: Record<string, string>): Promise<string[]> {
  const res = await user.req('GET', `/api/conversations?limit=100${query ? `&${query}` : ''}`);
  expect(res.status, res.text).toBe(200);
  const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
  return (res.body.items as { id: string }[]).map((c) => byId[c.id] ?? `?${c.id}`);
}

test('the list filters by every field, and sorts newest, oldest and by priority with keyset pages', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const masto = await connect(api, ws.admin, 'mastodon', 'social.example');
  const custom = await ws.admin.req('POST', '/api/inbox/statuses', { baseStatus: 'pending', nameDe: 'Warten auf Ersatzteil', nameEn: 'Waiting for spare part', color: 'orange' });
  expect(custom.status, custom.text).toBe(201);
  const ids = await seedConversations(ws, fb.id, [
    { name: 'a', status: 'open', priority: 'urgent', labels: ['Garantie'], hashtags: ['wärmepumpe'], intent: 'complaint', sentiment: 'negative', language: 'de', assigneeId: agent.id },
    { name: 'b', status: 'pending', priority: 'low', customStatusId: custom.body.id, kind: 'private', language: 'en', subject: 'Rückruf erbeten' },
    { name: 'c', status: 'resolved', priority: 'high', labels: ['Rückruf', 'Garantie'], intent: 'praise', sentiment: 'positive' },
    { name: 'd', status: 'open', priority: 'normal', snoozedUntil: new Date(Date.now() + 3600_000), preview: 'Heizung 100% kaputt_' },
    { name: 'e', status: 'open', priority: 'high', hashtags: ['e10'], assigneeId: ws.admin.id },
  ]);
  Object.assign(ids, await seedConversations(ws, masto.id, [{ name: 'm', status: 'waiting_customer', priority: 'normal', language: 'de' }], Date.parse('2026-11-01T12:00:00Z')));

  const cases: [string, string[]][] = [
    ['', ['m', 'e', 'c', 'b', 'a']],
    ['status=open', ['e', 'a']],
    ['status=open,pending', ['e', 'b', 'a']],
    ['status=open&status=resolved', ['e', 'c', 'a']],
    [`customStatusId=${custom.body.id}`, ['b']],
    [`channelId=${masto.id}`, ['m']],
    ['network=mastodon', ['m']],
    ['network=facebook,x', ['e', 'c', 'b', 'a']],
    ['kind=private', ['b']],
    ['assignee=me', ['a']],
    ['assignee=unassigned', ['m', 'c', 'b']],
    [`assignee=${ws.admin.id}`, ['e']],
    ['label=Garantie', ['c', 'a']],
    ['hashtag=W%C3%A4rmepumpe', ['a']],
    ['hashtag=%23e10', ['e']],
    ['intent=praise', ['c']],
    ['sentiment=negative', ['a']],
    ['language=de', ['m', 'a']],
    ['priority=high,urgent', ['e', 'c', 'a']],
    ['snoozed=only', ['d']],
    ['snoozed=include&status=open', ['e', 'd', 'a']],
    ['q=r%C3%BCckruf', ['b']],
    ['q=100%25%20kaputt_&snoozed=include', ['d']],
    ['q=nachricht%20e', ['e']],
    ['sort=oldest', ['a', 'b', 'c', 'e', 'm']],
    ['sort=priority', ['a', 'e', 'c', 'm', 'b']],
  ];
  for (const [query, expected] of cases) expect(await listNames(ws, agent, query, ids), query).toEqual(expected);

  // Keyset pages, two at a time, by priority: the same order with nothing left out or repeated.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const res = await agent.req('GET', `/api/conversations?sort=priority&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status, res.text).toBe(200);
    const byId = Object.fromEntries(Object.entries(ids).map(([k, v]) => [v, k]));
    seen.push(...res.body.items.map((c: { id: string }) => byId[c.id]));
    cursor = res.body.nextCursor;
  } while (cursor);
  expect(seen).toEqual(['a', 'e', 'c', 'm', 'b']);

  // Bad filter values are refused; the list is the inbox team's.
  expect((await agent.req('GET', '/api/conversations?status=lost')).status).toBe(400);
  expect((await agent.req('GET', '/api/conversations?assignee=someone')).status).toBe(400);
  expect((await (await ws.user('sales')).req('GET', '/api/conversations')).status).toBe(403);
  // A person's conversations include snoozed ones (the customer sidebar shows them all).
  const contactId = newId();
  await api.deps.db.update(conversations).set({ contactId }).where(and(eq(conversations.workspaceId, ws.id), eq(conversations.id, ids.d!)));
  expect(await listNames(ws, agent, `contactId=${contactId}`, ids)).toEqual(['d']);
});

test('saved views: personal and shared, agents may not change shared ones nor see others\' own; counts are capped', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const other = await ws.user('agent');
  const manager = await ws.user('manager');
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  await seedConversations(ws, fb.id, [
    { name: 'x', labels: ['Garantie'], assigneeId: agent.id },
    { name: 'y', labels: ['Garantie'], snoozedUntil: new Date(Date.now() + 3600_000) },
    { name: 'z', status: 'resolved' },
    { name: 'w' },
  ]);

  const list0 = await agent.req('GET', '/api/inbox/views');
  expect(list0.body.items.map((v: { id: string }) => v.id)).toEqual(['mine', 'unassigned', 'open', 'snoozed', 'resolved']);

  const mine = await agent.req('POST', '/api/inbox/views', { name: 'Garantiefälle', filters: { label: 'Garantie' } });
  expect(mine.status, mine.text).toBe(201);
  expect(mine.body).toMatchObject({ name: 'Garantiefälle', shared: false, editable: true, builtin: null, filters: { label: 'Garantie' } });
  expect((await agent.req('POST', '/api/inbox/views', { name: 'Alle', filters: {}, shared: true })).status).toBe(403);
  expect((await agent.req('POST', '/api/inbox/views', { name: 'Kaputt', filters: { nonsense: 1 } })).status).toBe(400);

  const shared = await manager.req('POST', '/api/inbox/views', { name: 'Team Garantie', filters: { label: 'Garantie', snoozed: 'include' }, shared: true });
  expect(shared.status, shared.text).toBe(201);

  const seenByAgent = await agent.req('GET', '/api/inbox/views');
  expect(seenByAgent.body.items.slice(5).map((v: { name: string; editable: boolean; shared: boolean }) => [v.name, v.shared, v.editable]))
    .toEqual([['Team Garantie', true, false], ['Garantiefälle', false, true]]);
  // Another agent sees the shared view only; the first agent's own view does not exist for them.
  const seenByOther = await other.req('GET', '/api/inbox/views');
  expect(seenByOther.body.items.slice(5).map((v: { name: string }) => v.name)).toEqual(['Team Garantie']);
  expect((await other.req('PATCH', `/api/inbox/views/${mine.body.id}`, { name: 'Meins' })).status).toBe(404);
  expect((await other.req('DELETE', `/api/inbox/views/${mine.body.id}`)).status).toBe(404);

  // Agents may not change or delete shared views; managers may.
  expect((await agent.req('PATCH', `/api/inbox/views/${shared.body.id}`, { name: 'Meins' })).status).toBe(403);
  expect((await agent.req('DELETE', `/api/inbox/views/${shared.body.id}`)).status).toBe(403);
  expect((await manager.req('PATCH', `/api/inbox/views/${shared.body.id}`, { name: 'Garantie (Team)' })).body).toMatchObject({ name: 'Garantie (Team)', editable: true });

  const renamed = await agent.req('PATCH', `/api/inbox/views/${mine.body.id}`, { name: 'Meine Garantie', filters: { label: 'Garantie', assignee: 'me' } });
  expect(renamed.status, renamed.text).toBe(200);
  expect(renamed.body.filters).toEqual({ label: 'Garantie', assignee: 'me' });

  const counts = await agent.req('GET', '/api/inbox/views/counts');
  expect(counts.status, counts.text).toBe(200);
  expect(counts.body.counts).toMatchObject({ mine: 1, unassigned: 1, open: 2, snoozed: 1, resolved: 1, [shared.body.id]: 2, [mine.body.id]: 1 });
  expect(counts.body.cap).toBe(999);

  expect((await agent.req('DELETE', `/api/inbox/views/${mine.body.id}`)).status).toBe(204);
  expect((await manager.req('DELETE', `/api/inbox/views/${shared.body.id}`)).status).toBe(204);
  expect((await agent.req('GET', '/api/inbox/views')).body.items).toHaveLength(5);
  const recorded = await api.deps.db.select({ type: events.type }).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectType, 'inbox_view')));
  expect(recorded.map((e) => e.type).sort()).toEqual(['inbox_view.created', 'inbox_view.created', 'inbox_view.deleted', 'inbox_view.deleted', 'inbox_view.updated', 'inbox_view.updated']);
  // Another workspace's view is not found.
  const elsewhere = await api.workspace();
  expect((await elsewhere.admin.req('DELETE', `/api/inbox/views/${shared.body.id}`)).status).toBe(404);
});

test('custom statuses: managers keep them; a custom status sets its base status, another base status clears it', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const ids = await seedConversations(ws, fb.id, [{ name: 'c' }]);

  expect((await agent.req('POST', '/api/inbox/statuses', { baseStatus: 'pending', nameDe: 'X', nameEn: 'X' })).status).toBe(403);
  expect((await ws.admin.req('POST', '/api/inbox/statuses', { baseStatus: 'lost', nameDe: 'X', nameEn: 'X' })).status).toBe(400);
  const part = (await ws.admin.req('POST', '/api/inbox/statuses', { baseStatus: 'waiting_customer', nameDe: 'Warten auf Ersatzteil', nameEn: 'Waiting for a spare part', color: 'orange' })).body;
  const tech = (await ws.admin.req('POST', '/api/inbox/statuses', { baseStatus: 'pending', nameDe: 'Techniker beauftragt', nameEn: 'Technician booked', color: 'grape' })).body;
  expect((await agent.req('GET', '/api/inbox/statuses')).body.items.map((s: { nameDe: string; position: number }) => [s.nameDe, s.position]))
    .toEqual([['Warten auf Ersatzteil', 0], ['Techniker beauftragt', 1]]);

  const set = await agent.req('PATCH', `/api/conversations/${ids.c}`, { customStatusId: part.id });
  expect(set.status, set.text).toBe(200);
  expect(set.body).toMatchObject({ status: 'waiting_customer', customStatusId: part.id });
  // A custom status with a contradicting base status is refused; an unknown one too.
  expect((await agent.req('PATCH', `/api/conversations/${ids.c}`, { status: 'open', customStatusId: tech.id })).body.error.code).toBe('custom_status_mismatch');
  expect((await agent.req('PATCH', `/api/conversations/${ids.c}`, { customStatusId: newId() })).body.error.code).toBe('custom_status_not_found');
  // The same base status keeps it; another base status clears it.
  expect((await agent.req('PATCH', `/api/conversations/${ids.c}`, { status: 'waiting_customer' })).body.customStatusId).toBe(part.id);
  expect((await agent.req('PATCH', `/api/conversations/${ids.c}`, { status: 'open' })).body).toMatchObject({ status: 'open', customStatusId: null });

  // Moving a custom status under another base status takes it off conversations of the old one; deleting takes it off all.
  await agent.req('PATCH', `/api/conversations/${ids.c}`, { customStatusId: tech.id });
  const moved = await ws.admin.req('PATCH', `/api/inbox/statuses/${tech.id}`, { baseStatus: 'waiting_expert', nameEn: 'Technician on it' });
  expect(moved.body).toMatchObject({ baseStatus: 'waiting_expert', nameEn: 'Technician on it', nameDe: 'Techniker beauftragt' });
  expect((await agent.req('GET', `/api/conversations/${ids.c}`)).body).toMatchObject({ status: 'pending', customStatusId: null });
  await agent.req('PATCH', `/api/conversations/${ids.c}`, { customStatusId: part.id });
  expect((await agent.req('DELETE', `/api/inbox/statuses/${part.id}`)).status).toBe(403);
  expect((await ws.admin.req('DELETE', `/api/inbox/statuses/${part.id}`)).status).toBe(204);
  expect((await agent.req('GET', `/api/conversations/${ids.c}`)).body).toMatchObject({ status: 'waiting_customer', customStatusId: null });
  expect((await ws.admin.req('DELETE', `/api/inbox/statuses/${part.id}`)).status).toBe(404);
  const recorded = await api.deps.db.select({ type: events.type, payload: events.payload }).from(events)
    .where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, ids.c!), eq(events.type, 'conversation.updated')));
  expect(recorded.some((e) => (e.payload.after as { customStatusId?: string }).customStatusId === part.id)).toBe(true);
});

test('labels: managed with colours, added and removed per conversation, renamed everywhere', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const ids = await seedConversations(ws, fb.id, [{ name: 'a' }, { name: 'b', labels: ['Rückruf'] }]);

  const garantie = await ws.admin.req('POST', '/api/inbox/labels', { name: 'Garantie', color: 'blue' });
  expect(garantie.status, garantie.text).toBe(201);
  expect((await ws.admin.req('POST', '/api/inbox/labels', { name: 'garantie', color: 'red' })).status).toBe(409);
  expect((await agent.req('POST', '/api/inbox/labels', { name: 'Neu' })).status).toBe(403);
  expect((await ws.admin.req('POST', '/api/inbox/labels', { name: 'a,b' })).status).toBe(400);
  expect((await agent.req('GET', '/api/inbox/labels')).body.items).toEqual([{ id: garantie.body.id, name: 'Garantie', color: 'blue' }]);

  const added = await agent.req('PATCH', `/api/conversations/${ids.a}`, { addLabels: ['Garantie', 'Wärmepumpe', 'garantie'] });
  expect(added.status, added.text).toBe(200);
  expect(added.body.labels).toEqual(['Garantie', 'Wärmepumpe']);
  expect((await agent.req('PATCH', `/api/conversations/${ids.a}`, { removeLabels: ['wärmepumpe'] })).body.labels).toEqual(['Garantie']);
  expect((await agent.req('PATCH', `/api/conversations/${ids.b}`, { labels: ['Garantie', 'Rückruf'] })).body.labels).toEqual(['Garantie', 'Rückruf']);

  const renamed = await ws.admin.req('PATCH', `/api/inbox/labels/${garantie.body.id}`, { name: 'Gewährleistung' });
  expect(renamed.body).toMatchObject({ name: 'Gewährleistung', color: 'blue' });
  expect(await listNames(ws, agent, `label=${encodeURIComponent('Gewährleistung')}`, ids)).toEqual(['b', 'a']);
  expect((await agent.req('GET', `/api/conversations/${ids.b}`)).body.labels.sort()).toEqual(['Gewährleistung', 'Rückruf']);
  expect(await listNames(ws, agent, 'label=Garantie', ids)).toEqual([]);
  expect((await ws.admin.req('DELETE', `/api/inbox/labels/${garantie.body.id}`)).status).toBe(204);
  // Conversations keep a deleted label as a free one.
  expect((await agent.req('GET', `/api/conversations/${ids.a}`)).body.labels).toEqual(['Gewährleistung']);
});

/** A Facebook page channel with a customer comment ingested (the real fixture, another text). */
async function commentOf(ws: TestWorkspace, fb: Awaited<ReturnType<typeof connect>>, commentId: string, message: string, parent = POST) {
  const body = fixtureJson('meta/fixtures/facebook-page/feed-comment-add-25.json');
  body.entry[0].changes[0].value = { item: 'comment', verb: 'add', comment_id: commentId, post_id: POST, parent_id: parent,
    from: { id: '555000111', name: 'Anna Kundin' }, created_time: Math.floor(Date.now() / 1000), message };
  expect((await fb.send(body)).status).toBe(200);
  await settled(api, ws.id, fb.id);
}

test('ingestion collects #hashtags; a snoozed conversation wakes at its time by the job, or when the customer writes', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  await commentOf(ws, fb, '7293787835232_4001', 'Meine #Wärmepumpe brummt, Auftrag #12345, siehe https://example.com/faq#laerm');
  const [conversation] = (await stored(api, ws.id, fb.id)).conversations;
  expect(conversation!.hashtags).toEqual(['wärmepumpe']);
  await commentOf(ws, fb, '7293787835232_4002', 'Und #E10 #wärmepumpe', '7293787835232_4001');
  const after = (await stored(api, ws.id, fb.id)).conversations;
  expect(after).toHaveLength(1);
  expect(after[0]!.hashtags.sort()).toEqual(['e10', 'wärmepumpe']);
  expect((await agent.req('GET', '/api/conversations?hashtag=E10')).body.items.map((c: { id: string }) => c.id)).toEqual([conversation!.id]);

  // Snoozed: gone from the default list, in the snoozed view; refused in the past.
  expect((await agent.req('POST', `/api/conversations/${conversation!.id}/snooze`, { until: new Date(Date.now() - 1000).toISOString() })).status).toBe(400);
  expect((await (await ws.user('expert')).req('POST', `/api/conversations/${conversation!.id}/snooze`, { until: new Date(Date.now() + 60_000).toISOString() })).status).toBe(403);
  const until = new Date(Date.now() + 1500);
  const snoozed = await agent.req('POST', `/api/conversations/${conversation!.id}/snooze`, { until: until.toISOString() });
  expect(snoozed.status, snoozed.text).toBe(200);
  expect(snoozed.body.snoozedUntil).toBe(until.toISOString());
  expect((await agent.req('GET', '/api/conversations')).body.items).toHaveLength(0);
  expect((await agent.req('GET', '/api/conversations?snoozed=only')).body.items).toHaveLength(1);
  // The snooze's own job wakes it at its time.
  await eventually(async () => {
    expect((await agent.req('GET', '/api/conversations')).body.items.map((c: { id: string }) => c.id)).toEqual([conversation!.id]);
  }, 20_000);
  const woken = await api.deps.db.select({ payload: events.payload }).from(events)
    .where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, conversation!.id), eq(events.type, 'conversation.woken')));
  expect(woken.map((e) => e.payload.reason)).toEqual(['time']);

  // Snoozed for a day, the customer writes again: it wakes at once, and the day's job later finds nothing to do.
  await agent.req('POST', `/api/conversations/${conversation!.id}/snooze`, { until: new Date(Date.now() + 86_400_000).toISOString() });
  expect((await agent.req('GET', '/api/conversations')).body.items).toHaveLength(0);
  await commentOf(ws, fb, '7293787835232_4003', 'Hallo? Noch jemand da?', '7293787835232_4001');
  const back = await agent.req('GET', `/api/conversations/${conversation!.id}`);
  expect(back.body).toMatchObject({ snoozedUntil: null, status: 'open' });
  const reasons = await api.deps.db.select({ payload: events.payload, type: events.type }).from(events)
    .where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, conversation!.id)));
  expect(reasons.filter((e) => e.type === 'conversation.woken').map((e) => e.payload.reason).sort()).toEqual(['message', 'time']);
  expect(reasons.filter((e) => e.type === 'conversation.snoozed')).toHaveLength(2);
  // Unsnoozing by hand.
  await agent.req('POST', `/api/conversations/${conversation!.id}/snooze`, { until: new Date(Date.now() + 86_400_000).toISOString() });
  expect((await agent.req('DELETE', `/api/conversations/${conversation!.id}/snooze`)).body.snoozedUntil).toBeNull();
});

test('bulk: each conversation on its own; missing ones, other workspaces\' and refused ones fail without stopping the rest', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const ids = await seedConversations(ws, fb.id, [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
  const elsewhere = await api.workspace();
  const otherFb = await connect(api, elsewhere.admin, 'facebook', PAGE);
  const foreign = await seedConversations(elsewhere, otherFb.id, [{ name: 'f' }]);
  const missing = newId();

  const res = await agent.req('POST', '/api/conversations/bulk', { ids: [ids.a, ids.b, missing, foreign.f, ids.c], action: { type: 'status', status: 'resolved' } });
  expect(res.status, res.text).toBe(200);
  expect(res.body).toMatchObject({ ok: 3, failed: 2 });
  expect(res.body.results.map((r: { ok: boolean; error: { code: string } | null }) => (r.ok ? 'ok' : r.error!.code)))
    .toEqual(['ok', 'ok', 'conversation_not_found', 'conversation_not_found', 'ok']);
  expect(await listNames(ws, agent, 'status=resolved', ids)).toEqual(['c', 'b', 'a']);
  const [foreignRow] = (await stored(api, elsewhere.id, otherFb.id)).conversations;
  expect(foreignRow!.status).toBe('open');
  const updated = await api.deps.db.select({ subjectId: events.subjectId }).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'conversation.updated')));
  expect(updated.map((e) => e.subjectId).sort()).toEqual([ids.a, ids.b, ids.c].sort());

  const labels = await agent.req('POST', '/api/conversations/bulk', { ids: [ids.a, ids.b], action: { type: 'labels', add: ['Garantie', 'Rückruf'], remove: [] } });
  expect(labels.body.ok).toBe(2);
  await agent.req('POST', '/api/conversations/bulk', { ids: [ids.b], action: { type: 'labels', add: [], remove: ['Rückruf'] } });
  expect(await listNames(ws, agent, 'label=Garantie&status=resolved', ids)).toEqual(['b', 'a']);
  expect(await listNames(ws, agent, 'label=R%C3%BCckruf&status=resolved', ids)).toEqual(['a']);

  const priority = await agent.req('POST', '/api/conversations/bulk', { ids: [ids.c], action: { type: 'priority', priority: 'urgent' } });
  expect(priority.body.ok).toBe(1);
  const snooze = await agent.req('POST', '/api/conversations/bulk', { ids: [ids.a, ids.c], action: { type: 'snooze', until: new Date(Date.now() + 3600_000).toISOString() } });
  expect(snooze.body.ok).toBe(2);
  expect(await listNames(ws, agent, 'snoozed=only', ids)).toEqual(['c', 'a']);

  // Someone who may not change conversations gets every item refused, and nothing changes; an expert not asked into
  // them does not even learn that they exist.
  const refused = await (await ws.user('sales')).req('POST', '/api/conversations/bulk', { ids: [ids.a, ids.b], action: { type: 'status', status: 'open' } });
  expect(refused.status).toBe(200);
  expect(refused.body).toMatchObject({ ok: 0, failed: 2 });
  expect(refused.body.results.map((r: { error: { code: string } }) => r.error.code)).toEqual(['forbidden', 'forbidden']);
  const hidden = await (await ws.user('expert')).req('POST', '/api/conversations/bulk', { ids: [ids.a], action: { type: 'status', status: 'open' } });
  expect(hidden.body.results.map((r: { error: { code: string } }) => r.error.code)).toEqual(['conversation_not_found']);
  expect(await listNames(ws, agent, 'status=open&snoozed=include', ids)).toEqual([]);

  // More than 500 ids, or none, are refused as a whole.
  expect((await agent.req('POST', '/api/conversations/bulk', { ids: Array.from({ length: 501 }, () => newId()), action: { type: 'unsnooze' } })).status).toBe(400);
  expect((await agent.req('POST', '/api/conversations/bulk', { ids: [], action: { type: 'unsnooze' } })).status).toBe(400);
});

test('bulk assign goes through routing\'s assignment; the demo seeds statuses, labels and shared views', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const manager = await ws.user('manager');
  const fb = await connect(api, ws.admin, 'facebook', PAGE);
  const ids = await seedConversations(ws, fb.id, [{ name: 'a' }, { name: 'b' }]);
  const res = await manager.req('POST', '/api/conversations/bulk', { ids: [ids.a, ids.b, newId()], action: { type: 'assign', userId: agent.id } });
  expect(res.status, res.text).toBe(200);
  expect(res.body).toMatchObject({ ok: 2, failed: 1 });
  expect(await listNames(ws, agent, 'assignee=me', ids)).toEqual(['b', 'a']);
  const assigned = await api.deps.db.select({ subjectId: events.subjectId }).from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'conversation.assigned')));
  expect(assigned.map((e) => e.subjectId).sort()).toEqual([ids.a, ids.b].sort());

  const { seedDemoOrganize } = await import('../../db/seed/demo-organize.ts');
  await api.deps.db.transaction((tx) => seedDemoOrganize(tx, ws.id));
  const statuses = (await agent.req('GET', '/api/inbox/statuses')).body.items;
  expect(statuses.map((s: { nameDe: string }) => s.nameDe)).toEqual(['Warten auf Ersatzteil', 'Techniker beauftragt', 'Rückruf vereinbart']);
  expect((await agent.req('GET', '/api/inbox/labels')).body.items.map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['Garantie', 'Wärmepumpe', 'Rückruf']));
  const views = (await agent.req('GET', '/api/inbox/views')).body.items.filter((v: { builtin: string | null }) => !v.builtin);
  expect(views.map((v: { name: string; shared: boolean; editable: boolean }) => [v.name, v.shared, v.editable])).toEqual([
    ['Wärmepumpen', true, false], ['Dringend & Garantie', true, false], ['Garantiefälle', true, false],
  ]);
});

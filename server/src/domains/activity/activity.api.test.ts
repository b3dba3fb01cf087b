import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { activities, consults, conversations, events, follows } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import { eventually, useApi, type TestUser } from '../../testing/harness.ts';
import { activityHandler } from './handler.ts';

const api = useApi();

async function contact(by: TestUser, firstName: string, ownerId?: string) {
  const res = await by.req('POST', '/api/contacts', { firstName, lastName: 'Becker', ...(ownerId ? { ownerId } : {}) });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function activitiesOf(workspaceId: string, recordId: string) {
  return api.deps.db.select().from(activities).where(and(eq(activities.workspaceId, workspaceId), eq(activities.recordId, recordId)));
}

test('events become activities once (re-delivery inserts nothing) and owners follow what they own', async () => {
  const ws = await api.workspace();
  const sales = await ws.user('sales');
  const owned = await contact(ws.admin, 'Jonas', sales.id);
  const other = await contact(ws.admin, 'Petra');
  const list = await eventually(async () => {
    const a = await activitiesOf(ws.id, owned);
    expect(a.map((x) => x.verb)).toEqual(['contact.created']);
    return a;
  });
  expect(list[0]!.summary).toMatchObject({ title: 'Jonas Becker' });
  const [event] = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.id, list[0]!.id)));
  await activityHandler.handleMany(api.deps, [event!, event!]);
  expect(await activitiesOf(ws.id, owned)).toHaveLength(1);

  const state = await sales.req('GET', `/api/records/contact/${owned}/follow-state`);
  expect(state.body).toEqual({ following: true, reason: 'owner', followers: 1 });
  await eventually(async () => expect((await activitiesOf(ws.id, other)).length).toBe(1));
  const mine = await sales.req('GET', '/api/streams/me');
  expect(mine.status, mine.text).toBe(200);
  expect(mine.body.items.map((a: { recordId: string }) => a.recordId)).toEqual([owned]);
  expect(mine.body.items[0]).toMatchObject({ verb: 'contact.created', actor: { id: ws.admin.id }, recordType: 'contact' });

  // A manual follow adds the other contact to the stream; unfollowing removes it again.
  expect((await sales.req('POST', '/api/follows', { recordType: 'contact', recordId: other })).body).toMatchObject({ following: true, reason: 'manual' });
  expect((await sales.req('GET', '/api/streams/me')).body.items.map((a: { recordId: string }) => a.recordId)).toEqual([other, owned]);
  expect((await sales.req('GET', '/api/follows')).body.items).toHaveLength(2);
  expect((await sales.req('DELETE', '/api/follows', { recordType: 'contact', recordId: other })).body.following).toBe(false);
  expect((await sales.req('GET', '/api/streams/me')).body.items.map((a: { recordId: string }) => a.recordId)).toEqual([owned]);
});

test('mentions and assignments make their users follow the record; a contact created without owner is its creator\'s', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const mentioned = await ws.user('agent');
  const commenter = await ws.user('sales');
  const conversationId = newId();
  const c = await contact(ws.admin, 'Lena');
  const actor = { workspaceId: ws.id, userId: ws.admin.id, role: 'admin' as const, kind: 'user' as const, language: 'de' as const };
  await api.deps.db.transaction(async (tx) => {
    await emit(tx, api.deps.queue, actor, {
      type: 'note.created', subject: { type: 'conversation_note', id: newId() },
      payload: { conversationId, kind: 'note', mentions: [{ type: 'user', id: mentioned.id }], after: { kind: 'note' } },
    });
    await emit(tx, api.deps.queue, actor, {
      type: 'conversation.assigned', subject: { type: 'conversation', id: conversationId },
      payload: { before: { assigneeId: null, teamId: null }, after: { assigneeId: agent.id, teamId: null } },
    });
  });
  const note = await commenter.req('POST', `/api/contacts/${c}/notes`, { body: 'Rückruf wegen #Wärmepumpe vereinbart' });
  expect(note.status, note.text).toBe(201);
  await eventually(async () => {
    const f = await api.deps.db.select().from(follows).where(eq(follows.workspaceId, ws.id));
    expect(f.map((x) => `${x.userId}:${x.recordType}:${x.reason}`).sort()).toEqual([
      `${agent.id}:conversation:assigned`, `${mentioned.id}:conversation:mentioned`, `${ws.admin.id}:contact:owner`,
    ].sort());
  });
  const stream = await eventually(async () => {
    const s = await mentioned.req('GET', '/api/streams/me');
    expect(s.body.items.map((a: { verb: string }) => a.verb)).toEqual(['conversation.assigned', 'note.created']);
    return s;
  });
  expect(stream.body.items[1]).toMatchObject({ recordType: 'conversation', recordId: conversationId });
  // The note on the contact carries its hashtag; the hashtag filter of the workspace stream finds it (any case, with #).
  const tagged = await eventually(async () => {
    const s = await ws.admin.req('GET', '/api/streams/workspace?hashtag=%23w%C3%A4rmepumpe');
    expect(s.body.items).toHaveLength(1);
    return s;
  });
  expect(tagged.body.items[0]).toMatchObject({ verb: 'note.created', recordType: 'contact', recordId: c, hashtags: ['wärmepumpe'], actor: { id: commenter.id } });
  expect(tagged.body.items[0].summary.detail).toContain('Rückruf');
  // A note does not name its record: the activity carries the person's name of the moment.
  expect(tagged.body.items[0].summary.title).toBe('Lena Becker');
});

test('streams filter by type and person and paginate by keyset without gaps or repeats', async () => {
  const ws = await api.workspace();
  const sales = await ws.user('sales');
  const c = await contact(sales, 'Moritz', sales.id);
  for (let i = 0; i < 4; i++) expect((await ws.admin.req('PATCH', `/api/contacts/${c}`, { jobTitle: `Einkauf ${i}` })).status).toBe(200);
  await sales.req('POST', `/api/contacts/${c}/notes`, { body: 'Angebot geschickt' });
  await eventually(async () => expect(await activitiesOf(ws.id, c)).toHaveLength(6));

  const seen: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: { items: { id: string }[]; nextCursor: string | null } } =
      await sales.req('GET', `/api/streams/me?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    seen.push(...res.body.items.map((a) => a.id));
    cursor = res.body.nextCursor;
    pages++;
  } while (cursor && pages < 10);
  expect(pages).toBe(3);
  expect(new Set(seen).size).toBe(6);
  expect([...seen].sort().reverse()).toEqual(seen);

  const updates = await sales.req('GET', '/api/streams/me?type=contact.updated');
  expect(updates.body.items).toHaveLength(4);
  const contactKinds = await sales.req('GET', '/api/streams/me?type=contact');
  expect(contactKinds.body.items.map((a: { verb: string }) => a.verb).sort()).toEqual(['contact.created', ...Array(4).fill('contact.updated')]);
  const bySales = await sales.req(`GET`, `/api/streams/records/contact/${c}?person=${sales.id}`);
  expect(bySales.body.items.map((a: { verb: string }) => a.verb)).toEqual(['note.created', 'contact.created']);
  expect((await sales.req('GET', `/api/streams/records/contact/${c}?type=bad type`)).status).toBe(400);
});

test('streams show only what the reader may read: experts see their consulted conversations, other workspaces nothing', async () => {
  const ws = await api.workspace();
  const expert = await ws.user('expert');
  const c = await contact(ws.admin, 'Sabine');
  const asked = newId();
  const notAsked = newId();
  const now = new Date();
  await api.deps.db.insert(activities).values([asked, notAsked].map((recordId) => ({
    workspaceId: ws.id, id: newId(), occurredAt: now, actorId: ws.admin.id, verb: 'conversation.created', recordType: 'conversation', recordId, summary: { title: 'Heizung' },
  })));
  // The two conversations themselves (following one checks it exists in the workspace).
  const channelId = newId();
  await api.deps.db.insert(conversations).values([asked, notAsked].map((id) => ({ workspaceId: ws.id, id, channelId, kind: 'public', threadKey: id })));
  await api.deps.db.insert(consults).values({ workspaceId: ws.id, id: newId(), conversationId: asked, expertUserId: expert.id, question: 'Garantie?', olaMinutes: 60, olaDueAt: now });
  await eventually(async () => expect(await activitiesOf(ws.id, c)).toHaveLength(1));

  const all = await ws.admin.req('GET', '/api/streams/workspace');
  expect(all.body.items.map((a: { recordId: string }) => a.recordId).sort()).toEqual([asked, notAsked, c].sort());
  const seen = await expert.req('GET', '/api/streams/workspace');
  expect(seen.body.items.map((a: { recordId: string }) => a.recordId)).toEqual([asked]);
  expect((await expert.req('GET', `/api/streams/records/conversation/${notAsked}`)).status).toBe(404);
  expect((await expert.req('GET', `/api/streams/records/contact/${c}`)).status).toBe(403);
  expect((await expert.req('POST', '/api/follows', { recordType: 'conversation', recordId: notAsked })).status).toBe(404);
  expect((await expert.req('POST', '/api/follows', { recordType: 'conversation', recordId: asked })).status).toBe(200);
  // A follow made while allowed shows nothing once the record is out of reach (admin follows, expert does not see it).
  await api.deps.db.insert(follows).values({ workspaceId: ws.id, userId: expert.id, recordType: 'conversation', recordId: notAsked, reason: 'manual' });
  expect((await expert.req('GET', '/api/streams/me')).body.items.map((a: { recordId: string }) => a.recordId)).toEqual([asked]);

  const stranger = (await api.workspace()).admin;
  expect((await stranger.req('GET', '/api/streams/workspace')).body.items).toEqual([]);
  // Another workspace's record is not found: its stream, its follow state, following it.
  expect((await stranger.req('GET', `/api/streams/records/contact/${c}`)).status).toBe(404);
  expect((await stranger.req('GET', `/api/records/contact/${c}/follow-state`)).status).toBe(404);
  expect((await stranger.req('POST', '/api/follows', { recordType: 'contact', recordId: c })).status).toBe(404);
  expect((await api.anon('GET', '/api/streams/me')).status).toBe(401);
});

test('the personal stream merges many followed records in the exact order of the workspace stream, page by page', async () => {
  const ws = await api.workspace();
  const sales = await ws.user('sales');
  const ids = [await contact(ws.admin, 'Ida', sales.id), await contact(ws.admin, 'Ole', sales.id), await contact(ws.admin, 'Uwe', sales.id)];
  for (let round = 0; round < 2; round++) {
    for (const id of [ids[2]!, ids[0]!, ids[1]!]) expect((await ws.admin.req('PATCH', `/api/contacts/${id}`, { jobTitle: `Runde ${round}` })).status).toBe(200);
  }
  await eventually(async () => expect((await ws.admin.req('GET', '/api/streams/workspace?limit=100')).body.items).toHaveLength(9));
  const expected = (await ws.admin.req('GET', '/api/streams/workspace?limit=100')).body.items.map((a: { id: string }) => a.id);
  const seen: string[] = [];
  let cursor = '';
  for (let i = 0; i < 10; i++) {
    const res = await sales.req('GET', `/api/streams/me?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    seen.push(...res.body.items.map((a: { id: string }) => a.id));
    if (!res.body.nextCursor) break;
    cursor = res.body.nextCursor;
  }
  expect(seen).toEqual(expected);
});

test('the team stream holds what its members did', async () => {
  const ws = await api.workspace();
  const member = await ws.user('sales');
  const outsider = await ws.user('sales');
  const team = await ws.admin.req('POST', '/api/teams', { name: 'Vertrieb Nord' });
  expect(team.status, team.text).toBe(201);
  expect((await ws.admin.req('PUT', `/api/teams/${team.body.id}/members`, { userIds: [member.id] })).status).toBe(200);
  const mine = await contact(member, 'Frieda');
  const theirs = await contact(outsider, 'Karl');
  await eventually(async () => expect((await activitiesOf(ws.id, theirs)).length + (await activitiesOf(ws.id, mine)).length).toBe(2));
  const res = await outsider.req('GET', `/api/streams/teams/${team.body.id}`);
  expect(res.status).toBe(200);
  expect(res.body.items.map((a: { recordId: string; teamId: string }) => [a.recordId, a.teamId])).toEqual([[mine, team.body.id]]);
});

test('erasing a person (GDPR) removes their activities and follows', async () => {
  const ws = await api.workspace();
  const c = await contact(ws.admin, 'Erika');
  await ws.admin.req('POST', `/api/contacts/${c}/notes`, { body: 'Rückruf #heizung' });
  await eventually(async () => expect(await activitiesOf(ws.id, c)).toHaveLength(2));
  const erased = await ws.admin.req('POST', `/api/contacts/${c}/erase`, { confirm: 'Erika Becker' });
  expect(erased.status, erased.text).toBe(200);
  expect(await activitiesOf(ws.id, c)).toEqual([]);
  expect(await api.deps.db.select().from(follows).where(and(eq(follows.workspaceId, ws.id), eq(follows.recordId, c)))).toEqual([]);
  expect(JSON.stringify((await ws.admin.req('GET', '/api/streams/workspace')).body.items)).not.toContain('Erika');
});

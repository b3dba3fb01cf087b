import { and, eq, ne } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { conversationNotes, follows, notifications } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import { useStreams } from '../../testing/streams.ts';
import { eventually, useApi, type TestUser } from '../../testing/harness.ts';

const api = useApi();
const stream = useStreams(api);

test('the mentioned user\'s stream gets the notification within a second; nobody else\'s, not even an admin\'s', async () => {
  const ws = await api.workspace();
  const a = await ws.user('sales');
  const b = await ws.user('agent');
  const [sb, sadmin, sa] = [await stream(b), await stream(ws.admin), await stream(a)];
  const contact = await a.req('POST', '/api/contacts', { firstName: 'Jonas', lastName: 'Becker' });
  const started = performance.now();
  const created = await a.req('POST', `/api/contacts/${contact.body.id}/notes`, { body: `Rückruf bitte, @[Bea](user:${b.id})` });
  expect(created.status, created.text).toBe(201);
  const got = await sb.waitFor((m) => m.type === 'notification.created', 3_000);
  expect(got.message.userId).toBe(b.id);
  expect(got.at - started).toBeLessThan(1_500);
  // The other streams saw the note's event, but no notification notice.
  await sadmin.waitFor((m) => m.type === 'note.created');
  expect(sadmin.messages.some((x) => x.message.type.startsWith('notification.'))).toBe(false);
  expect(sa.messages.some((x) => x.message.type.startsWith('notification.'))).toBe(false);
  expect((await b.req('GET', '/api/notifications/unread-count')).body.count).toBe(1);
});

test('an assignment and a consult notify the assignee and the expert, linking to the conversation', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const expert = await ws.user('expert');
  const conversationId = newId();
  const actor = { workspaceId: ws.id, userId: ws.admin.id, role: 'admin' as const, kind: 'user' as const, language: 'de' as const };
  await api.deps.db.transaction(async (tx) => {
    await emit(tx, api.deps.queue, actor, { type: 'conversation.assigned', subject: { type: 'conversation', id: conversationId }, payload: { before: { assigneeId: null }, after: { assigneeId: agent.id } } });
    await emit(tx, api.deps.queue, actor, { type: 'consult.requested', subject: { type: 'consult', id: newId() }, payload: { conversationId, after: { expertUserId: expert.id, expertTeamId: null } } });
    // Assigning oneself notifies nobody.
    await emit(tx, api.deps.queue, actor, { type: 'conversation.assigned', subject: { type: 'conversation', id: newId() }, payload: { before: { assigneeId: null }, after: { assigneeId: ws.admin.id } } });
  });
  const rows = await eventually(async () => {
    const list = await api.deps.db.select().from(notifications).where(eq(notifications.workspaceId, ws.id));
    expect(list).toHaveLength(2);
    return list;
  });
  expect(rows.find((r) => r.kind === 'assignment')).toMatchObject({ userId: agent.id, link: `/inbox/${conversationId}` });
  expect(rows.find((r) => r.kind === 'consult')).toMatchObject({ userId: expert.id, link: `/inbox/${conversationId}` });
  const page = await expert.req('GET', '/api/notifications');
  expect(page.status, page.text).toBe(200);
  expect(page.body.groups[0].latest).toMatchObject({ kind: 'consult', actor: { id: ws.admin.id } });
});

test('comments: a mention notifies, an earlier commenter gets a reply, an edit notifies only the newly mentioned', async () => {
  const ws = await api.workspace();
  const a = await ws.user('sales');
  const b = await ws.user('agent');
  const c = await ws.user('marketing');
  const person = await a.req('POST', '/api/contacts', { firstName: 'Jonas', lastName: 'Becker' });
  const comment = async (u: TestUser, body: string) => {
    const res = await u.req('POST', `/api/records/contact/${person.body.id}/comments`, { body });
    expect(res.status, res.text).toBe(201);
    return res.body.id as string;
  };
  // a created the person and so owns and follows it (written by the activity handler: waited for here).
  await eventually(async () => expect(await api.deps.db.select().from(follows).where(and(eq(follows.workspaceId, ws.id), eq(follows.userId, a.id)))).toHaveLength(1));
  const first = await comment(c, 'Kunde wartet auf Rückruf.');
  const id = await comment(a, `Ich übernehme, @[Bea](user:${b.id}) zur Info.`);
  // Mentions and replies; a follows the person (its owner) and so hears of c's comment as a follower, of no other.
  const mine = and(eq(notifications.workspaceId, ws.id), ne(notifications.kind, 'follow'));
  const rows = await eventually(async () => {
    const list = await api.deps.db.select().from(notifications).where(mine);
    expect(list).toHaveLength(2);
    return list;
  });
  const followed = await eventually(async () => {
    const list = await api.deps.db.select().from(notifications).where(and(eq(notifications.workspaceId, ws.id), eq(notifications.kind, 'follow')));
    expect(list).toHaveLength(1);
    return list;
  });
  expect(followed[0]).toMatchObject({ userId: a.id, actorId: c.id, link: `/people/${person.body.id}#comment-${first}`, excerpt: 'Kunde wartet auf Rückruf.' });
  expect(rows.find((r) => r.userId === b.id)).toMatchObject({ kind: 'mention', link: `/people/${person.body.id}#comment-${id}` });
  expect(rows.find((r) => r.userId === c.id)).toMatchObject({ kind: 'reply', link: `/people/${person.body.id}#comment-${id}` });
  // The edit's event as the comments domain emits it (emitted here: its PATCH route is not what this test is about).
  const actor = { workspaceId: ws.id, userId: a.id, role: 'sales' as const, kind: 'user' as const, language: 'de' as const };
  await api.deps.db.transaction(async (tx) => {
    await emit(tx, api.deps.queue, actor, { type: 'comment.updated', subject: { type: 'comment', id }, payload: {
      recordType: 'contact', recordId: person.body.id, mentions: { userIds: [b.id, ws.admin.id], teamIds: [] }, hashtags: [],
      before: { mentions: { userIds: [b.id], teamIds: [] }, hashtags: [] },
    } });
  });
  await eventually(async () => {
    const list = await api.deps.db.select().from(notifications).where(mine);
    expect(list).toHaveLength(3);
    expect(list.filter((r) => r.userId === b.id)).toHaveLength(1);
    expect(list.find((r) => r.userId === ws.admin.id)?.kind).toBe('mention');
  });
});

test('an internal note on a conversation notifies whom it mentions, linking to the note in the thread', async () => {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const conversationId = newId();
  const noteId = newId();
  await api.deps.db.insert(conversationNotes).values({ workspaceId: ws.id, id: noteId, conversationId, authorId: ws.admin.id, text: `Bitte übernehmen @[Agent](user:${agent.id})`, mentions: [{ type: 'user', id: agent.id }] });
  const actor = { workspaceId: ws.id, userId: ws.admin.id, role: 'admin' as const, kind: 'user' as const, language: 'de' as const };
  await api.deps.db.transaction(async (tx) => {
    await emit(tx, api.deps.queue, actor, { type: 'note.created', subject: { type: 'conversation_note', id: noteId }, payload: { conversationId, mentions: [{ type: 'user', id: agent.id }] } });
  });
  const [row] = await eventually(async () => {
    const list = await api.deps.db.select().from(notifications).where(eq(notifications.workspaceId, ws.id));
    expect(list).toHaveLength(1);
    return list;
  });
  expect(row).toMatchObject({ userId: agent.id, kind: 'mention', subjectType: 'conversation', link: `/inbox/${conversationId}#note-${noteId}`, excerpt: 'Bitte übernehmen @Agent' });
});

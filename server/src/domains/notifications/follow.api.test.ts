import { and, eq } from 'drizzle-orm';
import { describe, expect, test } from 'vitest';
import { activities, conversations, follows, notifications } from '../../db/schema.ts';
import { emit } from '../../events/emit.ts';
import { newId } from '../../lib/ids.ts';
import { eventually, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';

// Follow notifications, and notifications of comments that were edited or deleted (issue 5).

const api = useApi();

const ofKind = (ws: TestWorkspace, kind: string) => api.deps.db.select().from(notifications)
  .where(and(eq(notifications.workspaceId, ws.id), eq(notifications.kind, kind)));
const mineOf = (ws: TestWorkspace, u: TestUser) => api.deps.db.select().from(notifications)
  .where(and(eq(notifications.workspaceId, ws.id), eq(notifications.userId, u.id)));

async function person(by: TestUser, ownerId?: string): Promise<string> {
  const res = await by.req('POST', '/api/contacts', { firstName: 'Jonas', lastName: 'Becker', ...(ownerId ? { ownerId } : {}) });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function comment(by: TestUser, type: string, id: string, body: string): Promise<string> {
  const res = await by.req('POST', `/api/records/${type}/${id}/comments`, { body });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

async function follow(u: TestUser, recordType: string, recordId: string): Promise<void> {
  const res = await u.req('POST', '/api/follows', { recordType, recordId });
  expect(res.status, res.text).toBe(200);
}

/** Waits until the follows the activity handler makes for a record exist (owner, participants). */
async function followedBy(ws: TestWorkspace, recordId: string, users: TestUser[]): Promise<void> {
  await eventually(async () => {
    const list = await api.deps.db.select().from(follows).where(and(eq(follows.workspaceId, ws.id), eq(follows.recordId, recordId)));
    for (const u of users) expect(list.map((f) => f.userId)).toContain(u.id);
  });
}

describe('follow notifications', () => {
  test('a comment notifies the record\'s followers once: never the writer, never one it already mentions; grouped per record', async () => {
    const ws = await api.workspace();
    const owner = await ws.user('sales');
    const watcher = await ws.user('agent');
    const mentioned = await ws.user('agent');
    const writer = await ws.user('marketing');
    const c = await person(ws.admin, owner.id);
    await follow(watcher, 'contact', c);
    await follow(mentioned, 'contact', c);
    await follow(writer, 'contact', c);
    await followedBy(ws, c, [owner]);
    const first = await comment(writer, 'contact', c, `Kunde ruft morgen an, @[Mia](user:${mentioned.id}) bitte vorbereiten`);
    const rows = await eventually(async () => {
      const list = await ofKind(ws, 'follow');
      expect(list.map((n) => n.userId).sort()).toEqual([owner.id, watcher.id].sort());
      return list;
    });
    expect(rows[0]).toMatchObject({ actorId: writer.id, subjectType: 'contact', subjectId: c, link: `/people/${c}#comment-${first}`, groupKey: `follow:contact:${c}` });
    expect(rows[0]!.excerpt).toBe('Kunde ruft morgen an, @Mia bitte vorbereiten');
    // The mentioned follower got the mention and nothing more; the writer nothing.
    expect((await mineOf(ws, mentioned)).map((n) => n.kind)).toEqual(['mention']);
    expect(await mineOf(ws, writer)).toEqual([]);

    // A second change of the same record joins the follower's group; the centre names what happened.
    const note = await ws.admin.req('POST', `/api/contacts/${c}/notes`, { body: 'Angebot ist raus' });
    expect(note.status, note.text).toBe(201);
    await eventually(async () => expect((await mineOf(ws, watcher)).length).toBe(2));
    const centre = await watcher.req('GET', '/api/notifications');
    expect(centre.status, centre.text).toBe(200);
    expect(centre.body.groups).toHaveLength(1);
    expect(centre.body.groups[0]).toMatchObject({ kind: 'follow', count: 2, unread: 2, groupKey: `follow:contact:${c}` });
    expect(centre.body.groups[0].items.map((n: { verb: string }) => n.verb)).toEqual(['note.created', 'comment.created']);
    expect(centre.body.groups[0].latest).toMatchObject({ link: `/people/${c}#note-${note.body.id}`, excerpt: 'Angebot ist raus', actor: { id: ws.admin.id } });
  });

  test('each follower\'s preference for the kind: off means nothing, in the app only, mailed at once', async () => {
    const ws = await api.workspace();
    const quiet = await ws.user('sales');
    const mailed = await ws.user('sales');
    const c = await person(ws.admin);
    for (const u of [quiet, mailed]) await follow(u, 'contact', c);
    expect((await quiet.req('PUT', '/api/notification-preferences', { items: [{ kind: 'follow', inApp: false, email: 'off' }] })).status).toBe(200);
    expect((await mailed.req('PUT', '/api/notification-preferences', { items: [{ kind: 'follow', inApp: false, email: 'immediate' }] })).status).toBe(200);
    await comment(ws.admin, 'contact', c, 'Wichtig');
    const [row] = await eventually(async () => {
      const list = await mineOf(ws, mailed);
      expect(list).toHaveLength(1);
      expect(list[0]!.emailedAt).not.toBeNull();
      return list;
    });
    // Not wanted in the app: stored as read, so it never counts.
    expect(row!.readAt).not.toBeNull();
    expect((await mailed.req('GET', '/api/notifications/unread-count')).body.count).toBe(0);
    expect(await mineOf(ws, quiet)).toEqual([]);
  });

  test('a new owner or stage, a conversation\'s status or assignee notify followers; other edits do not', async () => {
    const ws = await api.workspace();
    const watcher = await ws.user('manager');
    const c = await person(ws.admin);
    await follow(watcher, 'contact', c);
    expect((await ws.admin.req('PATCH', `/api/contacts/${c}`, { jobTitle: 'Einkauf' })).status).toBe(200);
    expect((await ws.admin.req('PATCH', `/api/contacts/${c}`, { lifecycleStage: 'customer' })).status).toBe(200);
    const [stage] = await eventually(async () => {
      const list = await mineOf(ws, watcher);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(stage).toMatchObject({ kind: 'follow', link: `/people/${c}` });
    expect(stage!.excerpt).toContain('customer');

    // A conversation the watcher follows (emitted as the inbox does).
    const conversationId = newId();
    await api.deps.db.insert(conversations).values({ workspaceId: ws.id, id: conversationId, channelId: newId(), kind: 'public', threadKey: conversationId });
    await follow(watcher, 'conversation', conversationId);
    const actor = { workspaceId: ws.id, userId: ws.admin.id, role: 'admin' as const, kind: 'user' as const, language: 'de' as const };
    await api.deps.db.transaction(async (tx) => {
      await emit(tx, api.deps.queue, actor, { type: 'conversation.updated', subject: { type: 'conversation', id: conversationId }, payload: { before: { status: 'open', priority: 'normal' }, after: { status: 'open', priority: 'high' } } });
      await emit(tx, api.deps.queue, actor, { type: 'conversation.updated', subject: { type: 'conversation', id: conversationId }, payload: { before: { status: 'open' }, after: { status: 'resolved' } } });
    });
    const status = await eventually(async () => {
      const list = (await mineOf(ws, watcher)).filter((n) => n.subjectType === 'conversation');
      expect(list).toHaveLength(1);
      return list[0]!;
    });
    expect(status).toMatchObject({ kind: 'follow', link: `/inbox/${conversationId}`, excerpt: 'open → resolved' });
    // Assigned to a colleague who follows too: they are told of the assignment, the watcher as a follower.
    const assignee = await ws.user('agent');
    await follow(assignee, 'conversation', conversationId);
    await api.deps.db.transaction((tx) => emit(tx, api.deps.queue, actor, { type: 'conversation.assigned', subject: { type: 'conversation', id: conversationId }, payload: { before: { assigneeId: null }, after: { assigneeId: assignee.id } } }));
    await eventually(async () => expect((await mineOf(ws, watcher)).filter((n) => n.subjectType === 'conversation')).toHaveLength(2));
    expect((await mineOf(ws, assignee)).map((n) => n.kind)).toEqual(['assignment']);
  });

  test('a follower who may no longer read the record hears nothing of it', async () => {
    const ws = await api.workspace();
    const expert = await ws.user('expert');
    const agent = await ws.user('agent');
    const conversationId = newId();
    await api.deps.db.insert(conversations).values({ workspaceId: ws.id, id: conversationId, channelId: newId(), kind: 'public', threadKey: conversationId });
    // Both follow (the expert's written by hand: they were never consulted on this conversation, so cannot read it).
    await api.deps.db.insert(follows).values([expert, agent].map((u) => ({ workspaceId: ws.id, userId: u.id, recordType: 'conversation', recordId: conversationId, reason: 'manual' })));
    const actor = { workspaceId: ws.id, userId: ws.admin.id, role: 'admin' as const, kind: 'user' as const, language: 'de' as const };
    await api.deps.db.transaction((tx) => emit(tx, api.deps.queue, actor, { type: 'conversation.updated', subject: { type: 'conversation', id: conversationId }, payload: { before: { status: 'open' }, after: { status: 'closed' } } }));
    await eventually(async () => expect(await mineOf(ws, agent)).toHaveLength(1));
    expect(await mineOf(ws, expert)).toEqual([]);
  });

  test('rooms: members follow the room they join and hear of its posts, documents and notes; one who left does not', async () => {
    const ws = await api.workspace();
    const owner = await ws.user('agent');
    const member = await ws.user('sales');
    const leaver = await ws.user('sales');
    const created = await owner.req('POST', '/api/rooms', { name: 'Vertrieb Nord', visibility: 'private' });
    expect(created.status, created.text).toBe(201);
    const roomId = created.body.id as string;
    for (const u of [member, leaver]) expect((await owner.req('POST', `/api/rooms/${roomId}/members`, { userId: u.id })).status).toBe(200);
    await followedBy(ws, roomId, [owner, member, leaver]);
    expect((await owner.req('DELETE', `/api/rooms/${roomId}/members/${leaver.id}`)).status).toBe(204);
    await eventually(async () => {
      const list = await api.deps.db.select().from(follows).where(and(eq(follows.workspaceId, ws.id), eq(follows.recordId, roomId)));
      expect(list.map((f) => f.userId)).not.toContain(leaver.id);
    });
    // Even a follow left behind (written by hand) gives a non-member of a private room nothing.
    await api.deps.db.insert(follows).values({ workspaceId: ws.id, userId: leaver.id, recordType: 'room', recordId: roomId, reason: 'manual' });
    const post = await owner.req('POST', `/api/rooms/${roomId}/posts`, { body: 'Die Preise steigen im Mai' });
    expect(post.status, post.text).toBe(201);
    const note = await member.req('POST', `/api/rooms/${roomId}/notes`, { title: 'Protokoll', body: 'Erste Fassung' });
    expect(note.status, note.text).toBe(201);
    const got = await eventually(async () => {
      const list = await mineOf(ws, member);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(got[0]).toMatchObject({ kind: 'follow', subjectType: 'room', subjectId: roomId, link: `/rooms/${roomId}#post-${post.body.id}`, excerpt: 'Die Preise steigen im Mai' });
    const ownerGot = await eventually(async () => {
      const list = await mineOf(ws, owner);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(ownerGot[0]).toMatchObject({ kind: 'follow', link: `/rooms/${roomId}?tab=notes`, excerpt: 'Protokoll' });
    expect(await mineOf(ws, leaver)).toEqual([]);
  });
});

describe('edited and deleted comments', () => {
  test('an edit changes the quote in notifications and streams; a deletion removes the notifications and the quote', async () => {
    const ws = await api.workspace();
    const b = await ws.user('agent');
    const writer = await ws.user('sales');
    const c = await person(ws.admin);
    await followedBy(ws, c, [ws.admin]);
    const id = await comment(writer, 'contact', c, `Erster Entwurf #angebot @[Bea](user:${b.id})`);
    const [mention] = await eventually(async () => {
      const list = await mineOf(ws, b);
      expect(list).toHaveLength(1);
      return list;
    });
    expect(mention!.excerpt).toBe('Erster Entwurf #angebot @Bea');
    // The admin owns the person: a follow notification of the same comment.
    await eventually(async () => expect(await mineOf(ws, ws.admin)).toHaveLength(1));
    const detail = async () => {
      const s = await ws.admin.req('GET', `/api/streams/records/contact/${c}?type=comment`);
      expect(s.status, s.text).toBe(200);
      return s.body.items as { verb: string; summary: { detail?: string }; hashtags: string[] }[];
    };
    await eventually(async () => expect((await detail()).find((a) => a.verb === 'comment.created')?.summary.detail).toBe('Erster Entwurf #angebot @Bea'));

    const edited = await writer.req('PATCH', `/api/comments/${id}`, { body: `Zweite Fassung #preis @[Bea](user:${b.id})` });
    expect(edited.status, edited.text).toBe(200);
    await eventually(async () => {
      expect((await mineOf(ws, b)).map((n) => n.excerpt)).toEqual(['Zweite Fassung #preis @Bea']);
      expect((await mineOf(ws, ws.admin)).map((n) => n.excerpt)).toEqual(['Zweite Fassung #preis @Bea']);
      const items = await detail();
      expect(items.map((a) => a.summary.detail)).toEqual(['Zweite Fassung #preis @Bea', 'Zweite Fassung #preis @Bea']);
      expect(items.every((a) => a.hashtags.join() === 'preis')).toBe(true);
    });
    // Nobody was newly mentioned: the edit notified no one again.
    expect(await mineOf(ws, b)).toHaveLength(1);

    expect((await writer.req('DELETE', `/api/comments/${id}`)).status).toBe(204);
    await eventually(async () => {
      expect(await mineOf(ws, b)).toEqual([]);
      expect(await mineOf(ws, ws.admin)).toEqual([]);
    });
    expect((await b.req('GET', '/api/notifications/unread-count')).body.count).toBe(0);
    await eventually(async () => {
      const items = await detail();
      expect(items.map((a) => a.verb).sort()).toEqual(['comment.created', 'comment.deleted', 'comment.updated']);
      expect(items.every((a) => a.summary.detail === undefined && a.hashtags.length === 0)).toBe(true);
    });
    // The stored activities hold no word of it either.
    const rows = await api.deps.db.select().from(activities).where(and(eq(activities.workspaceId, ws.id), eq(activities.recordId, c)));
    expect(JSON.stringify(rows)).not.toContain('Fassung');
  });

  test('a comment deleted before its notifications were written leaves none behind', async () => {
    const ws = await api.workspace();
    const b = await ws.user('agent');
    const c = await person(ws.admin);
    // Written and deleted at once: whichever handler runs first, no notification of it stays.
    const id = await comment(ws.admin, 'contact', c, `Kurz @[Bea](user:${b.id})`);
    expect((await ws.admin.req('DELETE', `/api/comments/${id}`)).status).toBe(204);
    const marker = await comment(ws.admin, 'contact', c, `Bleibt @[Bea](user:${b.id})`);
    await eventually(async () => {
      const list = await mineOf(ws, b);
      expect(list.map((n) => n.link)).toEqual([`/people/${c}#comment-${marker}`]);
    });
  });
});

import { describe, expect, test } from 'vitest';
import { createLogger } from '../lib/logger.ts';
import { useApi, type TestUser, type TestWorkspace } from '../testing/harness.ts';
import { RealtimeHub, type Notice } from './hub.ts';
import { useStreams } from '../testing/streams.ts';

// Live room updates (issue 5): a room's notices reach its members' streams, a public room's every user's, and never a
// non-member of a private room; tested over the real SSE stream.

const api = useApi();
const stream = useStreams(api);

async function room(owner: TestUser, visibility: 'public' | 'private', members: TestUser[] = []): Promise<string> {
  const res = await owner.req('POST', '/api/rooms', { name: `Raum ${visibility}`, visibility });
  expect(res.status, res.text).toBe(201);
  for (const m of members) expect((await owner.req('POST', `/api/rooms/${res.body.id}/members`, { userId: m.id })).status).toBe(200);
  return res.body.id as string;
}

async function post(by: TestUser, roomId: string, body: string): Promise<string> {
  const res = await by.req('POST', `/api/rooms/${roomId}/posts`, { body });
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

const postIn = (roomId: string, postId: string) => (m: { type: string; subject?: { id: string }; roomId?: string | null }) =>
  m.type === 'room_post.created' && m.subject?.id === postId && m.roomId === roomId;

describe('room notices on the stream', () => {
  test('a post in a private room reaches its members and admins within a second, never a non-member', async () => {
    const ws: TestWorkspace = await api.workspace();
    const owner = await ws.user('agent');
    const member = await ws.user('sales');
    const outsider = await ws.user('agent');
    const privateId = await room(owner, 'private', [member]);
    const publicId = await room(owner, 'public');
    const [sMember, sOutsider, sAdmin] = [await stream(member), await stream(outsider), await stream(ws.admin)];

    const started = performance.now();
    const secret = await post(owner, privateId, 'Geheime Kalkulation');
    const got = await sMember.waitFor(postIn(privateId, secret), 1_500);
    expect(got.at - started).toBeLessThan(1_000);
    await sAdmin.waitFor(postIn(privateId, secret), 1_000);
    // Notices are handed on in order: once the outsider has the public post that came after, the private one was withheld.
    const open = await post(owner, publicId, 'Für alle');
    await sOutsider.waitFor(postIn(publicId, open), 1_000);
    expect(sOutsider.messages.some((x) => x.message.subject?.id === secret || x.message.roomId === privateId)).toBe(false);
    // Ids only: nothing of the post travels.
    expect(JSON.stringify(sMember.messages)).not.toContain('Kalkulation');
  });

  test('a public room\'s post reaches every user of the workspace, whatever their role; another workspace nothing', async () => {
    const ws = await api.workspace();
    const other = await api.workspace();
    const owner = await ws.user('marketing');
    const publicId = await room(owner, 'public');
    const users = [await ws.user('expert'), await ws.user('sales'), await ws.user('agent'), await ws.user('manager'), ws.admin];
    const clients = await Promise.all(users.map((u) => stream(u)));
    const foreign = await stream(other.admin);
    const id = await post(owner, publicId, 'Neuigkeiten');
    await Promise.all(clients.map((c) => c.waitFor(postIn(publicId, id), 1_000)));
    const mark = await other.admin.req('POST', '/api/contacts', { firstName: 'Otto', lastName: 'Anders' });
    await foreign.waitFor((m) => m.subject?.id === mark.body.id, 1_000);
    expect(foreign.messages.some((x) => x.message.roomId === publicId)).toBe(false);
  });

  test('joining and leaving take effect at once: the added member hears the next post, the removed one no more', async () => {
    const ws = await api.workspace();
    const owner = await ws.user('agent');
    const later = await ws.user('sales');
    const privateId = await room(owner, 'private');
    const publicId = await room(owner, 'public');
    const s = await stream(later);
    const before = await post(owner, privateId, 'Vor dem Beitritt');
    expect((await owner.req('POST', `/api/rooms/${privateId}/members`, { userId: later.id })).status).toBe(200);
    await s.waitFor((m) => m.type === 'room_member.added' && m.roomId === privateId, 1_000);
    const during = await post(owner, privateId, 'Als Mitglied');
    await s.waitFor(postIn(privateId, during), 1_000);
    expect(s.messages.some((x) => x.message.subject?.id === before)).toBe(false);
    // Removed: told so (the page refetches and finds the room gone), then nothing more of the room.
    expect((await owner.req('DELETE', `/api/rooms/${privateId}/members/${later.id}`)).status).toBe(204);
    await s.waitFor((m) => m.type === 'room_member.removed' && m.roomId === privateId, 1_000);
    const after = await post(owner, privateId, 'Nach dem Austritt');
    const marker = await post(owner, publicId, 'Marker');
    await s.waitFor(postIn(publicId, marker), 1_000);
    expect(s.messages.some((x) => x.message.subject?.id === after)).toBe(false);
    // Made public: everyone hears of it, and of the room's posts from then on.
    expect((await owner.req('PATCH', `/api/rooms/${privateId}`, { visibility: 'public' })).status).toBe(200);
    await s.waitFor((m) => m.type === 'room.updated' && m.roomId === privateId, 1_000);
    const open = await post(owner, privateId, 'Jetzt öffentlich');
    await s.waitFor(postIn(privateId, open), 1_000);
  });

  test('documents, notes and comments of a private room reach members only, naming the room', async () => {
    const ws = await api.workspace();
    const owner = await ws.user('agent');
    const member = await ws.user('sales');
    const outsider = await ws.user('sales');
    const privateId = await room(owner, 'private', [member]);
    const publicId = await room(owner, 'public');
    const [sm, so] = [await stream(member), await stream(outsider)];
    const note = await owner.req('POST', `/api/rooms/${privateId}/notes`, { title: 'Protokoll', body: 'Erste Fassung' });
    expect(note.status, note.text).toBe(201);
    await sm.waitFor((m) => m.type === 'room_note.created' && m.subject?.id === note.body.id && m.roomId === privateId, 1_000);
    const comment = await owner.req('POST', `/api/records/room/${privateId}/comments`, { body: 'Nur für uns' });
    expect(comment.status, comment.text).toBe(201);
    await sm.waitFor((m) => m.type === 'comment.created' && m.subject?.id === comment.body.id && m.roomId === privateId, 1_000);
    const marker = await post(owner, publicId, 'Marker');
    await so.waitFor(postIn(publicId, marker), 1_000);
    expect(so.messages.some((x) => x.message.roomId === privateId || x.message.subject?.id === comment.body.id)).toBe(false);
    // A comment on a person reaches who reads people (sales), named by its record.
    const person = await owner.req('POST', '/api/contacts', { firstName: 'Nora', lastName: 'Lenz' });
    const onPerson = await owner.req('POST', `/api/records/contact/${person.body.id}/comments`, { body: 'Rückruf' });
    expect(onPerson.status, onPerson.text).toBe(201);
    await so.waitFor((m) => m.type === 'comment.created' && m.subject?.id === onPerson.body.id, 1_000);
  });
});

test('the hub resolves a room once per notice for all its streams, and clears it when the members change', async () => {
  const ws = await api.workspace();
  const owner = await ws.user('agent');
  const member = await ws.user('sales');
  const privateId = await room(owner, 'private', [member]);
  const hub = new RealtimeHub(api.deps.database, createLogger('silent'));
  const got: Notice[][] = [[], [], []];
  const stops = await Promise.all(got.map((list) => hub.subscribe(ws.id, (n) => list.push(n))));
  try {
    const first = await post(owner, privateId, 'Eins');
    const second = await post(member, privateId, 'Zwei');
    await waitUntil(() => got.every((l) => l.some((n) => n.subjectId === second)));
    for (const list of got) {
      const n = list.find((x) => x.subjectId === first)!;
      expect(n.roomId).toBe(privateId);
      expect(n.room).toMatchObject({ public: false });
      expect([...n.room!.members].sort()).toEqual([owner.id, member.id].sort());
    }
    // Three streams, two posts: the room was looked up once.
    expect(hub.rooms.lookups).toBe(1);
    expect((await owner.req('DELETE', `/api/rooms/${privateId}/members/${member.id}`)).status).toBe(204);
    const third = await post(owner, privateId, 'Drei');
    await waitUntil(() => got[0]!.some((n) => n.subjectId === third));
    expect([...got[0]!.find((n) => n.subjectId === third)!.room!.members]).toEqual([owner.id]);
    expect(hub.rooms.lookups).toBe(2);
  } finally {
    for (const stop of stops) stop();
    await hub.close();
  }
});

async function waitUntil(check: () => boolean, timeoutMs = 3_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

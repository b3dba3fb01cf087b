import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { rooms, teamMembers, teams } from '../schema.ts';
import { createUser } from '../../domains/workspace/service.ts';
import { newId } from '../../lib/ids.ts';
import { filesOf } from '../../lib/storage.ts';
import { PASSWORD, useApi } from '../../testing/harness.ts';
import { DEMO_ROOMS, seedDemoRooms } from './demo-rooms.ts';
import { DEMO_USERS } from './demo-vocabulary.ts';

// The demo's team rooms, read through the API the way the web app reads them: the German rooms, and the English room
// an English-speaking user (Emily Carter, marketing) finds with posts, a thread, a document and a note with history.

const api = useApi();

test('the demo rooms: an English room with posts, a thread, a downloadable document and a versioned note; seeding again adds nothing', async () => {
  const ws = await api.workspace();
  const ids = new Map<string, string>();
  for (const u of DEMO_USERS) ids.set(u.email, (await createUser(api.deps.db, { workspaceId: ws.id, email: u.email, name: u.name, role: u.role, password: PASSWORD, language: u.language })).id);
  const service = newId();
  await api.deps.db.insert(teams).values({ workspaceId: ws.id, id: service, name: 'Service' });
  await api.deps.db.insert(teamMembers).values({ workspaceId: ws.id, teamId: service, userId: ids.get(DEMO_USERS[2]!.email)! });
  const now = new Date();
  await api.deps.db.transaction((tx) => seedDemoRooms(tx, ws.id, now, filesOf(api.deps.config)));

  const emily = DEMO_USERS.find((u) => u.language === 'en')!;
  const login = await api.anon('POST', '/api/auth/login', { email: emily.email, password: PASSWORD });
  expect(login.status, login.text).toBe(200);
  const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.body.csrfToken as string };
  const get = async (url: string) => {
    const res = await api.anon('GET', url, undefined, headers);
    expect(res.status, `${url}: ${res.text}`).toBe(200);
    return res;
  };

  // Emily sees the public rooms, not sales' private one.
  const list = (await get('/api/rooms')).body.items as { id: string; name: string; teamId: string | null }[];
  expect(list.map((r) => r.name).sort()).toEqual([DEMO_ROOMS.international, DEMO_ROOMS.service]);
  const room = list.find((r) => r.name === DEMO_ROOMS.international)!;
  expect(room.teamId).toBe(service);
  const members = (await get(`/api/rooms/${room.id}/members`)).body.items as { user: { id: string }; role: string }[];
  expect(members.find((m) => m.user.id === ids.get(emily.email))?.role).toBe('owner');
  expect(members).toHaveLength(5);

  // Posts in English, one with a thread of three replies; hashtags picked up.
  const posts = (await get(`/api/rooms/${room.id}/posts`)).body.items as { body: string; hashtags: string[]; author: { name: string }; replies: { body: string; author: { name: string } }[] }[];
  expect(posts).toHaveLength(3);
  const texts = posts.flatMap((p) => [p.body, ...p.replies.map((r) => r.body)]);
  expect(texts).toHaveLength(7);
  expect(texts.filter((t) => /\b(und|der|die|nicht|ist)\b/i.test(t))).toEqual([]);
  const launch = posts.find((p) => p.body.includes('campaign goes live in the UK'))!;
  expect(launch.author.name).toBe('Emily Carter');
  expect(launch.hashtags).toEqual(expect.arrayContaining(['uklaunch', 'wp300']));
  expect(launch.replies.map((r) => r.author.name)).toEqual(['Leonie Schuster', 'Jonas Becker', 'Emily Carter']);

  // The shared datasheet downloads as it was stored.
  const docs = (await get(`/api/rooms/${room.id}/documents`)).body.items as { id: string; name: string; currentVersion: number }[];
  expect(docs.map((d) => d.name)).toEqual(['WP-300 datasheet (EN).md']);
  const file = await get(`/api/documents/${docs[0]!.id}/versions/1/download`);
  expect(file.headers['content-type']).toMatch(/^text\/markdown/);
  expect(file.text).toContain('Boiler Upgrade Scheme');

  // The reply guide with its history: Leonie's draft, Jonas' version.
  const notes = (await get(`/api/rooms/${room.id}/notes`)).body.items as { id: string; title: string }[];
  expect(notes.map((n) => n.title)).toEqual(['English reply guide']);
  const noteDetail = (await get(`/api/room-notes/${notes[0]!.id}`)).body;
  expect(noteDetail).toMatchObject({ version: 2 });
  expect(noteDetail.body).toContain('£7,500');
  expect(JSON.stringify(noteDetail)).toContain('Leonie Schuster');

  // Seeding again (e.g. after a partial run) leaves the rooms as they are.
  await api.deps.db.transaction((tx) => seedDemoRooms(tx, ws.id, now, filesOf(api.deps.config)));
  const all = await api.deps.db.select({ name: rooms.name }).from(rooms).where(eq(rooms.workspaceId, ws.id));
  expect(all.map((r) => r.name).sort()).toEqual([DEMO_ROOMS.international, DEMO_ROOMS.service, DEMO_ROOMS.sales].sort());
  expect((await get(`/api/rooms/${room.id}/posts`)).body.items).toHaveLength(3);
  const [again] = await api.deps.db.select({ id: rooms.id }).from(rooms).where(and(eq(rooms.workspaceId, ws.id), eq(rooms.name, DEMO_ROOMS.international)));
  expect(again!.id).toBe(room.id);
});

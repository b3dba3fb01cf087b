import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { activities, follows } from '../../db/schema.ts';
import { eventually, multipartFile, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';

// Team rooms in the activity streams (issue 5): a room's posts, documents (uploaded, new versions) and notes are
// activities of the room; its followers (members follow the rooms they join) see them in their own stream, and the
// team and workspace streams show them only to those who may read the room.

const api = useApi();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

type Item = { id: string; verb: string; recordType: string; recordId: string; teamId: string | null; summary: { title?: string | null; detail?: string } };

async function streamOf(u: TestUser, path: string): Promise<Item[]> {
  const res = await u.req('GET', path);
  expect(res.status, res.text).toBe(200);
  return res.body.items as Item[];
}

async function upload(u: TestUser, url: string, name: string, content: Buffer) {
  const { body, headers } = multipartFile(name, content, 'application/pdf');
  const res = await u.req('POST', url, body, headers);
  expect(res.status, res.text).toBe(201);
  return res.body.id as string;
}

/** A team with the owner in it; a private room of that team with a member, and a public room; something in each. */
async function rooms(ws: TestWorkspace) {
  const owner = await ws.user('agent');
  const member = await ws.user('sales');
  const outsider = await ws.user('sales');
  const team = await ws.admin.req('POST', '/api/teams', { name: 'Vertrieb Nord', memberIds: [owner.id, outsider.id] });
  expect(team.status, team.text).toBe(201);
  const priv = await owner.req('POST', '/api/rooms', { name: 'Geheimraum', visibility: 'private', teamId: team.body.id });
  expect(priv.status, priv.text).toBe(201);
  const pub = await owner.req('POST', '/api/rooms', { name: 'Marktplatz', visibility: 'public' });
  expect(pub.status, pub.text).toBe(201);
  const privateId = priv.body.id as string, publicId = pub.body.id as string;
  expect((await owner.req('POST', `/api/rooms/${privateId}/members`, { userId: member.id })).status).toBe(200);
  expect((await owner.req('POST', `/api/rooms/${privateId}/posts`, { body: 'Kalkulation #geheim für Q3' })).status).toBe(201);
  const doc = await upload(owner, `/api/rooms/${privateId}/documents`, 'Preisliste.pdf', PDF);
  await upload(member, `/api/documents/${doc}/versions`, 'Preisliste.pdf', Buffer.concat([PDF, Buffer.from('v2')]));
  expect((await member.req('POST', `/api/rooms/${privateId}/notes`, { title: 'Protokoll', body: 'Erste Fassung' })).status).toBe(201);
  expect((await owner.req('POST', `/api/rooms/${publicId}/posts`, { body: 'Für alle sichtbar' })).status).toBe(201);
  // Every event of the rooms has become an activity (two room.created, four in the private room, one post in the public one).
  await eventually(async () => {
    const list = await api.deps.db.select().from(activities).where(and(eq(activities.workspaceId, ws.id), eq(activities.recordType, 'room')));
    expect(list).toHaveLength(7);
    const followers = await api.deps.db.select().from(follows).where(and(eq(follows.workspaceId, ws.id), eq(follows.recordId, privateId)));
    expect(followers.map((f) => f.userId).sort()).toEqual([owner.id, member.id].sort());
  });
  return { owner, member, outsider, teamId: team.body.id as string, privateId, publicId, doc };
}

test('a room\'s posts, documents and notes reach the personal stream of its followers, titled with the room', async () => {
  const ws = await api.workspace();
  const r = await rooms(ws);
  // The member joined the private room and so follows it.
  const state = await r.member.req('GET', `/api/records/room/${r.privateId}/follow-state`);
  expect(state.body).toMatchObject({ following: true, reason: 'participant' });
  const mine = await streamOf(r.member, '/api/streams/me');
  expect(mine.map((a) => a.verb)).toEqual(['room_note.created', 'document.version_added', 'document.uploaded', 'room_post.created', 'room.created']);
  expect(mine.every((a) => a.recordType === 'room' && a.recordId === r.privateId && a.summary.title === 'Geheimraum')).toBe(true);
  expect(mine.map((a) => a.summary.detail)).toEqual(['Protokoll', 'Preisliste.pdf', 'Preisliste.pdf', 'Kalkulation #geheim für Q3', undefined]);
  // The room's team is the activities' team.
  expect(mine.every((a) => a.teamId === r.teamId)).toBe(true);
  // The room's own stream, for a member; a non-member is told it does not exist.
  expect((await streamOf(r.member, `/api/streams/records/room/${r.privateId}`)).length).toBe(5);
  expect((await r.outsider.req('GET', `/api/streams/records/room/${r.privateId}`)).status).toBe(404);
  // Whoever follows the public room (its owner) sees its post; the filter by verb prefix finds room posts.
  const posts = await streamOf(r.owner, '/api/streams/me?type=room_post');
  expect(posts.map((a) => [a.recordId, a.summary.detail])).toEqual([[r.publicId, 'Für alle sichtbar'], [r.privateId, 'Kalkulation #geheim für Q3']]);
});

test('a private room never leaks into a non-member\'s workspace, team or personal stream', async () => {
  const ws = await api.workspace();
  const r = await rooms(ws);
  const seen = async (u: TestUser, path: string) => new Set((await streamOf(u, path)).map((a) => a.recordId));
  // The outsider shares the room's team: the team stream holds the room's activities, but not for them.
  for (const path of ['/api/streams/workspace?limit=100', `/api/streams/teams/${r.teamId}?limit=100`, '/api/streams/workspace?hashtag=geheim']) {
    expect([...await seen(r.outsider, path)]).not.toContain(r.privateId);
  }
  expect(await seen(r.outsider, '/api/streams/workspace?limit=100')).toContain(r.publicId);
  // A follow left from before (written by hand) shows nothing of the room either.
  await api.deps.db.insert(follows).values({ workspaceId: ws.id, userId: r.outsider.id, recordType: 'room', recordId: r.privateId, reason: 'manual' });
  expect([...await seen(r.outsider, '/api/streams/me')]).not.toContain(r.privateId);
  expect((await r.outsider.req('POST', '/api/follows', { recordType: 'room', recordId: r.privateId })).status).toBe(404);
  expect((await r.outsider.req('POST', '/api/follows', { recordType: 'document', recordId: r.doc })).status).toBe(404);
  // Members and admins see it in the workspace and team streams.
  expect(await seen(r.member, '/api/streams/workspace?limit=100')).toContain(r.privateId);
  expect(await seen(ws.admin, `/api/streams/teams/${r.teamId}?limit=100`)).toContain(r.privateId);
  expect((await streamOf(r.member, '/api/streams/workspace?hashtag=geheim')).map((a) => a.verb)).toEqual(['room_post.created']);
  // Left the room: no longer a follower, and the room is gone from their streams.
  expect((await r.member.req('DELETE', `/api/rooms/${r.privateId}/members/${r.member.id}`)).status).toBe(204);
  await eventually(async () => expect([...await seen(r.member, '/api/streams/me')]).not.toContain(r.privateId));
  expect([...await seen(r.member, '/api/streams/workspace?limit=100')]).not.toContain(r.privateId);
  // Made public, the room shows to everyone.
  expect((await r.owner.req('PATCH', `/api/rooms/${r.privateId}`, { visibility: 'public' })).status).toBe(200);
  expect(await seen(r.outsider, '/api/streams/workspace?limit=100')).toContain(r.privateId);
});

test('comments on a private room\'s document stay with the room\'s readers', async () => {
  const ws = await api.workspace();
  const r = await rooms(ws);
  const c = await r.member.req('POST', `/api/records/document/${r.doc}/comments`, { body: 'Seite 2 stimmt nicht' });
  expect(c.status, c.text).toBe(201);
  const onDoc = await eventually(async () => {
    const list = (await streamOf(r.member, '/api/streams/workspace?type=comment')).filter((a) => a.recordId === r.doc);
    expect(list).toHaveLength(1);
    return list;
  });
  expect(onDoc[0]).toMatchObject({ recordType: 'document', summary: { title: 'Preisliste.pdf', detail: 'Seite 2 stimmt nicht' } });
  expect((await streamOf(r.outsider, '/api/streams/workspace?type=comment')).map((a) => a.recordId)).not.toContain(r.doc);
  expect((await r.outsider.req('GET', `/api/streams/records/document/${r.doc}`)).status).toBe(404);
});

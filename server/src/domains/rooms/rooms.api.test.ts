import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { comments, events } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { multipartFile, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';

const api = useApi();

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function upload(user: TestUser, url: string, name: string, content: Buffer | string, type = 'application/pdf') {
  const { body, headers } = multipartFile(name, content, type);
  return user.req('POST', url, body, headers);
}

/** A private room of an agent (owner) with a member, a post with a reply, a document in two versions and a note saved twice. */
async function privateRoom(ws: TestWorkspace) {
  const owner = await ws.user('agent');
  const member = await ws.user('sales');
  const outsider = await ws.user('manager');
  const room = await owner.req('POST', '/api/rooms', { name: 'Vertrieb Nord', description: 'Geheime Planung', visibility: 'private' });
  expect(room.status, room.text).toBe(201);
  expect(room.body).toMatchObject({ visibility: 'private', myRole: 'owner', memberCount: 1, abilities: { write: true, manage: true } });
  const id = room.body.id as string;
  expect((await owner.req('POST', `/api/rooms/${id}/members`, { userId: member.id })).status).toBe(200);
  const post = await member.req('POST', `/api/rooms/${id}/posts`, { body: 'Angebot #Wärmepumpe für **Müller GmbH** Zebrakreuzung' });
  expect(post.status, post.text).toBe(201);
  const reply = await owner.req('POST', `/api/rooms/${id}/posts`, { body: 'Erledige ich', parentId: post.body.id });
  expect(reply.status, reply.text).toBe(201);
  const doc = await upload(owner, `/api/rooms/${id}/documents`, 'Zebrapreisliste.pdf', PDF);
  expect(doc.status, doc.text).toBe(201);
  const v2 = await upload(member, `/api/documents/${doc.body.id}/versions`, 'Zebrapreisliste.pdf', Buffer.concat([PDF, Buffer.from('v2')]));
  expect(v2.status, v2.text).toBe(201);
  const note = await owner.req('POST', `/api/rooms/${id}/notes`, { title: 'Protokoll', body: 'Erste Fassung' });
  expect(note.status, note.text).toBe(201);
  const saved = await member.req('PATCH', `/api/room-notes/${note.body.id}`, { baseVersion: 1, body: 'Zweite Fassung' });
  expect(saved.status, saved.text).toBe(200);
  return { owner, member, outsider, id, postId: post.body.id as string, replyId: reply.body.id as string, docId: doc.body.id as string, noteId: note.body.id as string };
}

test('a private room and everything in it answers 404 to non-members over every endpoint, and shows to members', async () => {
  const ws = await api.workspace();
  const r = await privateRoom(ws);
  const reads: [string, string][] = [
    ['GET', `/api/rooms/${r.id}`], ['GET', `/api/rooms/${r.id}/members`], ['GET', `/api/rooms/${r.id}/posts`], ['GET', `/api/rooms/${r.id}/documents`],
    ['GET', `/api/rooms/${r.id}/notes`], ['GET', `/api/documents/${r.docId}`], ['GET', `/api/documents/${r.docId}/versions`],
    ['GET', `/api/documents/${r.docId}/versions/1/download`], ['GET', `/api/documents/${r.docId}/versions/2/download`],
    ['GET', `/api/room-notes/${r.noteId}`], ['GET', `/api/room-notes/${r.noteId}/revisions/1`],
  ];
  const writes: [string, string, unknown][] = [
    ['PATCH', `/api/rooms/${r.id}`, { name: 'Übernommen' }], ['POST', `/api/rooms/${r.id}/join`, undefined],
    ['POST', `/api/rooms/${r.id}/members`, { userId: r.outsider.id }], ['DELETE', `/api/rooms/${r.id}/members/${r.member.id}`, undefined],
    ['POST', `/api/rooms/${r.id}/posts`, { body: 'Hallo' }], ['PATCH', `/api/room-posts/${r.postId}`, { body: 'Hallo' }], ['DELETE', `/api/room-posts/${r.replyId}`, undefined],
    ['POST', `/api/rooms/${r.id}/notes`, { title: 'X', body: 'Y' }], ['PATCH', `/api/room-notes/${r.noteId}`, { baseVersion: 2, body: 'Z' }],
  ];
  // Comments (part A) on the room and on its document are found by the room search, under the same rule. Written as
  // rows here so that this test does not depend on the comments API.
  const commentIds = [newId(), newId()];
  await api.deps.db.insert(comments).values([
    { workspaceId: ws.id, id: commentIds[0]!, recordType: 'room', recordId: r.id, authorId: r.member.id, body: 'Zebrastreifen vor dem Lager', bodyHtml: '<p>Zebrastreifen vor dem Lager</p>' },
    { workspaceId: ws.id, id: commentIds[1]!, recordType: 'document', recordId: r.docId, authorId: r.owner.id, body: 'Seite 2: Zebramuster', bodyHtml: '<p>Seite 2: Zebramuster</p>' },
  ]);
  const other = await api.workspace();
  for (const outsider of [r.outsider, await ws.user('expert'), other.admin]) {
    for (const [method, url] of reads) expect((await outsider.req(method, url)).status, `${outsider.role} ${method} ${url}`).toBe(404);
    for (const [method, url, body] of writes) expect((await outsider.req(method, url, body)).status, `${outsider.role} ${method} ${url}`).toBe(404);
    const { body, headers } = multipartFile('x.pdf', PDF, 'application/pdf');
    expect((await outsider.req('POST', `/api/rooms/${r.id}/documents`, body, headers)).status).toBe(404);
    expect((await outsider.req('POST', `/api/documents/${r.docId}/versions`, body, headers)).status).toBe(404);
    expect((await outsider.req('GET', '/api/rooms')).body.items.map((i: { id: string }) => i.id)).not.toContain(r.id);
    for (const q of ['Zebra', 'Wärmepumpe']) expect((await outsider.req('GET', `/api/rooms/search?q=${encodeURIComponent(q)}`)).body.items).toEqual([]);
  }
  // Nothing the outsiders tried changed anything.
  const feed = await r.member.req('GET', `/api/rooms/${r.id}/posts`);
  expect(feed.status).toBe(200);
  expect(feed.body.items).toHaveLength(1);
  expect(feed.body.items[0]).toMatchObject({ body: expect.stringContaining('Angebot'), hashtags: ['wärmepumpe'], replyCount: 1, replies: [{ body: 'Erledige ich' }] });
  expect(feed.body.items[0].bodyHtml).toContain('<strong>Müller GmbH</strong>');

  // Members (and admins, who answer for the workspace) read all of it.
  for (const reader of [r.member, r.owner, ws.admin]) {
    for (const [method, url] of reads) expect((await reader.req(method, url)).status, `${reader.role} ${method} ${url}`).toBe(200);
    expect((await reader.req('GET', '/api/rooms')).body.items.map((i: { id: string }) => i.id)).toContain(r.id);
    const hits = (await reader.req('GET', '/api/rooms/search?q=zebra')).body.items;
    expect(hits.map((h: { type: string; id: string }) => `${h.type}:${h.id}`).sort())
      .toEqual([`document:${r.docId}`, `post:${r.postId}`, `comment:${commentIds[0]}`, `comment:${commentIds[1]}`].sort());
  }
  const members = await r.member.req('GET', `/api/rooms/${r.id}/members`);
  expect(members.body.items.map((m: { user: { id: string }; role: string }) => `${m.user.id}:${m.role}`).sort()).toEqual([`${r.owner.id}:owner`, `${r.member.id}:member`].sort());
});

test('a public room is readable by everyone, writable by members; anyone may join', async () => {
  const ws = await api.workspace();
  const owner = await ws.user('marketing');
  const reader = await ws.user('agent');
  const room = await owner.req('POST', '/api/rooms', { name: 'Alle', visibility: 'public' });
  expect(room.status).toBe(201);
  expect((await owner.req('POST', `/api/rooms/${room.body.id}/posts`, { body: 'Willkommen @[agent user](user:' + reader.id + ')' })).status).toBe(201);
  const seen = await reader.req('GET', `/api/rooms/${room.body.id}`);
  expect(seen.body).toMatchObject({ myRole: null, abilities: { write: false, manage: false, join: true } });
  expect((await reader.req('GET', `/api/rooms/${room.body.id}/posts`)).body.items).toHaveLength(1);
  const refused = await reader.req('POST', `/api/rooms/${room.body.id}/posts`, { body: 'Hallo' });
  expect(refused.status).toBe(403);
  expect(refused.body.error.code).toBe('room_not_member');
  expect((await reader.req('PATCH', `/api/rooms/${room.body.id}`, { name: 'Meins' })).status).toBe(403);
  const joined = await reader.req('POST', `/api/rooms/${room.body.id}/join`);
  expect(joined.body).toMatchObject({ myRole: 'member', memberCount: 2, abilities: { write: true, manage: false } });
  expect((await reader.req('POST', `/api/rooms/${room.body.id}/posts`, { body: 'Hallo' })).status).toBe(201);
  // A member edits only their own post; the owner may moderate.
  const own = (await owner.req('GET', `/api/rooms/${room.body.id}/posts`)).body.items.find((p: { body: string }) => p.body.startsWith('Willkommen'));
  expect((await reader.req('PATCH', `/api/room-posts/${own.id}`, { body: 'Gekapert' })).status).toBe(403);
  const created = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'room_post.created'), eq(events.subjectId, own.id)));
  expect(created[0]!.payload).toMatchObject({ roomId: room.body.id, mentions: { userIds: [reader.id], teamIds: [] }, hashtags: [] });
  // The composer's preview renders like a saved post: Markdown yes, raw HTML no.
  const preview = await reader.req('POST', '/api/rooms/preview', { body: '**fett** <script>alert(1)</script>' });
  expect(preview.body.html).toContain('<strong>fett</strong>');
  expect(preview.body.html).not.toContain('<script>');
  // The last owner cannot leave; a member can.
  expect((await owner.req('DELETE', `/api/rooms/${room.body.id}/members/${owner.id}`)).body.error.code).toBe('room_last_owner');
  expect((await reader.req('DELETE', `/api/rooms/${room.body.id}/members/${reader.id}`)).status).toBe(204);
  // Archived: read-only for everyone.
  expect((await owner.req('PATCH', `/api/rooms/${room.body.id}`, { archived: true })).status).toBe(200);
  expect((await owner.req('POST', `/api/rooms/${room.body.id}/posts`, { body: 'Noch da?' })).body.error.code).toBe('room_archived');
});

test('documents keep every version with who uploaded it; downloads are attachments; type and size are limited', async () => {
  const ws = await api.workspace();
  const r = await privateRoom(ws);
  const versions = await r.owner.req('GET', `/api/documents/${r.docId}/versions`);
  expect(versions.body.items.map((v: { version: number; uploadedBy: { id: string }; size: number }) => [v.version, v.uploadedBy.id, v.size]))
    .toEqual([[2, r.member.id, PDF.length + 2], [1, r.owner.id, PDF.length]]);
  const v1 = await r.owner.req('GET', `/api/documents/${r.docId}/versions/1/download`);
  expect(v1.status).toBe(200);
  expect(v1.text).toBe(PDF.toString());
  expect(v1.headers['content-disposition']).toContain('attachment');
  expect(v1.headers['x-content-type-options']).toBe('nosniff');
  expect((await r.owner.req('GET', `/api/documents/${r.docId}/versions/2/download`)).text).toBe(PDF.toString() + 'v2');
  expect((await r.owner.req('GET', `/api/documents/${r.docId}/versions/3/download`)).status).toBe(404);
  const list = await r.owner.req('GET', `/api/rooms/${r.id}/documents`);
  expect(list.body.items).toMatchObject([{ id: r.docId, name: 'Zebrapreisliste.pdf', currentVersion: 2, updatedBy: { id: r.member.id } }]);

  const html = await upload(r.owner, `/api/rooms/${r.id}/documents`, 'x.html', '<script>alert(1)</script>', 'text/html');
  expect(html.status).toBe(400);
  expect(html.body.error.code).toBe('document_type_not_allowed');
  const big = await upload(r.owner, `/api/rooms/${r.id}/documents`, 'big.pdf', Buffer.alloc(25 * 1024 * 1024 + 10, 1));
  expect(big.status).toBe(413);
  expect(big.body.error.code).toBe('document_too_large');
  expect((await r.owner.req('GET', `/api/rooms/${r.id}/documents`)).body.items).toHaveLength(1);
});

test('note saves carry the base version: a stale save is refused with 409 and the current text; the history keeps every revision', async () => {
  const ws = await api.workspace();
  const r = await privateRoom(ws);
  const stale = await r.owner.req('PATCH', `/api/room-notes/${r.noteId}`, { baseVersion: 1, body: 'Meine Fassung' });
  expect(stale.status).toBe(409);
  expect(stale.body.error).toMatchObject({ code: 'room_note_conflict', details: { version: 2, body: 'Zweite Fassung' } });
  const merged = await r.owner.req('PATCH', `/api/room-notes/${r.noteId}`, { baseVersion: 2, body: 'Zweite Fassung\n\nMeine Fassung', title: 'Protokoll 1' });
  expect(merged.status, merged.text).toBe(200);
  expect(merged.body).toMatchObject({ version: 3, title: 'Protokoll 1', body: 'Zweite Fassung\n\nMeine Fassung', updatedBy: { id: r.owner.id } });
  expect(merged.body.history.map((h: { version: number; author: { id: string } }) => [h.version, h.author.id]))
    .toEqual([[3, r.owner.id], [2, r.member.id], [1, r.owner.id]]);
  expect((await r.member.req('GET', `/api/room-notes/${r.noteId}/revisions/1`)).body).toMatchObject({ version: 1, title: 'Protokoll', body: 'Erste Fassung' });
  expect((await r.member.req('GET', `/api/room-notes/${r.noteId}/revisions/9`)).status).toBe(404);
  // Two saves from the same base: exactly one wins.
  const both = await Promise.all([r.owner, r.member].map((u, i) => u.req('PATCH', `/api/room-notes/${r.noteId}`, { baseVersion: 3, body: `Gleichzeitig ${i}` })));
  expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
});

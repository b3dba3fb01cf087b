import { describe, expect, test } from 'vitest';
import { channels, conversations } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { multipartFile, useApi, type TestUser, type TestWorkspace } from '../../testing/harness.ts';

const api = useApi();

interface Hit {
  type: string; id: string; title: string; subtitle: string; score: number; link: string;
  excerpt?: { text: string; hit: boolean }[]; record?: { type: string; id: string };
}

/** An excerpt as text, the matched words in brackets. */
const marked = (h: Hit | undefined) => (h?.excerpt ?? []).map((p) => (p.hit ? `[${p.text}]` : p.text)).join('');

async function search(user: TestUser, q: string, extra = ''): Promise<Record<string, Hit[]>> {
  const res = await user.req('GET', `/api/search?q=${encodeURIComponent(q)}${extra}`);
  expect(res.status, res.text).toBe(200);
  return Object.fromEntries((res.body.groups as { type: string; items: Hit[] }[]).map((g) => [g.type, g.items]));
}

async function seed(ws: TestWorkspace) {
  const company = (await ws.admin.req('POST', '/api/companies', { name: 'Heizungsbau Schröder GmbH', addresses: [{ city: 'Köln' }] })).body;
  const person = (await ws.admin.req('POST', '/api/contacts', {
    firstName: 'Jürgen', lastName: 'Müller', emails: [{ value: 'j.mueller@example.de' }], companyId: company.id,
  })).body;
  await ws.admin.req('POST', '/api/contacts', { firstName: 'Katherine', lastName: 'Smith' });
  const task = (await ws.admin.req('POST', '/api/tasks', {
    title: 'Techniker für die Wartung buchen', dueAt: '2031-03-14T09:30:00Z', recordType: 'contact', recordId: person.id,
  })).body;
  return { company, person, task };
}

describe('global search', () => {
  test('finds people umlaut-tolerant, companies misspelt and tasks by a word of their title, grouped by type', async () => {
    const ws = await api.workspace();
    const { company, person, task } = await seed(ws);

    const muller = await search(ws.admin, 'Muller');
    expect(muller.contact?.[0]).toMatchObject({ type: 'contact', id: person.id, title: 'Jürgen Müller', subtitle: 'Heizungsbau Schröder GmbH · j.mueller@example.de' });
    expect(muller.contact?.map((h) => h.title)).not.toContain('Katherine Smith');
    expect((await search(ws.admin, 'mueller')).contact?.[0]?.id).toBe(person.id);

    const misspelt = await search(ws.admin, 'Heizngsbau Schroder');
    expect(misspelt.company?.[0]).toMatchObject({ id: company.id, title: 'Heizungsbau Schröder GmbH', subtitle: 'Köln · 1 person' });

    const wartung = await search(ws.admin, 'wartung');
    expect(wartung.task?.[0]).toMatchObject({ id: task.id, title: 'Techniker für die Wartung buchen', subtitle: '14 Mar 2031, 09:30 · admin user' });
    expect(wartung.contact).toBeUndefined();
    // A fragment inside a word, and the due date in the user's time zone.
    expect((await search(ws.admin, 'echnik', '&tz=Europe/Berlin')).task?.[0]?.subtitle).toBe('14 Mar 2031, 10:30 · admin user');

    for (const hits of [muller.contact!, misspelt.company!, wartung.task!]) {
      for (const h of hits) expect(h.score).toBeGreaterThan(0);
      expect(hits.map((h) => h.score)).toEqual([...hits.map((h) => h.score)].sort((a, b) => b - a));
    }
    expect(await search(ws.admin, 'Zyxwvut')).toEqual({});
  });

  test('an expert finds only their own tasks, never people or companies', async () => {
    const ws = await api.workspace();
    await seed(ws);
    const expert = await ws.user('expert');
    await ws.admin.req('POST', '/api/tasks', { title: 'Müller: Ersatzteil prüfen', assigneeId: expert.id });
    for (const q of ['Müller', 'Muller', 'mueller']) {
      const found = await search(expert, q);
      expect(Object.keys(found), q).toEqual(['task']);
      expect(found.task!.map((h) => h.title)).toEqual(['Müller: Ersatzteil prüfen']);
    }
    expect(await search(expert, 'Wartung')).toEqual({});
    expect(await search(expert, 'Heizungsbau')).toEqual({});
  });

  test('stays inside the workspace and refuses an empty query', async () => {
    const ws = await api.workspace();
    await seed(ws);
    const other = await api.workspace();
    expect(await search(other.admin, 'Müller')).toEqual({});
    expect(await search(other.admin, 'Wartung')).toEqual({});
    const empty = await ws.admin.req('GET', '/api/search?q=%20');
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('validation_failed');
    expect(await search(ws.admin, '!!!')).toEqual({});
  });
});

/** A conversation of the workspace (written as rows: these tests are about search, not ingestion). */
async function conversation(ws: TestWorkspace, subject: string): Promise<string> {
  const channelId = newId();
  await api.deps.db.insert(channels).values({ workspaceId: ws.id, id: channelId, network: 'facebook', externalId: `page-${channelId}`, name: 'Facebook' });
  const id = newId();
  await api.deps.db.insert(conversations).values({ workspaceId: ws.id, id, channelId, kind: 'public', threadKey: `t_${id}`, subject });
  return id;
}

async function ok(res: Promise<{ status: number; text: string; body: any }>, status = 201) {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
}

describe('global search over comments, room posts and document names', () => {
  test('finds comments by a word (any umlaut spelling, stem or prefix), marks it, and links to the comment on its record', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const person = await ok(ws.admin.req('POST', '/api/contacts', { firstName: 'Jana', lastName: 'Schulte' }));
    const company = await ok(ws.admin.req('POST', '/api/companies', { name: 'Stadtwerke Bochum' }));
    const conversationId = await conversation(ws, 'Heizung ausgefallen');
    const onPerson = await ok(agent.req('POST', `/api/records/contact/${person.id}/comments`, { body: `Die **Wärmepumpe** von @[agent user](user:${agent.id}) macht Geräusche, bitte #Rückruf` }));
    const onCompany = await ok(agent.req('POST', `/api/records/company/${company.id}/comments`, { body: 'Rahmenvertrag für zwölf Wärmepumpen verlängert' }));
    const onConversation = await ok(agent.req('POST', `/api/records/conversation/${conversationId}/comments`, { body: 'Kunde wartet auf den Techniker' }));
    const gone = await ok(agent.req('POST', `/api/records/contact/${person.id}/comments`, { body: 'Wärmepumpe doppelt notiert' }));
    await ok(agent.req('DELETE', `/api/comments/${gone.id}`), 204);

    for (const q of ['Wärmepumpe', 'warmepumpe', 'Waermepumpe', 'wärmepumpen', 'Wärmep']) {
      const found = (await search(agent, q)).comment ?? [];
      expect(found.map((h) => h.id).sort(), q).toEqual([onPerson.id, onCompany.id].sort());
    }
    const hit = (await search(agent, 'Wärmepumpe geräusche')).comment!;
    expect(hit).toHaveLength(1);
    expect(hit[0]).toMatchObject({
      type: 'comment', id: onPerson.id, title: 'Jana Schulte', record: { type: 'contact', id: person.id },
      link: `/people/${person.id}#comment-${onPerson.id}`,
    });
    expect(hit[0]!.subtitle).toMatch(/^Person · agent user · /);
    expect(marked(hit[0])).toBe('Die [Wärmepumpe] von @agent user macht [Geräusche], bitte #Rückruf');
    expect(hit[0]!.score).toBeGreaterThan(0);

    const onFirm = (await search(agent, 'Rahmenvertrag')).comment!;
    expect(onFirm.map((h) => [h.title, h.link])).toEqual([['Stadtwerke Bochum', `/companies/${company.id}#comment-${onCompany.id}`]]);
    const onThread = (await search(agent, 'Techniker')).comment!;
    expect(onThread.map((h) => [h.title, h.link, h.record?.type])).toEqual([['Heizung ausgefallen', `/inbox/${conversationId}#comment-${onConversation.id}`, 'conversation']]);
    expect((await search(agent, 'doppelt')).comment).toBeUndefined();

    // Edited text is what is found.
    await ok(agent.req('PATCH', `/api/comments/${onConversation.id}`, { body: 'Kunde wartet auf den Monteur' }), 200);
    expect((await search(agent, 'Techniker')).comment).toBeUndefined();
    expect((await search(agent, 'Monteur')).comment?.[0]?.id).toBe(onConversation.id);

    // Another workspace finds none of it.
    const other = await api.workspace();
    expect(await search(other.admin, 'Wärmepumpe')).toEqual({});
  });

  test('finds room posts and document names; a private room\'s are found by its members and admins only', async () => {
    const ws = await api.workspace();
    const owner = await ws.user('agent');
    const member = await ws.user('sales');
    const outsider = await ws.user('manager');
    const open = await ok(owner.req('POST', '/api/rooms', { name: 'Service Nord', visibility: 'public' }));
    const closed = await ok(owner.req('POST', '/api/rooms', { name: 'Geheimprojekt', visibility: 'private' }));
    await ok(owner.req('POST', `/api/rooms/${closed.id}/members`, { userId: member.id }), 200);
    const openPost = await ok(owner.req('POST', `/api/rooms/${open.id}/posts`, { body: 'Die Zebrakreuzung vor dem Lager ist **gesperrt**' }));
    const reply = await ok(owner.req('POST', `/api/rooms/${open.id}/posts`, { body: 'Zebrakreuzung wieder frei', parentId: openPost.id }));
    const secretPost = await ok(member.req('POST', `/api/rooms/${closed.id}/posts`, { body: 'Okapi startet im Mai, Zebrakreuzung egal' }));
    const file = (name: string) => multipartFile(name, Buffer.from('%PDF-1.4 test'), 'application/pdf');
    const openDoc = file('Preisliste Zebra 2026.pdf');
    const doc = await ok(owner.req('POST', `/api/rooms/${open.id}/documents`, openDoc.body, openDoc.headers));
    const closedDoc = file('Okapi-Plan.pdf');
    const secretDoc = await ok(owner.req('POST', `/api/rooms/${closed.id}/documents`, closedDoc.body, closedDoc.headers));
    const secretComment = await ok(member.req('POST', `/api/records/room/${closed.id}/comments`, { body: 'Okapi-Budget freigegeben' }));
    const docComment = await ok(member.req('POST', `/api/records/document/${secretDoc.id}/comments`, { body: 'Okapi Seite 2 prüfen' }));

    const zebra = await search(outsider, 'Zebrakreuzung');
    expect(zebra.room_post?.map((h) => h.id).sort()).toEqual([openPost.id, reply.id].sort());
    const post = zebra.room_post!.find((h) => h.id === openPost.id)!;
    expect(post).toMatchObject({ title: 'Service Nord', link: `/rooms/${open.id}#post-${openPost.id}` });
    expect(post.subtitle).toMatch(/^agent user · /);
    expect(marked(post)).toBe('Die [Zebrakreuzung] vor dem Lager ist gesperrt');
    const docs = (await search(outsider, 'preisliste')).document!;
    expect(docs.map((h) => [h.id, h.title, h.link])).toEqual([[doc.id, 'Preisliste Zebra 2026.pdf', `/rooms/${open.id}?tab=documents&document=${doc.id}#document-${doc.id}`]]);
    expect(docs[0]!.subtitle).toMatch(/^Service Nord · /);
    expect((await search(outsider, 'Preisliste Zebr')).document?.[0]?.id).toBe(doc.id);

    // Not a member: nothing of the private room, by any word.
    for (const q of ['Okapi', 'okapi-plan', 'Okapi-Budget']) expect(await search(outsider, q), q).toEqual({});
    expect(zebra.room_post!.map((h) => h.id)).not.toContain(secretPost.id);
    // Members and admins find its post, its document and the comments on both.
    for (const user of [member, owner, ws.admin]) {
      const found = await search(user, 'Okapi');
      expect(found.room_post?.map((h) => h.id), user.role).toEqual([secretPost.id]);
      expect(found.document?.map((h) => h.id), user.role).toEqual([secretDoc.id]);
      expect(found.comment?.map((h) => h.id).sort(), user.role).toEqual([secretComment.id, docComment.id].sort());
    }
    const onDoc = (await search(member, 'Seite prüfen')).comment!;
    expect(onDoc.map((h) => [h.title, h.link])).toEqual([['Okapi-Plan.pdf', `/rooms/${closed.id}?tab=documents&document=${secretDoc.id}#comment-${docComment.id}`]]);

    // A deleted post leaves the search; leaving the room hides the rest.
    await ok(member.req('DELETE', `/api/room-posts/${secretPost.id}`), 204);
    expect((await search(member, 'Okapi startet')).room_post).toBeUndefined();
    await ok(member.req('DELETE', `/api/rooms/${closed.id}/members/${member.id}`), 204);
    expect(await search(member, 'Okapi')).toEqual({});
  });

  test('an expert finds comments of the conversations they were consulted on, and of no other record', async () => {
    const ws = await api.workspace();
    const agent = await ws.user('agent');
    const expert = await ws.user('expert');
    const person = await ok(ws.admin.req('POST', '/api/contacts', { firstName: 'Jana', lastName: 'Schulte' }));
    const asked = await conversation(ws, 'Kompressor laut');
    const notAsked = await conversation(ws, 'Kompressor defekt');
    const seen = await ok(agent.req('POST', `/api/records/conversation/${asked}/comments`, { body: 'Kompressor tauschen?' }));
    const unseen = await ok(agent.req('POST', `/api/records/conversation/${notAsked}/comments`, { body: 'Kompressor ist Garantiefall' }));
    await ok(agent.req('POST', `/api/records/contact/${person.id}/comments`, { body: 'Kompressor bestellt' }));

    expect(await search(expert, 'Kompressor')).toEqual({});
    await ok(agent.req('POST', `/api/conversations/${asked}/consults`, { expertUserId: expert.id, question: 'Tauschen?' }));
    const found = await search(expert, 'Kompressor');
    expect(Object.keys(found)).toEqual(['comment']);
    expect(found.comment!.map((h) => h.id)).toEqual([seen.id]);
    expect((await search(expert, 'Garantiefall')).comment).toBeUndefined();
    // The agent reads every conversation and the person.
    expect((await search(agent, 'Kompressor')).comment?.map((h) => h.id)).toHaveLength(3);
    expect((await search(agent, 'Garantiefall')).comment?.map((h) => h.id)).toEqual([unseen.id]);
  });
});

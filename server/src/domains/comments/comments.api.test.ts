import { and, eq } from 'drizzle-orm';
import { expect, test } from 'vitest';
import { channels, conversations, events, hashtagUses } from '../../db/schema.ts';
import { newId } from '../../lib/ids.ts';
import { eventually, multipartFile, useApi, type TestWorkspace } from '../../testing/harness.ts';

const api = useApi();

async function setup() {
  const ws = await api.workspace();
  const agent = await ws.user('agent');
  const sales = await ws.user('sales');
  const expert = await ws.user('expert');
  const contact = await ws.admin.req('POST', '/api/contacts', { firstName: 'Jana', lastName: 'Schulte' });
  expect(contact.status, contact.text).toBe(201);
  const company = await ws.admin.req('POST', '/api/companies', { name: 'Stadtwerke Bochum' });
  expect(company.status, company.text).toBe(201);
  const channelId = newId();
  await api.deps.db.insert(channels).values({ workspaceId: ws.id, id: channelId, network: 'facebook', externalId: `page-${channelId}`, name: 'Facebook' });
  const conversationId = newId();
  await api.deps.db.insert(conversations).values({ workspaceId: ws.id, id: conversationId, channelId, kind: 'public', threadKey: `t_${conversationId}`, preview: 'Heizung kaputt' });
  return { ws, agent, sales, expert, contactId: contact.body.id as string, companyId: company.body.id as string, conversationId };
}

async function eventsOf(ws: TestWorkspace, subjectId: string) {
  return api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.subjectId, subjectId)));
}

test('comment CRUD on a contact: Markdown rendered safely, mentions and hashtags in the events', async () => {
  const { ws, agent, sales, contactId } = await setup();
  const team = await ws.admin.req('POST', '/api/teams', { name: `Vertrieb ${newId().slice(-4)}`, memberIds: [sales.id] });
  expect(team.status, team.text).toBe(201);
  const body = `**Wichtig**: @[Agent](user:${agent.id}) und @[Vertrieb](team:${team.body.id}) bitte zur #Wärmepumpe melden <script>alert(1)</script>`;
  const created = await sales.req('POST', `/api/records/contact/${contactId}/comments`, { body });
  expect(created.status, created.text).toBe(201);
  const c = created.body;
  expect(c.bodyHtml).toContain('<strong>Wichtig</strong>');
  expect(c.bodyHtml).toContain(`data-user-id="${agent.id}"`);
  expect(c.bodyHtml).toContain('href="/hashtags/w%C3%A4rmepumpe"');
  expect(c.bodyHtml).not.toContain('<script');
  expect(c.mentions).toEqual({ userIds: [agent.id], teamIds: [team.body.id] });
  expect(c.hashtags).toEqual(['wärmepumpe']);
  expect(c.abilities).toEqual({ edit: true, delete: true });

  const [ev] = await eventsOf(ws, c.id);
  expect(ev!.type).toBe('comment.created');
  expect(ev!.payload).toMatchObject({ recordType: 'contact', recordId: contactId, mentions: { userIds: [agent.id], teamIds: [team.body.id] }, hashtags: ['wärmepumpe'], related: [{ type: 'contact', id: contactId }] });

  const list = await agent.req('GET', `/api/records/contact/${contactId}/comments`);
  expect(list.status).toBe(200);
  expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  expect(list.body.items[0].abilities).toEqual({ edit: false, delete: false });
  expect(list.body.items[0].author).toEqual({ id: sales.id, name: 'sales user' });

  // Only the author or an admin changes it.
  expect((await agent.req('PATCH', `/api/comments/${c.id}`, { body: 'nein' })).status).toBe(403);
  const edited = await sales.req('PATCH', `/api/comments/${c.id}`, { body: 'Erledigt #Rückruf' });
  expect(edited.status, edited.text).toBe(200);
  expect(edited.body.hashtags).toEqual(['rückruf']);
  expect(edited.body.editedAt).not.toBeNull();
  const uses = await api.deps.db.select().from(hashtagUses).where(eq(hashtagUses.workspaceId, ws.id));
  expect(uses.map((u) => [u.tag, u.displayTag, u.teamId])).toEqual([['rückruf', 'Rückruf', team.body.id]]);

  expect((await agent.req('DELETE', `/api/comments/${c.id}`)).status).toBe(403);
  expect((await ws.admin.req('DELETE', `/api/comments/${c.id}`)).status).toBe(204);
  expect((await agent.req('GET', `/api/records/contact/${contactId}/comments`)).body.items).toEqual([]);
  expect((await sales.req('PATCH', `/api/comments/${c.id}`, { body: 'x' })).status).toBe(404);
  expect((await eventsOf(ws, c.id)).map((e) => e.type).sort()).toEqual(['comment.created', 'comment.deleted', 'comment.updated']);
  expect(await api.deps.db.select().from(hashtagUses).where(eq(hashtagUses.workspaceId, ws.id))).toEqual([]);
});

test('authorization per record type: experts, other workspaces, unknown records', async () => {
  const { ws, agent, expert, contactId, companyId, conversationId } = await setup();
  for (const [type, id] of [['contact', contactId], ['company', companyId], ['conversation', conversationId]] as const) {
    const res = await agent.req('POST', `/api/records/${type}/${id}/comments`, { body: `Notiz zu ${type}` });
    expect(res.status, `${type}: ${res.text}`).toBe(201);
  }
  // An expert reads no contact, and a conversation only once consulted on it.
  expect((await expert.req('GET', `/api/records/contact/${contactId}/comments`)).status).toBe(403);
  expect((await expert.req('GET', `/api/records/conversation/${conversationId}/comments`)).status).toBe(404);
  expect((await expert.req('POST', `/api/records/conversation/${conversationId}/comments`, { body: 'hallo' })).status).toBe(404);
  const consult = await agent.req('POST', `/api/conversations/${conversationId}/consults`, { expertUserId: expert.id, question: 'Garantie?' });
  expect(consult.status, consult.text).toBe(201);
  const seen = await expert.req('GET', `/api/records/conversation/${conversationId}/comments`);
  expect(seen.status).toBe(200);
  expect(seen.body.items).toHaveLength(1);
  expect((await expert.req('POST', `/api/records/conversation/${conversationId}/comments`, { body: 'Ja, #Garantiefall' })).status).toBe(201);

  // Another workspace sees nothing of these records, comments or attachments.
  const other = await api.workspace();
  expect((await other.admin.req('GET', `/api/records/contact/${contactId}/comments`)).status).toBe(404);
  expect((await other.admin.req('POST', `/api/records/company/${companyId}/comments`, { body: 'x' })).status).toBe(404);
  const mine = (await agent.req('GET', `/api/records/company/${companyId}/comments`)).body.items[0];
  expect((await other.admin.req('PATCH', `/api/comments/${mine.id}`, { body: 'x' })).status).toBe(404);
  expect((await other.admin.req('DELETE', `/api/comments/${mine.id}`)).status).toBe(404);
  expect((await agent.req('GET', `/api/records/contact/${newId()}/comments`)).status).toBe(404);
  expect((await agent.req('GET', `/api/records/lead/${contactId}/comments`)).status).toBe(400);
  expect((await agent.req('GET', `/api/records/room/${newId()}/comments`)).status).toBe(404);
  expect((await api.anon('GET', `/api/records/contact/${contactId}/comments`)).status).toBe(401);
  expect((await agent.req('POST', `/api/records/contact/${contactId}/comments`, { body: '   ' })).status).toBe(400);
  void ws;
});

test('attachments: stored, served to readers only, size and type refused', async () => {
  const { ws, agent, sales, expert, contactId } = await setup();
  const c = (await sales.req('POST', `/api/records/contact/${contactId}/comments`, { body: 'Angebot anbei' })).body;
  const pdf = multipartFile('Angebot 2026.pdf', Buffer.from('%PDF-1.4 Angebot'), 'application/pdf');
  const up = await sales.req('POST', `/api/comments/${c.id}/attachments`, pdf.body, pdf.headers);
  expect(up.status, up.text).toBe(201);
  const att = up.body.attachments[0];
  expect(att).toMatchObject({ name: 'Angebot 2026.pdf', contentType: 'application/pdf', size: 16 });
  const got = await agent.req('GET', att.url);
  expect(got.status).toBe(200);
  expect(got.text).toBe('%PDF-1.4 Angebot');
  expect(got.headers['content-type']).toBe('application/pdf');
  expect(got.headers['x-content-type-options']).toBe('nosniff');
  expect((await expert.req('GET', att.url)).status).toBe(404);
  const other = await api.workspace();
  expect((await other.admin.req('GET', att.url)).status).toBe(404);

  const html = multipartFile('x.html', '<script>alert(1)</script>', 'text/html');
  const refused = await sales.req('POST', `/api/comments/${c.id}/attachments`, html.body, html.headers);
  expect(refused.status).toBe(400);
  expect(refused.body.error.code).toBe('attachment_type_not_allowed');
  const big = multipartFile('big.pdf', Buffer.alloc(10 * 1024 * 1024 + 10, 1), 'application/pdf');
  const tooBig = await sales.req('POST', `/api/comments/${c.id}/attachments`, big.body, big.headers);
  expect(tooBig.status).toBe(413);
  expect(tooBig.body.error.code).toBe('attachment_too_large');
  expect((await agent.req('POST', `/api/comments/${c.id}/attachments`, pdf.body, pdf.headers)).status).toBe(403);
  void ws;
});

test('a hashtag page counts per week, record type, team and co-occurring tags; admins rename and merge', async () => {
  const { ws, agent, sales, contactId, companyId, conversationId } = await setup();
  const team = await ws.admin.req('POST', '/api/teams', { name: `Service ${newId().slice(-4)}`, memberIds: [agent.id] });
  await agent.req('POST', `/api/records/contact/${contactId}/comments`, { body: '#Heizung fällt aus, #Notdienst' });
  await agent.req('POST', `/api/records/conversation/${conversationId}/comments`, { body: 'Wieder #heizung und #Notdienst' });
  await sales.req('POST', `/api/records/company/${companyId}/comments`, { body: 'Vertrag #Heizung #Wartung' });
  // One use dated five weeks back: it lands in its own week.
  const old = await sales.req('POST', `/api/records/company/${companyId}/comments`, { body: 'Alt: #Heizung' });
  const past = new Date(Date.now() - 35 * 86400_000);
  await api.deps.db.update(hashtagUses).set({ createdAt: past }).where(and(eq(hashtagUses.workspaceId, ws.id), eq(hashtagUses.sourceId, old.body.id)));

  const page = await agent.req('GET', '/api/hashtags/%23Heizung');
  expect(page.status, page.text).toBe(200);
  const p = page.body;
  expect(p.tag).toBe('heizung');
  expect(p.total).toBe(4);
  expect(p.weeks).toHaveLength(26);
  expect(p.weeks.at(-1).count).toBe(3);
  expect(p.weeks.at(-6).count).toBe(1);
  expect(p.weeks.reduce((n: number, w: { count: number }) => n + w.count, 0)).toBe(4);
  expect(p.byRecordType).toEqual([{ recordType: 'company', count: 2 }, { recordType: 'contact', count: 1 }, { recordType: 'conversation', count: 1 }].sort((a, b) => b.count - a.count || 0));
  expect(p.byTeam).toEqual(expect.arrayContaining([{ teamId: team.body.id, name: team.body.name, count: 2 }, { teamId: null, name: null, count: 2 }]));
  expect(p.related).toEqual([{ tag: 'notdienst', count: 2 }, { tag: 'wartung', count: 1 }]);
  expect(p.uses).toHaveLength(4);
  expect(p.uses[0].link).toMatch(new RegExp(`^/(people|companies|inbox)/[0-9a-f-]+#comment-`));

  const suggest = await agent.req('GET', '/api/hashtags?q=he');
  expect(suggest.body.items[0]).toMatchObject({ tag: 'heizung', count: 4 });

  // Rename: admins only; merge into an existing tag keeps one use per source.
  expect((await agent.req('POST', '/api/hashtags/notdienst/rename', { to: 'Bereitschaft' })).status).toBe(403);
  const merged = await ws.admin.req('POST', '/api/hashtags/notdienst/merge', { to: '#Heizung' });
  expect(merged.status, merged.text).toBe(200);
  expect(merged.body).toMatchObject({ tag: 'heizung', comments: 2 });
  const after = (await agent.req('GET', '/api/hashtags/heizung')).body;
  expect(after.total).toBe(4);
  expect(after.related).toEqual([{ tag: 'wartung', count: 1 }]);
  expect((await agent.req('GET', '/api/hashtags/notdienst')).body.total).toBe(0);
  const onContact = (await agent.req('GET', `/api/records/contact/${contactId}/comments`)).body.items[0];
  expect(onContact.body).toBe('#Heizung fällt aus, #Heizung');
  expect(onContact.hashtags).toEqual(['heizung']);
  const renamed = await ws.admin.req('POST', '/api/hashtags/wartung/rename', { to: 'Inspektion' });
  expect(renamed.body).toMatchObject({ tag: 'inspektion', uses: 1, comments: 1 });
  const onCompany = (await agent.req('GET', `/api/records/company/${companyId}/comments`)).body.items[0];
  expect(onCompany.bodyHtml).toContain('href="/hashtags/inspektion"');
  const audit = await api.deps.db.select().from(events).where(and(eq(events.workspaceId, ws.id), eq(events.type, 'hashtag.renamed')));
  expect(audit).toHaveLength(2);
  expect((await ws.admin.req('POST', '/api/hashtags/x/rename', { to: '123' })).status).toBe(400);
});

test('hashtags of internal notes count on the hashtag page, linked to their conversation', async () => {
  const { agent, conversationId } = await setup();
  const note = await agent.req('POST', `/api/conversations/${conversationId}/notes`, { text: 'Kunde meldet #Garantiefall, siehe #Heizung' });
  expect(note.status, note.text).toBe(201);
  const page = await eventually(async () => {
    const p = (await agent.req('GET', '/api/hashtags/garantiefall')).body;
    expect(p.total).toBe(1);
    return p;
  });
  expect(page.uses[0]).toMatchObject({ sourceKind: 'note', sourceId: note.body.id, recordType: 'conversation', recordId: conversationId, displayTag: 'Garantiefall', link: `/inbox/${conversationId}` });
  expect(page.related).toEqual([{ tag: 'heizung', count: 1 }]);
});

test('room posts count on the hashtag page, linked to the post; a private room\'s only for its members', async () => {
  const { ws, agent, sales } = await setup();
  const outsider = await ws.user('manager');
  const team = await ws.admin.req('POST', '/api/teams', { name: `Service ${newId().slice(-4)}`, memberIds: [agent.id] });
  const open = (await agent.req('POST', '/api/rooms', { name: 'Service Nord', visibility: 'public' })).body;
  const closed = (await agent.req('POST', '/api/rooms', { name: 'Geheim', visibility: 'private' })).body;
  expect((await agent.req('POST', `/api/rooms/${closed.id}/members`, { userId: sales.id })).status).toBe(200);
  const post = await agent.req('POST', `/api/rooms/${open.id}/posts`, { body: 'Neue #Wärmepumpe im Lager, siehe #Lager' });
  expect(post.status, post.text).toBe(201);
  const secret = await sales.req('POST', `/api/rooms/${closed.id}/posts`, { body: 'Angebot zur #wärmepumpe, #Geheimsache' });
  expect(secret.status, secret.text).toBe(201);
  await agent.req('POST', `/api/records/contact/${(await setupContact(ws))}/comments`, { body: 'Kundin fragt nach #Wärmepumpe' });

  const member = await eventually(async () => {
    const p = (await sales.req('GET', '/api/hashtags/w%C3%A4rmepumpe')).body;
    expect(p.total).toBe(3);
    return p;
  });
  expect(member.byRecordType).toEqual(expect.arrayContaining([{ recordType: 'room', count: 2 }, { recordType: 'contact', count: 1 }]));
  expect(member.related).toEqual([{ tag: 'geheimsache', count: 1 }, { tag: 'lager', count: 1 }]);
  const use = member.uses.find((u: { sourceId: string }) => u.sourceId === post.body.id);
  expect(use).toMatchObject({ sourceKind: 'post', recordType: 'room', recordId: open.id, displayTag: 'Wärmepumpe', teamId: team.body.id, link: `/rooms/${open.id}#post-${post.body.id}` });
  // Not a member of the private room: its post does not count, nor show.
  const other = (await outsider.req('GET', '/api/hashtags/w%C3%A4rmepumpe')).body;
  expect(other.total).toBe(2);
  expect(other.uses.map((u: { sourceId: string }) => u.sourceId)).not.toContain(secret.body.id);
  expect(other.byRecordType).toEqual(expect.arrayContaining([{ recordType: 'room', count: 1 }]));
  expect(other.related).toEqual([{ tag: 'lager', count: 1 }]);
  // Nor in the editor's autocomplete.
  expect((await outsider.req('GET', '/api/hashtags?q=w%C3%A4r')).body.items).toEqual([{ tag: 'wärmepumpe', display: expect.any(String), count: 2 }]);
  expect((await outsider.req('GET', '/api/hashtags?q=geheim')).body.items).toEqual([]);
  expect((await sales.req('GET', '/api/hashtags?q=geheim')).body.items).toEqual([{ tag: 'geheimsache', display: 'Geheimsache', count: 1 }]);
  // An expert reads no contact: the comment on one does not count for them.
  const expert = await ws.user('expert');
  expect((await expert.req('GET', '/api/hashtags/w%C3%A4rmepumpe')).body.total).toBe(1);

  // Editing a post moves its tags; deleting it removes them.
  expect((await agent.req('PATCH', `/api/room-posts/${post.body.id}`, { body: 'Nur noch #Lager' })).status).toBe(200);
  await eventually(async () => expect((await outsider.req('GET', '/api/hashtags/w%C3%A4rmepumpe')).body.total).toBe(1));
  expect((await outsider.req('GET', '/api/hashtags/lager')).body.total).toBe(1);
  expect((await agent.req('DELETE', `/api/room-posts/${post.body.id}`)).status).toBe(204);
  await eventually(async () => expect((await outsider.req('GET', '/api/hashtags/lager')).body.total).toBe(0));

  // An admin renames the tag: the room post's use moves with the comments'.
  const renamed = await ws.admin.req('POST', '/api/hashtags/w%C3%A4rmepumpe/rename', { to: 'Heizsystem' });
  expect(renamed.status, renamed.text).toBe(200);
  expect(renamed.body).toMatchObject({ tag: 'heizsystem', uses: 2, comments: 1 });
  expect((await sales.req('GET', '/api/hashtags/heizsystem')).body.uses.map((u: { sourceId: string }) => u.sourceId)).toContain(secret.body.id);
});

async function setupContact(ws: TestWorkspace): Promise<string> {
  const c = await ws.admin.req('POST', '/api/contacts', { firstName: 'Petra', lastName: 'Lang' });
  expect(c.status, c.text).toBe(201);
  return c.body.id;
}

test('renaming or merging a tag used nowhere, or merging into one used nowhere, is refused', async () => {
  const { ws, agent, contactId } = await setup();
  await agent.req('POST', `/api/records/contact/${contactId}/comments`, { body: '#Heizung und #Wartung' });
  const unknown = await ws.admin.req('POST', '/api/hashtags/nirgends/rename', { to: 'Irgendwo' });
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('hashtag_not_found');
  const intoNothing = await ws.admin.req('POST', '/api/hashtags/heizung/merge', { to: 'Nirgends' });
  expect(intoNothing.status).toBe(404);
  expect(intoNothing.body.error.code).toBe('hashtag_target_not_found');
  expect((await ws.admin.req('POST', '/api/hashtags/heizung/merge', { to: 'heizung' })).body.error.code).toBe('hashtag_same');
  expect((await agent.req('POST', '/api/hashtags/heizung/merge', { to: 'Wartung' })).status).toBe(403);
  const merged = await ws.admin.req('POST', '/api/hashtags/heizung/merge', { to: 'Wartung' });
  expect(merged.status, merged.text).toBe(200);
  expect(merged.body).toMatchObject({ tag: 'wartung', uses: 0, comments: 1 });
  const c = (await agent.req('GET', `/api/records/contact/${contactId}/comments`)).body.items[0];
  expect(c.body).toBe('#Wartung und #Wartung');
  expect((await agent.req('GET', '/api/hashtags/wartung')).body.total).toBe(1);
});

test('editing a comment adds and removes attachments; removed files are gone', async () => {
  const { ws, agent, sales, contactId } = await setup();
  const c = (await sales.req('POST', `/api/records/contact/${contactId}/comments`, { body: `Angebot anbei, @[agent user](user:${agent.id})` })).body;
  const first = multipartFile('Angebot.pdf', Buffer.from('%PDF-1.4 eins'), 'application/pdf');
  const second = multipartFile('Notiz.txt', 'zwei', 'text/plain');
  expect((await sales.req('POST', `/api/comments/${c.id}/attachments`, first.body, first.headers)).status).toBe(201);
  const edited = await sales.req('PATCH', `/api/comments/${c.id}`, { body: `Angebot und Notiz anbei, @[agent user](user:${agent.id})` });
  expect(edited.status).toBe(200);
  const added = await sales.req('POST', `/api/comments/${c.id}/attachments`, second.body, second.headers);
  expect(added.status, added.text).toBe(201);
  expect(added.body.attachments.map((a: { name: string }) => a.name)).toEqual(['Angebot.pdf', 'Notiz.txt']);
  const [pdf, txt] = added.body.attachments as { key: string; url: string }[];

  // Only the author or an admin removes one; another workspace and unknown keys are not found.
  expect((await agent.req('DELETE', `/api/comments/${c.id}/attachments/${pdf!.key}`)).status).toBe(403);
  const other = await api.workspace();
  expect((await other.admin.req('DELETE', `/api/comments/${c.id}/attachments/${pdf!.key}`)).status).toBe(404);
  const unknown = await sales.req('DELETE', `/api/comments/${c.id}/attachments/${newId()}`);
  expect(unknown.status).toBe(404);
  expect(unknown.body.error.code).toBe('attachment_not_found');
  expect((await sales.req('DELETE', `/api/comments/${c.id}/attachments/not-a-key`)).status).toBe(400);

  const removed = await sales.req('DELETE', `/api/comments/${c.id}/attachments/${pdf!.key}`);
  expect(removed.status, removed.text).toBe(200);
  expect(removed.body.attachments.map((a: { name: string }) => a.name)).toEqual(['Notiz.txt']);
  expect((await agent.req('GET', pdf!.url)).status).toBe(404);
  expect((await agent.req('GET', txt!.url)).text).toBe('zwei');
  expect((await ws.admin.req('DELETE', `/api/comments/${c.id}/attachments/${txt!.key}`)).body.attachments).toEqual([]);
  expect((await agent.req('GET', `/api/records/contact/${contactId}/comments`)).body.items[0].attachments).toEqual([]);
  const updates = (await eventsOf(ws, c.id)).filter((e) => e.type === 'comment.updated').map((e) => e.payload as Record<string, unknown>);
  expect(updates.filter((p) => p.attachmentRemoved).map((p) => (p.attachmentRemoved as { name: string }).name).sort()).toEqual(['Angebot.pdf', 'Notiz.txt']);
  // A file added or removed mentions nobody anew: the mention is in `before` too, so no notification repeats.
  for (const p of updates) expect(p.before, JSON.stringify(p)).toMatchObject({ mentions: { userIds: [agent.id], teamIds: [] } });
});
